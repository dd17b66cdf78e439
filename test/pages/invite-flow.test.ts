// Invitations end to end on simulated clients: the organizer creates a room at home, goes through
// pre-join into the room, shares an invite; a second person opens the card → pre-join → room, and
// both are in the cloud room. Plus: share without a token service, the leave recap, records written
// by the page, the diagnostics sheet.
import { configureRuntime } from '../../services/runtime';
import type { HomeView } from '../../view/home-view';
import type { PrejoinView } from '../../view/prejoin-view';
import type { RoomView } from '../../view/room-view';
import { RECORDS_KEY } from '../../stores/session-records';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';
import { installGlobals, loadPage, uninstallGlobals, type PageHarness } from '../../sim/mini-program';
import { flush } from '../../sim/time';
import { TOKEN_URL, installTokenService } from '../../sim/helpers/token-service';

type RoomData = RoomView & { durationText: string };
const APP_ID = '65a1b2c3d4e5f60718293a4b';
let cloud: RtcCloud;
/** The one token service every phone talks to. */
let invites: Map<string, string>;
const pages: Array<PageHarness<object>> = [];

beforeEach(() => {
  jest.useFakeTimers();
  cloud = new RtcCloud();
  invites = new Map();
  pages.length = 0;
});

afterEach(async () => {
  for (const p of pages) if (!p.unloaded) p.unload();
  await flush(200);
  uninstallGlobals();
  configureRuntime({});
  jest.useRealTimers();
});

/** One person's phone: its own fake tt answering token requests like server/ in douyin mode. */
function phone(label: string, tokenService = true): FakeTt {
  const fake = createFakeTt(cloud, { label, permissions: { 'scope.camera': true, 'scope.record': true } });
  installTokenService(fake, cloud, { mode: 'douyin', douyinUserId: `u-${label}`, invites });
  installGlobals({ tt: fake.tt });
  configureRuntime({ appId: APP_ID, tokenServiceUrl: tokenService ? TOKEN_URL : '', tokenServiceMode: 'douyin' });
  return fake;
}

function open<T extends object>(path: string, query?: Record<string, string>): PageHarness<T> {
  const p = loadPage<T>(path, { query });
  pages.push(p as PageHarness<object>);
  return p;
}

