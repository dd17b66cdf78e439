// Calls through the real pages on two and three simulated phones: the app launches (socket opens),
// the outgoing page rings, the callee's app opens the incoming page by itself, accept leads both into
// the same RTC room in the simulated cloud, hang-up ends it for both. Fake signalling server per
// docs/calls.md (sim/helpers/call-server.ts), fake timers.
import type { CallView } from '../../view/call-view';
import { appServices, configureRuntime } from '../../services/runtime';
import { FakeCallServer } from '../../sim/helpers/call-server';
import { RtcCloud, SIM_APP_ID } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';
import { installGlobals, loadApp, loadPage, uninstallGlobals, type PageHarness } from '../../sim/mini-program';
import { flush } from '../../sim/time';

let cloud: RtcCloud;
let server: FakeCallServer;
const phones: FakeTt[] = [];
const pages: PageHarness<object>[] = [];

beforeEach(() => {
  jest.useFakeTimers();
  cloud = new RtcCloud();
  server = new FakeCallServer({
    grant: (roomId, userId) => ({ roomId, token: cloud.mintToken(roomId, userId, { ttlMs: 3600000 }), expireAt: 0, appId: SIM_APP_ID }),
  });
  configureRuntime({ appId: SIM_APP_ID, tokenServiceUrl: 'https://rtc-token.example.com', tokenServiceMode: 'dev', callTemplateId: 'tmpl-incoming-call' });
});

afterEach(async () => {
  for (const p of pages.splice(0)) if (!p.unloaded) p.unload();
  for (const ph of phones.splice(0)) {
    installGlobals({ tt: ph.tt });
    const calls = appServices().calls;
    if (calls) calls.socket.stop();
  }
  await flush(200);
  uninstallGlobals();
  configureRuntime({});
  jest.useRealTimers();
});

/** A phone whose dev-mode userId is `name`, with the app launched (its calls socket opens). */
async function launch(name: string): Promise<FakeTt> {
  const ph = createFakeTt(cloud, { label: name, socketServer: server, permissions: { 'scope.camera': true, 'scope.record': true } });
  ph.control.storage.set('deviceUserId', name);
  ph.control.setRequestHandler((req) => server.handleRequest(req) || { statusCode: 404, data: {} });
  phones.push(ph);
  on(ph);
  loadApp('app');
  await flush();
  return ph;
}

function on(ph: FakeTt): void {
  installGlobals({ tt: ph.tt });
}

function open<T extends object>(ph: FakeTt, route: string, query: Record<string, string>): PageHarness<T> {
  on(ph);
  const p = loadPage<T>(route, { query });
  pages.push(p as PageHarness<object>);
  return p;
}

/** The query of the last navigation to `page` on this phone. */
function lastNav(ph: FakeTt, page: string): Record<string, string> | null {
  const n = ph.control.navigations.filter((x) => x.url && x.url.indexOf(page) === 0).pop();
  if (!n || !n.url) return null;
  const q: Record<string, string> = {};
  for (const kv of n.url.split('?')[1].split('&')) {
    const [k, v] = kv.split('=');
    q[k] = decodeURIComponent(v);
  }
  return q;
}

