// The room page loaded the way Douyin loads it (Page options, setData, lifecycle) on a simulated client.
import { configureRuntime } from '../../services/runtime';
import type { RoomView } from '../../view/room-view';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';
import { installGlobals, loadPage, uninstallGlobals, type PageHarness } from '../../sim/mini-program';
import { flush } from '../../sim/time';

type RoomData = RoomView & { durationText: string };

const APP_ID = '65a1b2c3d4e5f60718293a4b';
let cloud: RtcCloud;
let fake: FakeTt;
let page: PageHarness<RoomData> | null;

beforeEach(() => {
  jest.useFakeTimers();
  cloud = new RtcCloud();
  fake = createFakeTt(cloud, { label: 'alice' });
  installGlobals({ tt: fake.tt });
  configureRuntime({ appId: APP_ID, tokenServiceUrl: '' });
  page = null;
});

afterEach(async () => {
  if (page && !page.unloaded) page.unload();
  await flush(200);
  uninstallGlobals();
  configureRuntime({});
  jest.useRealTimers();
});

function open(query: Record<string, string>): PageHarness<RoomData> {
  page = loadPage<RoomData>('pages/room/room', { query });
  return page;
}

function validQuery(): Record<string, string> {
  return { roomId: 'room-1', userId: 'alice', token: encodeURIComponent(cloud.mintToken('room-1', 'alice')) };
}

test.each([
  ['cut short by a chat app', () => encodeURIComponent(cloud.mintToken('room-1', 'alice').slice(0, 60)), '链接不完整', ['链接不完整（可能在转发时被截断）']],
  ["forwarded: someone else's token", () => encodeURIComponent(cloud.mintToken('room-1', 'bob')), '这是别人的链接', ['这是别人的链接']],
  ['for another room', () => encodeURIComponent(cloud.mintToken('room-2', 'alice')), '链接与房间不符', ['链接属于另一个房间']],
  ['for another AppId', () => encodeURIComponent(`001${'f'.repeat(24)}${cloud.mintToken('room-1', 'alice').slice(27)}`), '链接不属于本小程序', ['链接不属于这个小程序']],
  ['expired', () => encodeURIComponent(cloud.mintToken('room-1', 'alice', { ttlMs: -60000 })), '链接已过期', []],
])('a link whose token does not fit (%s): the page names the cause, and no RTC call is made', async (_n, token, title, problems) => {
  const p = open({ roomId: 'room-1', userId: 'alice', token: token() });
  await flush(50);
  expect(p.data.phase).toBe('failed');
  expect(p.data.failure).toMatchObject({ title, retryable: false, problems });
  expect(fake.control.calls.filter((c) => c.api.startsWith('ctx.') || c.api === 'tt.createRtcRoomContext' || c.api === 'tt.getSetting')).toEqual([]);
});

test('a valid link: joining state, then the room with my camera tile, member count and timer', async () => {
  const p = open(validQuery());
  expect(p.data.phase).toBe('preparing');
  expect(p.data.banner).toEqual({ kind: 'info', text: '正在进入房间…' });
  await flush(50);
  expect(p.data.phase).toBe('joined');
  expect(p.data.banner).toBeNull();
  expect(p.data.self).toMatchObject({ userId: 'alice', cameraOn: true });
  expect(p.data.memberCount).toBe(1);
  const bob = cloud.addRemote('room-1', 'bob', { camera: true, mic: true, platform: 'web' });
  cloud.addRemote('room-1', 'carol', { camera: false });
  await flush(50);
  expect(p.data.remotes.map((t) => [t.userId, t.cameraOn])).toEqual([
    ['bob', true],
    ['carol', false],
  ]);
  bob.startScreenShare();
  await flush(50);
  expect(p.data.stage).toEqual({ userId: 'bob', others: [] });
  await flush(3000);
  expect(p.data.durationText).toBe('00:03');
  expect(fake.control.keepScreenOn).toBe(true);
});