/** What Douyin does with a navigation: open the page at that path with its query. */
function follow<T extends object>(url: string): PageHarness<T> {
  const [path, qs] = url.replace(/^\//, '').split('?');
  return open<T>(path, Object.fromEntries(new URLSearchParams(qs || '')));
}

function lastUrl(fake: FakeTt): string {
  const n = fake.control.navigations;
  return n[n.length - 1].url!;
}

test('create → pre-join → room → share; the invitee opens the card → pre-join → room: both in the cloud room', async () => {
  const alice = phone('alice');
  const home = open<HomeView>('pages/index/index');
  home.tap('handleCreate');
  await flush(50);
  const pre = follow<PrejoinView>(lastUrl(alice));
  await flush(50);
  expect(pre.data.verdict).toBe('ready');
  expect(pre.data.previewOn).toBe(true);
  pre.tap('handleJoin');
  await flush(50);
  expect(alice.control.navigations[alice.control.navigations.length - 1].api).toBe('redirectTo');
  // The preview context was released before the room page takes the camera.
  expect(alice.control.contexts[0].videoCapture).toBe(false);
  pre.unload();
  const room = follow<RoomData>(lastUrl(alice));
  await flush(50);
  expect(room.data.phase).toBe('joined');
  // The room took over the preview's context (R9): one context in the app's life, and it joined.
  expect(alice.control.contexts).toHaveLength(1);
  expect(alice.control.contexts[0].joined).toBe(true);
  expect(alice.control.violations).toEqual([]);
  expect(room.data.canInvite).toBe(true);
  const roomId = cloud.roomIds()[0];
  expect(cloud.room(roomId).members).toEqual(['u-alice']);

  const card = room.share('button') as { title: string; path: string };
  expect(card.path).toMatch(new RegExp(`^/pages/prejoin/prejoin\\?roomId=${roomId}&invite=`));
  expect(card.path).not.toContain('token');
  expect(card.title).toContain(roomId);
  expect(alice.control.modals).toEqual([]);

  // Bob's phone opens the card.
  const bob = phone('bob');
  const bobPre = follow<PrejoinView>(card.path);
  await flush(50);
  expect(bobPre.data.checks.map((c) => c.state)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
  bobPre.tap('handleToggleCamera');
  bobPre.tap('handleJoin');
  await flush(50);
  const bobRoomUrl = lastUrl(bob);
  expect(bobRoomUrl).toContain('camera=0');
  bobPre.unload();
  const bobRoom = follow<RoomData>(bobRoomUrl);
  await flush(50);
  expect(bobRoom.data.phase).toBe('joined');
  expect(cloud.room(roomId).members).toEqual(['u-alice', 'u-bob']);
  // Bob's camera choice carried into the room.
  expect(cloud.room(roomId).video).toEqual(['u-alice']);
  expect(bobRoom.data.controls.cameraOn).toBe(false);
  // Bob can invite others too: his link carried the invite.
  expect(bobRoom.data.canInvite).toBe(true);
});

test('邀请观看: the organizer shares a watch-only invite; the viewer checks nothing of her devices, watches invisibly, cannot speak', async () => {
  const alice = phone('alice');
  const home = open<HomeView>('pages/index/index');
  home.tap('handleCreate');
  await flush(50);
  const pre = follow<PrejoinView>(lastUrl(alice));
  await flush(50);
  pre.tap('handleJoin');
  await flush(50);
  pre.unload();
  const room = follow<RoomData>(lastUrl(alice));
  await flush(50);
  const roomId = cloud.roomIds()[0];
  room.tap('handleOpenInvite');
  await flush(20);
  expect(room.data.inviteSheet).toEqual({ member: true, viewer: true });
  const card = room.share('button', { role: 'viewer' }) as { title: string; path: string };
  expect(card.title).toBe(`邀请你观看 ${roomId}`);
  expect(decodeURIComponent(card.path)).toMatch(/invite=\d+\.v\./);
  await flush(20);
  expect(room.data.inviteSheet).toBeNull();

  const carol = phone('carol', true);
  const carolPre = follow<PrejoinView>(card.path);
  await flush(50);
  expect(carolPre.data).toMatchObject({ viewer: true, joinText: '开始观看', previewOn: false });
  expect(carolPre.data.checks.filter((c) => c.id === 'camera' || c.id === 'mic').map((c) => c.text)).toEqual(['观看模式，不使用', '观看模式，不使用']);
  expect(carol.control.calls.map((c) => c.api)).not.toContain('tt.getSetting');
  carolPre.tap('handleJoin');
  await flush(50);
  carolPre.unload();
  const carolRoom = follow<RoomData>(lastUrl(carol));
  await flush(3000);
  expect(carolRoom.data).toMatchObject({ phase: 'joined', viewer: true, self: null });
  // Invisible: the organizer's room does not list her; she never captured anything.
  expect(cloud.room(roomId).members).toEqual(['u-alice']);
  expect(carol.control.callsTo('ctx.changeVideoCapture')).toHaveLength(0);
  expect(carol.control.callsTo('ctx.changeAudioCapture')).toHaveLength(0);
  // Her link's invite only makes viewer invites: the sheet offers 邀请观看 alone.
  carolRoom.tap('handleOpenInvite');
  await flush(20);
  expect(carolRoom.data.inviteSheet).toEqual({ member: false, viewer: true });
});

test('share without a token service: the menu share falls back to home and a dialog explains; the button explains', async () => {
  const alice = phone('alice', false);
  const room = open<RoomData>('pages/room/room', { roomId: 'room-1', userId: 'alice', token: encodeURIComponent(cloud.mintToken('room-1', 'alice')) });
  await flush(50);
  expect(room.data.canInvite).toBe(false);
  const card = room.share('menu') as { path: string };
  expect(card.path).toBe('/pages/index/index');
  await flush(20);
  expect(alice.control.modals[0]).toMatchObject({ title: '暂不能邀请', content: expect.stringContaining('Token 服务') });
  room.tap('handleShareUnavailable');
  await flush(20);
  expect(alice.control.modals).toHaveLength(2);
});

test('token service but a link without an invite: no invite to share, says so', async () => {
  const alice = phone('alice');
  const room = open<RoomData>('pages/room/room', { roomId: 'room-1', userId: 'alice', token: encodeURIComponent(cloud.mintToken('room-1', 'alice')) });
  await flush(50);
  expect((room.share('menu') as { path: string }).path).toBe('/pages/index/index');
  await flush(20);
  expect(alice.control.modals[0].content).toContain('不是通过邀请链接进入');
});

test('leaving shows the recap from the record the page wrote; back home lists the room', async () => {
  const alice = phone('alice');
  const room = open<RoomData>('pages/room/room', { roomId: 'room-1', userId: 'alice', token: encodeURIComponent(cloud.mintToken('room-1', 'alice')) });
  await flush(50);
  cloud.addRemote('room-1', 'bob', { platform: 'web' });
  await flush(65000);
  room.tap('handleLeave');
  await flush(50);
  expect(room.data.phase).toBe('left');
  expect(room.data.recap).toEqual({ duration: '1分05秒', people: '2 人', reconnects: '无', ended: '你离开了房间' });
  expect(alice.control.storage.get(RECORDS_KEY)).toMatchObject({ v: 1, records: [expect.objectContaining({ roomId: 'room-1', endReason: 'left' })] });
  room.tap('handleRejoin');
  await flush(50);
  expect(room.data.phase).toBe('joined');
  expect(room.data.recap).toBeNull();
  room.unload();
  await flush(50);
  const home = open<HomeView>('pages/index/index');
  expect(home.data.recents.map((r) => r.roomId)).toEqual(['room-1']);
  expect(alice.control.storage.get(RECORDS_KEY)).toMatchObject({ records: [expect.anything(), expect.anything()] });
});

test('unloading the room mid-call still writes the record', async () => {
  const alice = phone('alice');
  const room = open<RoomData>('pages/room/room', { roomId: 'room-1', userId: 'alice', token: encodeURIComponent(cloud.mintToken('room-1', 'alice')) });
  await flush(50);
  room.unload();
  await flush(50);
  expect(alice.control.storage.get(RECORDS_KEY)).toMatchObject({ records: [expect.objectContaining({ endReason: 'left' })] });
});

test('diagnostics sheet: versions, ids, state history with codes, token countdown, permissions; copy without the token', async () => {
  const alice = phone('alice');
  const token = cloud.mintToken('room-1', 'alice');
  const room = open<RoomData>('pages/room/room', { roomId: 'room-1', userId: 'alice', token: encodeURIComponent(token) });
  await flush(50);
  alice.control.interrupt({ errNo: 1234, errMsg: 'lost' });
  await flush(1500);
  room.tap('handleOpenDiagnostics');
  await flush(50);
  const d = room.data.diagnostics!;
  const line = (label: string): string => d.lines.find((l) => l.label === label)!.value;
  expect(line('基础库')).toBe('3.20.0');
  expect(line('房间')).toBe('room-1');
  expect(line('用户')).toBe('alice');
  expect(line('重连次数')).toBe('1');
  expect(line('摄像头权限')).toBe('已允许');
  expect(line('凭证剩余')).toBe('未知'); // sim tokens are not readable 001 tokens
  // In Chinese, with the platform's code and words kept verbatim for support.
  expect(d.events.some((e) => e.includes('连接中断（代码 1234）：lost'))).toBe(true);
  expect(line('状态')).toBe('已在房间');
  room.tap('handleCopyDiagnostics');
  await flush(50);
  expect(alice.control.clipboard).toContain('房间: room-1');
  expect(alice.control.clipboard).toContain('代码 1234');
  expect(alice.control.clipboard).not.toContain(token);
  expect(alice.control.toasts.map((t) => t.title)).toContain('已复制诊断信息');
  room.tap('handleCloseDiagnostics');
  await flush(50);
  expect(room.data.diagnostics).toBeNull();
});