test('video call: ringing with tone, vibration and screen on; accept → both in the same RTC room; hang-up ends it for both', async () => {
  const alice = await launch('alice');
  const bob = await launch('bob');
  const out = open<CallView>(alice, 'pages/call/outgoing', { callee: 'bob', media: 'video' });
  expect(out.data).toMatchObject({ peer: 'bob', status: '正在连接…', canCancel: true });
  await flush(50);
  expect(out.data).toMatchObject({ peer: 'bob', mediaText: '视频通话', status: '正在呼叫，等待对方接听…', canCancel: true });

  // Bob's app opened the incoming page by itself.
  const ring = lastNav(bob, '/pages/call/incoming');
  expect(ring).not.toBeNull();
  const inc = open<CallView>(bob, 'pages/call/incoming', ring!);
  await flush(50);
  expect(inc.data).toMatchObject({ peer: 'alice', mediaText: '视频通话', status: '邀请你进行视频通话', canAnswer: true });
  expect(bob.control.audios[0]).toMatchObject({ src: '/assets/ringtone.wav', loop: true, playing: true });
  expect(bob.control.keepScreenOn).toBe(true);
  await jest.advanceTimersByTimeAsync(4100);
  expect(bob.control.vibrations.length).toBeGreaterThanOrEqual(3);

  on(bob);
  inc.tap('handleAccept');
  await flush(50);
  expect(bob.control.audios[0]).toMatchObject({ playing: false, destroyed: true });
  const aliceRoom = lastNav(alice, '/pages/room/room');
  const bobRoom = lastNav(bob, '/pages/room/room');
  expect(aliceRoom).toMatchObject({ userId: 'alice', callId: ring!.callId });
  expect(bobRoom).toMatchObject({ userId: 'bob', roomId: aliceRoom!.roomId });

  out.unload();
  inc.unload();
  const ra = open<{ phase: string }>(alice, 'pages/room/room', aliceRoom!);
  const rb = open<{ phase: string }>(bob, 'pages/room/room', bobRoom!);
  await flush(200);
  expect(cloud.room(aliceRoom!.roomId).members.sort()).toEqual(['alice', 'bob']);

  on(alice);
  ra.tap('handleLeave');
  await flush(200);
  expect(rb.data.phase).not.toBe('joined');
  expect(bob.control.toasts.map((t) => t.title)).toContain('对方已挂断');
  expect(cloud.room(aliceRoom!.roomId).members).toEqual([]);
  expect(server.recordsOf('bob')[0]).toMatchObject({ peer: 'alice', direction: 'in', outcome: 'completed' });
  expect(alice.control.violations.concat(bob.control.violations)).toEqual([]);
});

test('decline: the caller reads 对方已拒绝; the ringing stops and the screen may sleep again', async () => {
  const alice = await launch('alice');
  const bob = await launch('bob');
  const out = open<CallView>(alice, 'pages/call/outgoing', { callee: 'bob', media: 'audio' });
  await flush();
  const inc = open<CallView>(bob, 'pages/call/incoming', lastNav(bob, '/pages/call/incoming')!);
  await flush();
  expect(inc.data.mediaText).toBe('语音通话');
  on(bob);
  inc.tap('handleDecline');
  await flush(50);
  expect(out.data).toMatchObject({ status: '对方已拒绝', ended: true, canCancel: false });
  expect(inc.data).toMatchObject({ status: '已拒绝', ended: true });
  expect(bob.control.audios[0].playing).toBe(false);
  expect(bob.control.keepScreenOn).toBe(false);
});

test('one call per page: a refused dial names whom it asked for, and a declined call\'s page does not turn into the next call', async () => {
  const alice = await launch('alice');
  const bob = await launch('bob');
  const carol = await launch('carol');
  open<CallView>(alice, 'pages/call/outgoing', { callee: 'bob', media: 'video' });
  await flush(50);
  const inc = open<CallView>(bob, 'pages/call/incoming', lastNav(bob, '/pages/call/incoming')!);
  await flush(50);
  // Bob tries to call carol while alice's video call rings: refused, and the page is about carol.
  const refused = open<CallView>(bob, 'pages/call/outgoing', { callee: 'carol', media: 'audio' });
  await flush(50);
  expect(refused.data).toMatchObject({ peer: 'carol', mediaText: '语音通话', status: '正在通话中，请先结束当前通话', canCancel: false, canAnswer: false });
  refused.unload();
  on(bob);
  inc.tap('handleDecline');
  await flush(50);
  // Carol now calls bob; the declined page stays about alice with nothing to answer.
  open<CallView>(carol, 'pages/call/outgoing', { callee: 'bob', media: 'audio' });
  await flush(50);
  expect(inc.data).toMatchObject({ peer: 'alice', mediaText: '视频通话', status: '通话已结束', canAnswer: false, ended: true });
  const next = open<CallView>(bob, 'pages/call/incoming', lastNav(bob, '/pages/call/incoming')!);
  await flush(50);
  expect(next.data).toMatchObject({ peer: 'carol', mediaText: '语音通话', canAnswer: true });
});

test('cancel while it rings: the callee page says 对方已取消 and stops ringing', async () => {
  const alice = await launch('alice');
  const bob = await launch('bob');
  const out = open<CallView>(alice, 'pages/call/outgoing', { callee: 'bob', media: 'video' });
  await flush();
  const inc = open<CallView>(bob, 'pages/call/incoming', lastNav(bob, '/pages/call/incoming')!);
  await flush();
  on(alice);
  out.tap('handleCancel');
  await flush(50);
  expect(out.data.status).toBe('已取消');
  expect(inc.data).toMatchObject({ status: '对方已取消', canAnswer: false });
  expect(bob.control.audios[0].playing).toBe(false);
});