test.each([
  ['missing token', { roomId: 'room-1', userId: 'alice' }, '链接不完整', ['链接不完整，缺少进入房间所需的部分']],
  ['bad room id', { roomId: '房间', userId: 'alice', token: 'abc' }, '链接无效', ['房间号不正确（可能在转发时被改动）']],
  ['nothing', {}, '链接无效', ['缺少房间号', '缺少用户 ID', '链接不完整，缺少进入房间所需的部分']],
])('a bad link (%s) shows what is wrong, offers home, and never touches RTC', async (_n, query, title, problems) => {
  const p = open(query as Record<string, string>);
  await flush(50);
  expect(p.data.phase).toBe('failed');
  expect(p.data.failure).toMatchObject({ title, retryable: false, problems });
  expect(fake.control.calls.filter((c) => c.api.startsWith('ctx.') || c.api === 'tt.createRtcRoomContext')).toEqual([]);
  p.tap('handleBackHome');
  await flush();
  expect(fake.control.navigations).toEqual([expect.objectContaining({ url: '/pages/index/index' })]);
});

test('control taps reach the platform; feedback appears as toasts', async () => {
  const p = open(validQuery());
  await flush(50);
  p.tap('handleToggleMic');
  await flush(50);
  expect(fake.control.context!.audioCapture).toBe(false);
  expect(p.data.controls.micOn).toBe(false);
  p.tap('handleToggleCamera');
  await flush(50);
  expect(fake.control.context!.videoCapture).toBe(false);
  expect(p.data.self!.cameraOn).toBe(false);
  p.tap('handleToggleSpeaker');
  await flush(50);
  expect(fake.control.context!.playbackDevice).toBe('earpiece');
  fake.control.removeMethod('ctx.switchCamera');
  p.tap('handleToggleCamera');
  await flush(50);
  p.tap('handleFlipCamera');
  await flush(50);
  expect(fake.control.toasts.map((t) => t.title)).toContain('切换摄像头失败');
});

test('permission refused: listen-only hint, and 去设置 opens settings from the tap', async () => {
  fake.control.setPermission('scope.camera', false);
  fake.control.setPermission('scope.record', false);
  const p = open(validQuery());
  await flush(50);
  expect(p.data.phase).toBe('joined');
  expect(p.data.listenOnly).toBe(true);
  expect(p.data.permissionHint).toBe(true);
  expect(fake.control.toasts.map((t) => t.title)).toContain('未获得摄像头和麦克风权限，已以仅收听方式加入');
  fake.control.setOpenSettingResult({ 'scope.camera': true, 'scope.record': true });
  p.tap('handleOpenSettings');
  await flush(50);
  expect(fake.control.openSettingCalls).toHaveLength(1);
  expect(p.data.permissionHint).toBe(false);
  // What the user wanted before the refusal comes on by itself once allowed.
  expect(fake.control.context!.audioCapture).toBe(true);
  expect(fake.control.context!.videoCapture).toBe(true);
  expect(p.data.listenOnly).toBe(false);
  // …and is published, though the join was listen-only (autoPublish: false): others see and hear me.
  fake.control.speak(true);
  await flush(50);
  expect(cloud.room('room-1').video).toEqual(['alice']);
  expect(cloud.room('room-1').speakers).toEqual(['alice']);
});

test('recovery under the platform rules: the interrupted context is exited and the room rejoins on a new one', async () => {
  const p = open(validQuery());
  await flush(50);
  cloud.addRemote('room-1', 'bob', { camera: true, platform: 'web' });
  await flush(50);
  const first = fake.control.context!;
  fake.control.interrupt({ errMsg: 'lost' });
  await flush(1500);
  expect(p.data.phase).toBe('joined');
  expect(first.destroyed).toBe(true);
  expect(fake.control.contexts).toHaveLength(2);
  expect(fake.control.liveContexts).toBe(1);
  expect(fake.control.violations).toEqual([]);
  expect(p.data.remotes.map((t) => t.userId)).toEqual(['bob']);
  expect(cloud.room('room-1').video).toEqual(['bob', 'alice']);
});

