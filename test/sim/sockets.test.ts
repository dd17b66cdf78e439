// The simulated tt.connectSocket / requestSubscribeMessage / vibrate / inner audio follow the Douyin
// docs cited in sim/sockets.ts and fake-tt.ts.
import type { SocketTask } from '../../services/platform/tt-types';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt } from '../../sim/fake-tt';
import { runAsUserGesture } from '../../sim/gesture';
import type { SimServerConnection, SimSocketServer } from '../../sim/sockets';
import { flush } from '../../sim/time';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Echoes every frame; remembers connections. */
function echoServer(): SimSocketServer & { conns: SimServerConnection[] } {
  const conns: SimServerConnection[] = [];
  return {
    conns,
    accept(conn) {
      conns.push(conn);
      conn.onMessage((d) => conn.send(`echo:${String(d)}`));
    },
  };
}

function open(tt: ReturnType<typeof createFakeTt>['tt'], url = 'wss://calls.example.com/v1/calls/socket') {
  const log: string[] = [];
  let ok = false;
  let failMsg: string | undefined;
  const task = tt.connectSocket!({
    url,
    success: () => (ok = true),
    fail: (e) => (failMsg = e.errMsg),
  }) as SocketTask;
  task.onOpen(() => log.push('open'));
  task.onMessage((m) => log.push(`msg ${String(m.data)}`));
  task.onError(() => log.push('error'));
  task.onClose((e) => log.push(`close ${e.code}`));
  return { task, log, get ok() { return ok; }, get failMsg() { return failMsg; } };
}

test('a socket opens after success, carries frames both ways and closes with its code', async () => {
  const server = echoServer();
  const { tt, control } = createFakeTt(new RtcCloud(), { socketServer: server });
  const s = open(tt);
  await flush();
  expect(s.ok).toBe(true);
  s.task.send({ data: 'hi' });
  await flush();
  expect(s.log).toEqual(['open', 'msg echo:hi']);
  s.task.close({ code: 1000 });
  await flush();
  expect(s.log[2]).toBe('close 1000');
  expect(control.sockets[0].state).toBe('closed');
  expect(control.violations).toEqual([]);
});

test('S1: methods before the success callback fail and are recorded as a violation', async () => {
  const { tt, control } = createFakeTt(new RtcCloud(), { socketServer: echoServer() });
  const s = open(tt);
  let err = '';
  s.task.send({ data: 'too early', fail: (e) => (err = e.errMsg || '') });
  await flush();
  expect(err).toMatch(/not ready/);
  expect(control.violations[0]).toMatch(/^S1/);
});

test('S2: at most five sockets; a sixth fails and an older one stays open', async () => {
  const { tt, control } = createFakeTt(new RtcCloud(), { socketServer: echoServer() });
  const five = [1, 2, 3, 4, 5].map(() => open(tt));
  const sixth = open(tt);
  await flush();
  expect(five.every((s) => s.ok)).toBe(true);
  expect(sixth.failMsg).toMatch(/exceed max task count 5/);
  expect(control.sockets.filter((s) => s.state === 'open')).toHaveLength(5);
  five[0].task.close({});
  await flush();
  expect(open(tt).failMsg).toBeUndefined();
});

test('S3: a release build accepts only wss://; a test build also ws://', async () => {
  const release = createFakeTt(new RtcCloud(), { socketServer: echoServer() });
  const s = open(release.tt, 'ws://127.0.0.1:8787/v1/calls/socket');
  await flush();
  expect(s.failMsg).toMatch(/url not in domain list/);
  const ide = createFakeTt(new RtcCloud(), { socketServer: echoServer(), releaseBuild: false });
  const t = open(ide.tt, 'ws://127.0.0.1:8787/v1/calls/socket');
  await flush();
  expect(t.log).toEqual(['open']);
});

test('S4: the socket is dropped 5 s after the app goes to the background, not if it comes back sooner', async () => {
  const server = echoServer();
  const { tt, control } = createFakeTt(new RtcCloud(), { socketServer: server });
  const hides: number[] = [];
  tt.onAppHide!(() => hides.push(Date.now()));
  const s = open(tt);
  await flush();
  control.appHide();
  await jest.advanceTimersByTimeAsync(4000);
  control.appShow();
  await jest.advanceTimersByTimeAsync(10000);
  expect(s.log).toEqual(['open']);
  expect(hides).toHaveLength(1);
  control.appHide();
  await jest.advanceTimersByTimeAsync(5100);
  expect(s.log).toEqual(['open', 'error', 'close 1006']);
  expect(server.conns[0].open).toBe(false);
});

test('no server or no network: the socket errors and closes; losing the network drops open ones', async () => {
  const none = createFakeTt(new RtcCloud());
  const a = open(none.tt);
  await flush();
  expect(a.log).toEqual(['error', 'close 1006']);
  const { tt, control } = createFakeTt(new RtcCloud(), { socketServer: echoServer() });
  const b = open(tt);
  await flush();
  control.setNetwork({ isConnected: false, networkType: 'none' });
  await flush();
  expect(b.log).toEqual(['open', 'error', 'close 1006']);
});

test('requestSubscribeMessage works only inside a tap and answers per template id', async () => {
  const { tt, control } = createFakeTt(new RtcCloud());
  const results: unknown[] = [];
  tt.requestSubscribeMessage!({ tmplIds: ['T1'], success: (r) => results.push(r), fail: (e) => results.push(e.errMsg) });
  await flush();
  expect(results[0]).toMatch(/TAP gesture/);
  control.setSubscribeAnswer('reject');
  runAsUserGesture(() => tt.requestSubscribeMessage!({ tmplIds: ['T1'], success: (r) => results.push(r) }));
  await flush();
  expect(results[1]).toEqual({ errMsg: 'requestSubscribeMessage:ok', T1: 'reject' });
  runAsUserGesture(() => tt.requestSubscribeMessage!({ tmplIds: ['a', 'b', 'c', 'd'], fail: (e) => results.push(e.errMsg) }));
  await flush();
  expect(results[2]).toMatch(/invalid tmplIds/);
  expect(control.subscribeCalls.map((c) => c.fromTap)).toEqual([false, true, true]);
});

test('vibration and the ringtone are recorded; using a destroyed audio context is a violation', async () => {
  const { tt, control } = createFakeTt(new RtcCloud());
  tt.vibrateLong!({});
  const audio = tt.createInnerAudioContext!();
  audio.src = 'ring.mp3';
  audio.loop = true;
  audio.play();
  await flush();
  expect(control.vibrations.map((v) => v.kind)).toEqual(['long']);
  expect(control.audios[0]).toMatchObject({ src: 'ring.mp3', loop: true, playing: true });
  audio.destroy();
  audio.play();
  expect(control.violations[0]).toMatch(/after destroy/);
});