test('missed after 30 s: 无人接听 for the caller, 未接来电 for the callee', async () => {
  const alice = await launch('alice');
  const bob = await launch('bob');
  const out = open<CallView>(alice, 'pages/call/outgoing', { callee: 'bob', media: 'audio' });
  await flush();
  const inc = open<CallView>(bob, 'pages/call/incoming', lastNav(bob, '/pages/call/incoming')!);
  await jest.advanceTimersByTimeAsync(30100);
  expect(out.data.status).toBe('无人接听');
  expect(inc.data.status).toBe('未接来电');
});

test('busy: a callee in a room is not rung; the caller reads 对方忙 (three phones: the third still gets through)', async () => {
  const alice = await launch('alice');
  const bob = await launch('bob');
  const carol = await launch('carol');
  const room = open<{ phase: string }>(bob, 'pages/room/room', { roomId: 'lesson-1', userId: 'bob', token: encodeURIComponent(cloud.mintToken('lesson-1', 'bob')) });
  await flush(100);
  expect(room.data.phase).toBe('joined');
  const out = open<CallView>(alice, 'pages/call/outgoing', { callee: 'bob', media: 'video' });
  await flush(50);
  expect(out.data.status).toBe('对方忙');
  expect(lastNav(bob, '/pages/call/incoming')).toBeNull();
  expect(bob.control.audios).toEqual([]);
  out.unload();
  open<CallView>(alice, 'pages/call/outgoing', { callee: 'carol', media: 'audio' });
  await flush(50);
  expect(lastNav(carol, '/pages/call/incoming')).not.toBeNull();
});

test('calling yourself or a malformed id: the page says why, and no invite leaves the phone', async () => {
  const alice = await launch('alice');
  const self = open<CallView>(alice, 'pages/call/outgoing', { callee: 'alice', media: 'video' });
  await flush();
  expect(self.data).toMatchObject({ status: '不能呼叫自己', ended: true, canCancel: false });
  const bad = open<CallView>(alice, 'pages/call/outgoing', { callee: 'no spaces', media: 'video' });
  await flush();
  expect(bad.data.status).toMatch(/只能包含/);
  expect(server.received.filter((r) => r.frame.type === 'invite')).toEqual([]);
});

test('an unknown user: 无法呼叫该用户', async () => {
  const alice = await launch('alice');
  const out = open<CallView>(alice, 'pages/call/outgoing', { callee: 'ghost', media: 'audio' });
  await flush(50);
  expect(out.data.status).toBe('无法呼叫该用户（用户不存在或不可呼叫）');
});

test('the callee was not in the app: the notice opens the incoming page, which rings if the call still rings, else 通话已结束', async () => {
  const alice = await launch('alice');
  const bob = await launch('bob');
  on(bob);
  appServices().calls!.socket.stop(); // bob closes the app
  await flush();
  open<CallView>(alice, 'pages/call/outgoing', { callee: 'bob', media: 'video' });
  await flush();
  expect(server.notices).toHaveLength(1);
  const page = server.notices[0].page;
  const callId = page.split('callId=')[1];

  // Bob taps the notice: a fresh phone session opening pages/call/incoming?callId=…
  const bob2 = createFakeTt(cloud, { label: 'bob-notice', socketServer: server });
  bob2.control.storage.set('deviceUserId', 'bob');
  phones.push(bob2);
  const inc = open<CallView>(bob2, 'pages/call/incoming', { callId });
  expect(inc.data.status).toBe('正在查询通话…');
  await flush(50);
  expect(inc.data).toMatchObject({ peer: 'alice', status: '邀请你进行视频通话', canAnswer: true });

  const bob3 = createFakeTt(cloud, { label: 'bob-late', socketServer: server });
  bob3.control.storage.set('deviceUserId', 'bob');
  phones.push(bob3);
  const stale = open<CallView>(bob3, 'pages/call/incoming', { callId: 'c-finished-long-ago' });
  await flush(50);
  expect(stale.data).toMatchObject({ status: '通话已结束', ended: true, canAnswer: false });
});