test('token renewal at page level: without updateToken the room rejoins with a fresh token on a new context', async () => {
  const served: string[] = [];
  fake.control.setRequestHandler((req) => {
    const body = req.data as { roomId: string; userId: string };
    const token = cloud.mintToken(body.roomId, body.userId, { ttlMs: 3600000 });
    served.push(token);
    return { statusCode: 200, data: { appId: APP_ID, roomId: body.roomId, userId: body.userId, token, expireAt: Math.floor(Date.now() / 1000) + 3600 } };
  });
  configureRuntime({ appId: APP_ID, tokenServiceUrl: 'https://token.test', tokenServiceMode: 'dev' });
  fake.control.removeMethod('ctx.updateToken');
  const p = open({ roomId: 'room-1', userId: 'alice', token: encodeURIComponent(cloud.mintToken('room-1', 'alice', { ttlMs: 60000 })) });
  await flush(50);
  expect(p.data.phase).toBe('joined');
  await flush(31000); // will-expire fires 30 s before expiry
  await flush(1500);
  expect(p.data.phase).toBe('joined');
  expect(served).toHaveLength(1);
  expect(fake.control.contexts).toHaveLength(2);
  expect(fake.control.violations).toEqual([]);
  await flush(60000); // the old token's expiry passes: still in the room on the new token
  expect(p.data.phase).toBe('joined');
  expect(cloud.room('room-1').members).toEqual(['alice']);
});

test('interrupted: banner counts attempts, then the room is back', async () => {
  const p = open(validQuery());
  await flush(50);
  fake.control.interrupt({ errNo: 1, errMsg: 'lost' });
  await flush(20);
  expect(p.data.banner).toEqual({ kind: 'warn', text: '连接中断，正在重连（第 1/6 次）。请检查网络，或离开后重新进入' });
  await flush(1500);
  expect(p.data.phase).toBe('joined');
  expect(fake.control.toasts.map((t) => t.title)).toContain('已重新连接');
});

test('binderror codes from <rtc-room> become plain-language toasts', async () => {
  const p = open(validQuery());
  await flush(50);
  p.call('onRtcRoomError', { detail: { errNo: 21200, errMsg: 'rtc-room is not available' } });
  p.call('onRtcRoomError', { detail: { errNo: 10101 } });
  p.call('onRtcRoomError', { detail: { errNo: 4242 } });
  await flush();
  expect(fake.control.toasts.map((t) => t.title)).toEqual(
    expect.arrayContaining(['当前设备或系统版本不支持音视频画面', '该小程序尚未开通音视频组件权限，暂时无法显示画面', '画面显示出错，请稍后重试']),
  );
});

test('leave tap, then onUnload: exit once, capture off, every listener removed, no setData after unload', async () => {
  const p = open(validQuery());
  await flush(50);
  p.tap('handleLeave');
  await flush(50);
  expect(p.data.phase).toBe('left');
  expect(cloud.room('room-1').members).toEqual([]);
  const ctx = fake.control.context!;
  expect([ctx.audioCapture, ctx.videoCapture]).toEqual([false, false]);
  for (const e of ['onRtcChatMembersChanged', 'onRtcChatInterrupted', 'onRoomTokenWillExpire'] as const) {
    expect(ctx.listenerCount(e)).toBe(0);
  }
  p.unload();
  await flush(2000);
  expect(fake.control.callsTo('ctx.exitRtcRoom')).toHaveLength(1);
  expect(p.setDataCalls.filter((c) => c.afterUnload)).toEqual([]);
  expect(fake.control.keepScreenOn).toBe(false);
});

test('unloading while in the room stops the call timer (no setData after unload, no timer left)', async () => {
  const p = open(validQuery());
  await flush(50);
  await flush(2000);
  expect(p.data.durationText).toBe('00:02');
  p.unload();
  await flush(3000);
  expect(p.setDataCalls.filter((c) => c.afterUnload)).toEqual([]);
  expect(jest.getTimerCount()).toBe(0);
});

test('unloading mid-join leaves nothing behind in the room', async () => {
  fake.control.setLatency('ctx.joinRtcRoom', 300);
  const p = open(validQuery());
  await flush(100);
  p.unload();
  await flush(1000);
  expect(cloud.room('room-1').members).toEqual([]);
  expect(fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(1);
});

test('background and back: capture restarted, user told', async () => {
  const p = open(validQuery());
  await flush(50);
  fake.control.clearCalls();
  p.hide();
  p.show();
  await flush(50);
  expect(fake.control.callsTo('ctx.changeVideoCapture')).toHaveLength(1);
  expect(fake.control.toasts.map((t) => t.title)).toContain('已回到房间');
});
