/** @jest-environment ./sim/env/jsdom.js */
// Render tests of room.ttml itself: the real page, store and services on the simulated Douyin runtime,
// the template rendered by miniprogram-simulate (tt: → wx:), <rtc-room> stubbed. They check that the
// template binds to the page data, and that taps reach the store (observed as platform calls).
import { Privilege } from '../../server/src/token/access-token';
import { renderPage, startSimRuntime, type RenderedPage, type SimRuntime } from '../../sim/render/render-page';

let rt: SimRuntime;
let page: RenderedPage | null;

beforeEach(() => {
  jest.useFakeTimers();
  rt = startSimRuntime();
  page = null;
});

afterEach(async () => {
  if (page) {
    page.unload();
    await page.settle(200);
  }
  rt.dispose();
  jest.useRealTimers();
});

function validQuery(): Record<string, string> {
  return { roomId: 'room-1', userId: 'me', token: encodeURIComponent(rt.cloud.mintToken('room-1', 'me')) };
}

async function joinedRoom(): Promise<RenderedPage> {
  page = renderPage('pages/room/room', { query: validQuery() });
  await page.settle();
  expect(page.data.phase).toBe('joined');
  return page;
}

test('one tile per remote member, with the right <rtc-room> mode or an avatar when the camera is off', async () => {
  const p = await joinedRoom();
  rt.cloud.addRemote('room-1', 'bob', { camera: true, mic: true, platform: 'web' });
  rt.cloud.addRemote('room-1', 'carol', { camera: false, mic: true });
  rt.cloud.addRemote('room-1', 'dave', { camera: true, mic: true, speaking: true });
  await p.settle();

  expect(p.text('#member-count')).toBe('4 人');
  const remotes = p.$$('.remote-tile');
  expect(remotes.map((t) => t.dom.getAttribute('data-user-id'))).toEqual(['bob', 'carol', 'dave']);
  expect(p.rtcRooms().map((r) => [r.userId, r.mode])).toEqual([
    ['me', 'camera'],
    ['bob', 'video'],
    ['dave', 'video'],
  ]);
  // carol: placeholder with initials, no video window
  expect(p.rtcRooms(remotes[1])).toEqual([]);
  expect(remotes[1].dom.querySelector('.tile-avatar')!.textContent).toBe('CA');
  // dave: speaking frame and the honest label
  expect(remotes[2].dom.getAttribute('class')).toContain('tile--speaking');
  expect(remotes[2].dom.querySelector('.tile-badge')!.textContent).toBe('正在说话');
  expect(p.$('#stage')).toBeFalsy();
  // Me and three others: two columns, two rows.
  expect(p.$('#tiles')!.dom.getAttribute('class')).toBe('grid grid--c2');
});

test('a remote screen share goes on stage (mode="screen"); the tiles become a strip', async () => {
  const p = await joinedRoom();
  const bob = rt.cloud.addRemote('room-1', 'bob', { camera: true, platform: 'web' });
  await p.settle();
  bob.startScreenShare();
  await p.settle();

  const stage = p.$('#stage')!;
  expect(p.rtcRooms(stage).map((r) => [r.userId, r.mode, r.className])).toEqual([['bob', 'screen', 'stage-video']]);
  expect(p.text('.stage-label')).toBe('bob 的屏幕共享 · 点击全屏');
  expect(p.$('#tiles')!.dom.getAttribute('class')).toBe('strip');
  bob.stopScreenShare();
  await p.settle();
  expect(p.$('#stage')).toBeFalsy();
});

test('tapping the share shows it full screen (one screen window, rotated box); tapping again returns; the share ending returns too', async () => {
  const p = await joinedRoom();
  const bob = rt.cloud.addRemote('room-1', 'bob', { camera: true, platform: 'web' });
  const eve = rt.cloud.addRemote('room-1', 'eve', { platform: 'web' });
  bob.startScreenShare();
  await p.settle();
  eve.startScreenShare();
  await p.settle();
  await p.tap('#stage');
  await p.settle();
  expect(p.$('#stage')).toBeFalsy();
  const full = p.$('#stage-full')!;
  expect(p.rtcRooms(full).map((r) => [r.userId, r.mode])).toEqual([['eve', 'screen']]);
  expect(p.rtcRooms().filter((r) => r.mode === 'screen')).toHaveLength(1);
  // The other sharer is one tap away, without leaving full screen.
  expect(p.text('.stage-full-others .chip')).toBe('看 bob 的共享');
  await p.tap('.stage-full-others .chip');
  await p.settle();
  expect(p.rtcRooms(p.$('#stage-full')!).map((r) => r.userId)).toEqual(['bob']);
  await p.tap('#stage-full');
  await p.settle();
  expect(p.$('#stage-full')).toBeFalsy();
  expect(p.$('#stage')).toBeTruthy();
  await p.tap('#stage');
  await p.settle();
  bob.stopScreenShare();
  eve.stopScreenShare();
  await p.settle();
  expect(p.$('#stage-full')).toBeFalsy();
  bob.startScreenShare();
  await p.settle();
  expect(p.$('#stage-full')).toBeFalsy();
  expect(p.$('#stage')).toBeTruthy();
});