test('the socket is dropped ~5 s into the background (the server then sends a notice) and reopened on show', async () => {
  const alice = await launch('alice');
  const bob = await launch('bob');
  on(bob);
  const app = loadApp('app');
  app.appHide();
  await jest.advanceTimersByTimeAsync(6000);
  expect(bob.control.sockets.filter((s) => s.state === 'open')).toHaveLength(0);
  open<CallView>(alice, 'pages/call/outgoing', { callee: 'bob', media: 'audio' });
  await flush();
  on(bob);
  app.appShow();
  await flush(50);
  // The server had no socket for bob, so it sent the notice; bob is back and the app rings on query.
  expect(server.notices).toHaveLength(1);
  expect(bob.control.sockets.filter((s) => s.state === 'open')).toHaveLength(1);
});

interface HomeData {
  calls: { notify: boolean; contacts: string[]; history: Array<{ kind: string; title: string; kindText: string; outcomeText: string; alert: boolean }>; callInputError: string | null } | null;
}

test('home: the history shows calls beside room sessions with their outcome, and contacts come from them', async () => {
  const alice = await launch('alice');
  const bob = await launch('bob');
  // A completed call of 1:05 …
  open<CallView>(alice, 'pages/call/outgoing', { callee: 'bob', media: 'video' });
  await flush(50);
  const inc = open<CallView>(bob, 'pages/call/incoming', lastNav(bob, '/pages/call/incoming')!);
  on(bob);
  inc.tap('handleAccept');
  await flush(50);
  await jest.advanceTimersByTimeAsync(65000);
  on(bob);
  inc.unload();
  const bobStore = (await import('../../pages/shared/calls-app')).callStoreFor(appServices())!;
  bobStore.hangup();
  await flush(50);
  // … then bob rings alice, who does not answer.
  const out2 = open<CallView>(bob, 'pages/call/outgoing', { callee: 'alice', media: 'audio' });
  await flush(50);
  await jest.advanceTimersByTimeAsync(30100);
  expect(out2.data.status).toBe('无人接听');
  // … and alice had a room session of her own.
  alice.control.storage.set('sessionRecords', {
    v: 1,
    records: [
      { roomId: 'lesson-7', startedAt: Date.now() - 200000, endedAt: Date.now() - 100000, durationMs: 100000, endReason: 'left', peakMembers: 3, reconnects: 0, screenShares: [], people: ['carol', 'bob', 'alice', 'bad id!'] },
    ],
  });

  const home = open<HomeData>(alice, 'pages/index/index', {});
  await flush(50);
  const h = home.data.calls!.history;
  expect(h.map((e) => [e.kind, e.title, e.outcomeText])).toEqual([
    ['call', 'bob', '未接'],
    ['call', 'bob', '已接通 01:05'],
    ['room', 'lesson-7', '1分40秒 · 你离开了房间'],
  ]);
  expect(h[0]).toMatchObject({ kindText: '呼入 · 语音通话', alert: true });
  expect(h[1].kindText).toBe('呼出 · 视频通话');
  // People from calls and from rooms, most recent first, each once; never yourself, never junk.
  expect(home.data.calls!.contacts).toEqual(['bob', 'carol']);

  // A contact tap opens the outgoing page for that person.
  on(alice);
  home.tap('handleDial', { peer: 'bob', media: 'audio' });
  await flush();
  expect(alice.control.navigations.pop()!.url).toBe('/pages/call/outgoing?callee=bob&media=audio');
  // Dev mode: ring any id; yourself is refused on the spot.
  home.input('handleCallInput', 'alice');
  home.tap('handleDial', { media: 'video' });
  await flush(50);
  expect(home.data.calls!.callInputError).toBe('不能呼叫自己');
});

test('home: 「开启来电提醒」 asks for the subscription inside the tap, with the configured template', async () => {
  const alice = await launch('alice');
  const home = open<HomeData>(alice, 'pages/index/index', {});
  await flush(50);
  expect(home.data.calls!.notify).toBe(true);
  on(alice);
  home.tap('handleSubscribe');
  await flush(50);
  expect(alice.control.subscribeCalls).toEqual([expect.objectContaining({ tmplIds: ['tmpl-incoming-call'], fromTap: true })]);
  expect(alice.control.toasts.pop()!.title).toBe('已开启来电提醒');
  // Not from a tap (e.g. on page show): the platform refuses, and the page says it failed.
  await jest.advanceTimersByTimeAsync(2000);
  home.call('handleSubscribe');
  await flush(50);
  expect(alice.control.subscribeCalls[1].fromTap).toBe(false);
  expect(alice.control.toasts.pop()!.title).toBe('开启来电提醒失败，请稍后重试');
});