test('a 20-person room: pages of six, an indicator, arrows and swipes; only the page shown is rendered', async () => {
  const p = await joinedRoom();
  for (let i = 1; i <= 19; i++) rt.cloud.addRemote('room-1', `p${String(i).padStart(2, '0')}`, { camera: true, platform: 'web' });
  await p.settle();
  expect(p.text('#member-count')).toBe('20 人');
  expect(p.text('#page-indicator')).toBe('第 1/4 页');
  const ids = (): string[] => p.$$('.remote-tile').map((t) => t.dom.getAttribute('data-user-id')!);
  expect(ids()).toEqual(['p01', 'p02', 'p03', 'p04', 'p05', 'p06']);
  expect(p.rtcRooms().filter((r) => r.mode === 'video')).toHaveLength(6);
  await p.tap('#page-next');
  await p.settle();
  expect(p.text('#page-indicator')).toBe('第 2/4 页');
  expect(ids()).toEqual(['p07', 'p08', 'p09', 'p10', 'p11', 'p12']);
  await p.tap('#page-prev');
  await p.tap('#page-prev');
  await p.settle();
  expect(p.text('#page-indicator')).toBe('第 1/4 页');
  // A swipe to the left turns to the next page; a short drag does nothing.
  await p.swipe('#tiles', 300, 280);
  expect(p.text('#page-indicator')).toBe('第 1/4 页');
  await p.swipe('#tiles', 300, 120);
  await p.settle();
  expect(p.text('#page-indicator')).toBe('第 2/4 页');
  expect(p.$$('.remote-tile')).toHaveLength(6);
});

test('a lost connection shows the reconnecting banner', async () => {
  const p = await joinedRoom();
  rt.fake.control.interrupt();
  await p.settle();
  // Which attempt of how many, and what the user can do.
  expect(p.text('#banner')).toBe('连接中断，正在重连（第 1/6 次）。请检查网络，或离开后重新进入');
  expect(p.$('#banner')!.dom.getAttribute('class')).toBe('banner banner--warn banner--l2');
});

test('a bad link shows the error view with the problems and a way home, no Retry, no platform call', async () => {
  page = renderPage('pages/room/room', { query: { roomId: 'bad room!', userId: 'me' } });
  const p = page;
  await p.settle();
  expect(p.$('#failure-view')).toBeTruthy();
  expect(p.$('.room')).toBeFalsy();
  expect(p.text('.state-title')).toBe('链接无效');
  expect(p.$$('.problem').map((c) => c.dom.textContent)).toEqual(['· 房间号不正确（可能在转发时被改动）', '· 链接不完整，缺少进入房间所需的部分']);
  expect(p.$('#retry-btn')).toBeFalsy();
  expect(p.text('#home-btn')).toBe('返回首页');
  expect(rt.fake.control.calls.filter((c) => c.api.startsWith('ctx.') || c.api === 'tt.createRtcRoomContext')).toEqual([]);
  await p.tap('#home-btn');
  expect(rt.fake.control.callsTo('tt.reLaunch').map((c) => c.args)).toEqual([{ url: '/pages/index/index' }]);
});

test('mic, camera and leave taps reach the store and the platform', async () => {
  const p = await joinedRoom();
  const ctx = () => rt.fake.control.context!;
  expect(ctx().audioCapture).toBe(true);

  await p.tap('#ctl-mic');
  expect(ctx().audioCapture).toBe(false);
  expect(p.text('#ctl-mic .ctl-label')).toBe('开麦');
  // A state the user chose, said as such (not 「已静音」, which reads like someone else did it).
  expect(p.text('#tile-self .tile-name')).toBe('我 · 麦克风已关');

  await p.tap('#ctl-camera');
  expect(ctx().videoCapture).toBe(false);
  expect(p.rtcRooms()).toEqual([]);
  expect(p.$('#tile-self .tile-avatar')).toBeTruthy();

  await p.tap('#ctl-leave', 200);
  expect(rt.fake.control.callsTo('ctx.exitRtcRoom')).toHaveLength(1);
  expect(rt.cloud.room('room-1').members).toEqual([]);
  expect(p.text('#left-view .state-title')).toBe('已离开房间');
});

test('a failed join offers Retry, and the Retry tap joins', async () => {
  rt.fake.control.failAlways('ctx.joinRtcRoom', { errNo: 99999, errMsg: 'joinRtcRoom:fail sim unknown' });
  page = renderPage('pages/room/room', { query: validQuery() });
  const p = page;
  await p.settle(10000);
  expect(p.text('.state-title')).toBe('进入房间失败');
  expect(p.$('#retry-btn')).toBeTruthy();
  rt.fake.control.failAlways('ctx.joinRtcRoom', null);
  await p.tap('#retry-btn');
  expect(p.data.phase).toBe('joined');
  expect(p.rtcRooms().map((r) => r.mode)).toEqual(['camera']);
});

test('viewer mode: 「观看中」, the people it sees, no own tile, no mic or camera buttons, the speaker switch stays', async () => {
  const token = rt.cloud.mintToken('room-1', 'me', { privileges: { [Privilege.SubscribeStream]: 0 } });
  rt.cloud.addRemote('room-1', 'teacher', { camera: true, mic: true, platform: 'web' });
  rt.cloud.addRemote('room-1', 'student', { platform: 'web' });
  page = renderPage('pages/room/room', { query: { roomId: 'room-1', userId: 'me', token: encodeURIComponent(token) } });
  await page.settle(3000);
  expect(page.data.phase).toBe('joined');
  expect(page.text('#viewer-badge')).toBe('观看中');
  expect(page.text('#member-count')).toBe('2 人');
  expect(page.$('#tile-self')).toBeFalsy();
  expect(page.$('#ctl-mic')).toBeFalsy();
  expect(page.$('#ctl-camera')).toBeFalsy();
  expect(page.$('#ctl-speaker')).toBeTruthy();
  expect(page.rtcRooms().map((r) => [r.userId, r.mode])).toEqual([['teacher', 'video']]);
  await page.tap('#ctl-speaker');
  expect(rt.fake.control.context!.playbackDevice).toBe('earpiece');
});
