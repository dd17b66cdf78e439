// Lifecycle guards of the room store: a tap in the wrong phase does nothing, an answer that arrives
// after leaving (or after a retry) changes nothing, and each join failure ends where the user expects
// (fresh token, listen-only, clear stop). Also the notices and banners those paths show.
import { reaction } from 'mobx-miniprogram';
import { Privilege } from '../../server/src/token/access-token';
import type { FakeTtOptions } from '../../sim/fake-tt';
import { ME, ROOM, createRoomHarness, unverifiableToken, type HarnessOptions, type RoomHarness } from '../../sim/helpers/room-harness';
import { BANNER, CONFIG_PROBLEM_TEXT, NOTICE } from '../../stores/messages';

let h: RoomHarness;

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  const p = h.store.leave();
  await h.settle(5000);
  await p;
  // Leaving ends with no live context and no platform rule broken, whatever the test did.
  expect(h.fake.control.violations).toEqual([]);
  expect(h.fake.control.liveContexts).toBe(0);
  jest.useRealTimers();
});

async function joined(opts: HarnessOptions = {}, prefs?: { mic?: boolean; camera?: boolean }): Promise<RoomHarness> {
  h = createRoomHarness(opts);
  await h.join(undefined, prefs);
  return h;
}

/** leave() waits for platform callbacks, which only fire while fake time moves. */
async function leaveNow(): Promise<void> {
  const p = h.store.leave();
  await h.settle(100);
  await p;
}

/** Advance fake time in small steps until `cond` holds (at most `ms`). */
async function until(cond: () => boolean, ms = 5000): Promise<void> {
  for (let t = 0; t < ms && !cond(); t += 5) await h.settle(5);
  expect(cond()).toBe(true);
}

const joins = (): number => h.fake.control.callsTo('ctx.joinRtcRoom').length;
const contextsCreated = (): number => h.fake.control.callsTo('tt.createRtcRoomContext').length;
const screenOffCalls = (): number =>
  h.fake.control.callsTo('tt.setKeepScreenOn').filter((c) => (c.args as { keepScreenOn: boolean }).keepScreenOn === false).length;

function viewerToken(): string {
  return h.cloud.mintToken(ROOM, ME, { privileges: { [Privilege.SubscribeStream]: 0 } });
}

function openAsViewer(tt: FakeTtOptions = {}): void {
  h = createRoomHarness({ tt });
  h.store.open({ roomId: ROOM, userId: ME, token: encodeURIComponent(viewerToken()) });
}

/** Every notice text shown from now on (the page toasts each one). */
function noticesFromNow(): string[] {
  const seen: string[] = [];
  reaction(
    () => h.store.notice,
    (n) => {
      if (n) seen.push(n.text);
    },
  );
  return seen;
}

describe('before a room is opened', () => {
  test('the page shows nobody, no banner, no stage; leave, retry and rejoin do nothing', async () => {
    h = createRoomHarness();
    expect(h.store.userId).toBe('');
    expect(h.store.speakers).toEqual([]);
    expect(h.store.stageFull).toBe(false);
    expect(h.store.banner).toBeNull();
    await h.store.leave();
    h.store.retry();
    h.store.rejoin();
    await h.settle(100);
    expect(h.store.phase).toBe('idle');
    expect(h.store.endReason).toBeNull();
    expect(h.store.banner).toBeNull();
    expect(h.fake.control.calls).toEqual([]);
  });

  test('a refused RTC capability stops at once, before any permission read', () => {
    h = createRoomHarness();
    h.fake.control.createContextFailure = 'throw-116183';
    h.store.open(h.query());
    expect(h.store.phase).toBe('failed');
    expect(h.store.failure).toMatchObject({ reason: 'capability-denied' });
    const apis = h.fake.control.calls.map((c) => c.api);
    expect(apis).toContain('tt.createRtcRoomContext');
    expect(apis).not.toContain('tt.getSetting');
    expect(apis).not.toContain('tt.getNetworkType');
  });

  test('every config problem is listed on its own line', async () => {
    h = createRoomHarness({ deps: () => ({ configProblems: ['app-id-missing', 'token-url-malformed'] }) });
    h.store.open(h.query());
    expect(h.store.failure).toMatchObject({ reason: 'not-configured' });
    expect(h.store.failure!.detail).toBe(`${CONFIG_PROBLEM_TEXT['app-id-missing']}\n${CONFIG_PROBLEM_TEXT['token-url-malformed']}`);
  });
});

describe('taps in the wrong phase', () => {
  test('opening the room again while in it starts no second join', async () => {
    await joined();
    h.store.open(h.query());
    await h.settle(100);
    expect(h.store.phase).toBe('joined');
    expect(joins()).toBe(1);
    expect(contextsCreated()).toBe(1);
  });

  test('a link opened after leaving joins again', async () => {
    await joined();
    await leaveNow();
    h.store.open(h.query());
    await h.settle();
    expect(h.store.phase).toBe('joined');
    expect(joins()).toBe(2);
  });

  test('a good link opened after a bad one joins', async () => {
    h = createRoomHarness();
    h.store.open({ roomId: ROOM });
    expect(h.store.phase).toBe('failed');
    h.store.open(h.query());
    await h.settle();
    expect(h.store.phase).toBe('joined');
  });

  test('a retry tapped while in the room does nothing', async () => {
    await joined();
    h.store.retry();
    await h.settle(100);
    expect(h.store.phase).toBe('joined');
    expect(joins()).toBe(1);
  });

  test('a retry after a failure that cannot be retried does nothing', async () => {
    h = createRoomHarness();
    h.fake.control.failNext('ctx.joinRtcRoom', { errNo: 21101 });
    h.store.open(h.query());
    await h.settle();
    expect(h.store.failure).toMatchObject({ reason: 'token-expired', retryable: false });
    h.store.retry();
    await h.settle(100);
    expect(h.store.phase).toBe('failed');
    expect(joins()).toBe(1);
  });

  test('a retry after leaving a failed room does nothing', async () => {
    h = createRoomHarness();
    h.fake.control.failNext('ctx.joinRtcRoom', { errNo: 20000 });
    h.store.open(h.query());
    await h.settle();
    expect(h.store.failure).toMatchObject({ reason: 'join-failed', retryable: true });
    await leaveNow();
    h.store.retry();
    await h.settle(100);
    expect(h.store.phase).toBe('left');
    expect(joins()).toBe(1);
  });

  test('rejoin while in the room, or after a failure, does nothing', async () => {
    await joined();
    h.store.rejoin();
    await h.settle(100);
    expect(joins()).toBe(1);
    h.fake.control.failNext('ctx.joinRtcRoom', { errNo: 20000 });
    h.fake.control.interrupt();
    await h.settle(1100);
    expect(h.store.phase).toBe('failed');
    h.store.rejoin();
    await h.settle(100);
    expect(h.store.phase).toBe('failed');
    expect(joins()).toBe(2);
  });

  test('after a bad link is dismissed, rejoin does nothing', async () => {
    h = createRoomHarness();
    h.store.open({ roomId: ROOM });
    await leaveNow();
    expect(h.store.phase).toBe('left');
    h.store.rejoin();
    await h.settle(100);
    expect(h.store.phase).toBe('left');
    expect(joins()).toBe(0);
  });

  test('a second leave while leaving, or a leave after leaving, calls nothing more', async () => {
    await joined();
    h.fake.control.setLatency('ctx.exitRtcRoom', 300);
    const first = h.store.leave();
    const second = h.store.leave();
    await h.settle(500);
    await Promise.all([first, second]);
    expect(h.store.phase).toBe('left');
    expect(screenOffCalls()).toBe(1);
    h.fake.control.clearCalls();
    await h.store.leave();
    await h.settle(100);
    expect(h.store.phase).toBe('left');
    expect(h.fake.control.calls).toEqual([]);
  });

  test('leaving a failed room keeps why it ended', async () => {
    h = createRoomHarness();
    h.fake.control.failNext('ctx.joinRtcRoom', { errNo: 21101 });
    h.store.open(h.query());
    await h.settle();
    await leaveNow();
    expect(h.store.phase).toBe('left');
    expect(h.store.endReason).toBe('token-expired');
  });

  test('a retry while the failed context is still exiting waits for that exit (one live context)', async () => {
    h = createRoomHarness();
    h.fake.control.setLatency('ctx.exitRtcRoom', 300);
    h.fake.control.failAlways('ctx.joinRtcRoom', { errNo: 21100 });
    h.store.open(h.query());
    await until(() => h.store.phase === 'failed');
    expect(h.store.failure).toMatchObject({ reason: 'duplicate-login', retryable: true });
    expect(h.fake.control.liveContexts).toBe(1); // its exit is still out
    h.fake.control.failAlways('ctx.joinRtcRoom', null);
    h.store.retry();
    await h.settle(1000);
    expect(h.store.phase).toBe('joined');
    expect(h.fake.control.violations).toEqual([]);
  });
});

describe('answers that arrive after leaving change nothing', () => {
  test('a permission read that answers after leaving starts no join', async () => {
    h = createRoomHarness();
    h.fake.control.setLatency('tt.getSetting', 500);
    h.store.open(h.query());
    const p = h.store.leave();
    await h.settle(1000);
    await p;
    expect(h.store.phase).toBe('left');
    expect(joins()).toBe(0);
  });

  test('a permission read from before a leave and rejoin starts no second join', async () => {
    h = createRoomHarness();
    h.fake.control.setLatency('tt.getSetting', 500);
    h.store.open(h.query());
    await leaveNow();
    h.store.rejoin();
    await h.settle(1000);
    expect(h.store.phase).toBe('joined');
    expect(joins()).toBe(1);
    expect(h.fake.control.violations).toEqual([]);
  });

  test('a join refused for permissions after leaving shows no notice', async () => {
    h = createRoomHarness();
    h.fake.control.setLatency('ctx.joinRtcRoom', 300);
    h.fake.control.failNext('ctx.joinRtcRoom', { errNo: 10200 });
    h.store.open(h.query());
    await h.settle(100);
    const p = h.store.leave();
    await h.settle(1000);
    await p;
    expect(h.store.phase).toBe('left');
    expect(h.store.notice).toBeNull();
    expect(joins()).toBe(1);
  });

  test('a join answer after leaving shows no permission notice', async () => {
    h = createRoomHarness({ tt: { permissions: { 'scope.camera': false } } });
    h.fake.control.setLatency('ctx.joinRtcRoom', 500);
    h.store.open(h.query());
    await h.settle(100);
    const p = h.store.leave();
    await h.settle(1000);
    await p;
    expect(h.store.phase).toBe('left');
    expect(h.store.notice).toBeNull();
  });

  test("a reconnect waiting for the old context's exit creates no context after leaving", async () => {
    await joined();
    h.fake.control.setLatency('ctx.exitRtcRoom', 3000);
    h.fake.control.interrupt();
    await h.settle(1500); // backoff over; the attempt waits for the exit
    expect(h.store.phase).toBe('reconnecting');
    const p = h.store.leave();
    await h.settle(5000);
    await p;
    expect(h.store.phase).toBe('left');
    expect(contextsCreated()).toBe(1);
    expect(joins()).toBe(1);
  });

  test('a fresh token that arrives after leaving does not change the role', async () => {
    let deliver: (token: string) => void = () => undefined;
    const source = { fetchToken: () => new Promise<string>((resolve) => (deliver = resolve)) };
    h = createRoomHarness({ tokenSource: source });
    h.store.open({ roomId: ROOM, userId: ME, token: unverifiableToken() });
    await h.settle();
    expect(joins()).toBe(1); // refused 21101; the fresh token is being fetched
    const p = h.store.leave();
    await h.settle(10);
    deliver(h.cloud.mintToken(ROOM, ME)); // a member's token
    await h.settle(100);
    await p;
    expect(h.store.phase).toBe('left');
    expect(h.store.role).toBe('viewer'); // as the link said (no publish privilege)
    expect(joins()).toBe(1);
  });

  test('list events from a context being replaced do not reach the page', async () => {
    await joined();
    h.fake.control.setLatency('ctx.exitRtcRoom', 500);
    h.fake.control.interrupt();
    await h.settle(5);
    expect(h.store.phase).toBe('reconnecting');
    // Only the old context exists (its exit is still out): its late snapshot is not the room's.
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: [ME, 'ghost'] });
    expect(h.store.tiles.map((t) => t.userId)).toEqual([ME]);
    await h.settle(1100);
    expect(h.store.phase).toBe('joined');
  });

  test('a viewer whose join answers after leaving does not hide itself on the left room', async () => {
    openAsViewer();
    h.fake.control.setLatency('ctx.joinRtcRoom', 500);
    await until(() => joins() === 1);
    expect(h.fake.control.callsTo('ctx.changeUserVisibility')).toHaveLength(1); // refused before the join
    const p = h.store.leave();
    await h.settle(1000);
    await p;
    expect(h.store.phase).toBe('left');
    expect(h.fake.control.callsTo('ctx.changeUserVisibility')).toHaveLength(1);
  });

  test('a viewer leaving while the platform hides it before the join never joins', async () => {
    openAsViewer({ visibilityBeforeJoin: 'kept' });
    h.fake.control.setLatency('ctx.changeUserVisibility', 500);
    await until(() => h.fake.control.callsTo('ctx.changeUserVisibility').length === 1);
    const p = h.store.leave();
    await h.settle(1000);
    await p;
    expect(h.store.phase).toBe('left');
    expect(joins()).toBe(0);
  });

  test('a viewer leaving while it hides after a listen-only join is told nothing more', async () => {
    openAsViewer();
    h.fake.control.setLatency('ctx.changeUserVisibility', 300);
    h.fake.control.failNext('ctx.joinRtcRoom', { errNo: 10200 });
    // before-join hide (refused), join refused, before-join hide again, join, after-join hide: leave now
    await until(() => h.fake.control.callsTo('ctx.changeUserVisibility').length === 3);
    const shown = h.store.notice;
    expect(shown!.text).toBe(NOTICE.bothRefused);
    const p = h.store.leave();
    await h.settle(1000);
    await p;
    expect(h.store.phase).toBe('left');
    expect(h.store.notice).toBe(shown);
  });
});

describe('join failures', () => {
  test('a fresh token that is refused too ends in "link expired" after one renewal', async () => {
    const source = { calls: 0, fetchToken: () => (source.calls++, Promise.resolve(unverifiableToken())) };
    h = createRoomHarness({ tokenSource: source });
    h.store.open({ roomId: ROOM, userId: ME, token: unverifiableToken() });
    await h.settle(200);
    expect(h.store.failure).toMatchObject({ reason: 'token-expired', code: 21101 });
    expect(source.calls).toBe(1);
    expect(joins()).toBe(2);
  });

  test('a renewed token is not fetched again on the next reconnect', async () => {
    const source = { calls: 0, fetchToken: (r: string, u: string) => (source.calls++, Promise.resolve(h.cloud.mintToken(r, u))) };
    h = createRoomHarness({ tokenSource: source });
    h.store.open({ roomId: ROOM, userId: ME, token: unverifiableToken() });
    await h.settle();
    expect(h.store.phase).toBe('joined');
    h.fake.control.interrupt();
    await h.settle(1100);
    expect(h.store.phase).toBe('joined');
    expect(source.calls).toBe(1);
  });

  test('a link token that ran out in the room (no token service) ends the reconnect in "link expired"', async () => {
    let expiresAt = Math.floor(Date.now() / 1000) + 3600;
    await joined({ readTokenExpiry: () => expiresAt });
    expiresAt = Math.floor(Date.now() / 1000) - 1;
    h.fake.control.interrupt();
    await h.settle(1100);
    expect(h.store.failure).toMatchObject({ reason: 'token-expired', code: 21101 });
    const errors = h.store.stateLog.filter((e) => e.kind === 'join-error');
    expect(errors).toEqual([expect.objectContaining({ code: 21101, message: 'link token expired' })]);
    expect(joins()).toBe(1);
  });

  test('a destroyed engine gets one new context, then counts as a normal failure', async () => {
    h = createRoomHarness();
    h.fake.control.failAlways('ctx.joinRtcRoom', { errorCode: 115910, errMsg: 'engine destroyed' });
    h.store.open(h.query());
    await h.settle(100);
    expect(joins()).toBe(2); // the first failure is retried at once on a new context
    await h.settle(5000);
    expect(h.store.failure).toMatchObject({ reason: 'join-failed' });
    expect(joins()).toBe(1 + 3);
  });

  test('a join refused for permissions joins again listen-only and says so', async () => {
    h = createRoomHarness();
    h.fake.control.failNext('ctx.joinRtcRoom', { errNo: 10200 });
    h.store.open(h.query());
    await h.settle(100);
    expect(h.store.phase).toBe('joined');
    const calls = h.fake.control.callsTo('ctx.joinRtcRoom');
    expect(calls).toHaveLength(2);
    expect(calls[0].args).not.toMatchObject({ roomConfig: { autoPublish: false } });
    expect(calls[1].args).toMatchObject({ roomConfig: { autoPublish: false } });
    expect(h.store.notice!.text).toBe(NOTICE.bothRefused);
  });

  test('a listen-only join does not start capture beside the join', async () => {
    h = createRoomHarness();
    h.fake.control.setLatency('ctx.joinRtcRoom', 200);
    h.fake.control.failNext('ctx.joinRtcRoom', { errNo: 10200 });
    h.store.open(h.query());
    await until(() => joins() === 2);
    const captures = (): number => h.fake.control.callsTo('ctx.changeVideoCapture').length;
    const before = captures();
    await h.settle(100); // the listen-only join is still out
    expect(captures()).toBe(before);
  });

  test('a join refused for permissions twice is a normal failure, not a loop', async () => {
    h = createRoomHarness();
    h.fake.control.failAlways('ctx.joinRtcRoom', { errNo: 10200 });
    h.store.open(h.query());
    await h.settle(5000);
    expect(h.store.failure).toMatchObject({ reason: 'join-failed' });
    expect(joins()).toBe(1 + 3);
  });

  test.each([
    ['capability not granted (116183)', { errNo: 116183 }, 'capability-denied'],
    ['bad parameter (20000)', { errNo: 20000 }, 'join-failed'],
  ] as const)('a join refused for %s stops at once, without retries', async (_name, failure, reason) => {
    h = createRoomHarness();
    h.fake.control.failNext('ctx.joinRtcRoom', failure);
    h.store.open(h.query());
    await h.settle(100);
    expect(h.store.phase).toBe('failed');
    expect(h.store.failure).toMatchObject({ reason, code: failure.errNo });
    expect(joins()).toBe(1);
  });

  test('a Douyin without joinRtcRoom stops at once as "unsupported"', async () => {
    h = createRoomHarness();
    h.store.open(h.query());
    h.fake.control.removeMethod('ctx.joinRtcRoom');
    await h.settle(100);
    expect(h.store.phase).toBe('failed');
    expect(h.store.failure).toMatchObject({ reason: 'unsupported' });
  });

  test('a join error is logged with its code and the platform text', async () => {
    h = createRoomHarness();
    h.fake.control.failNext('ctx.joinRtcRoom', { errNo: 21102, errMsg: 'joinRtcRoom:fail busy' });
    h.store.open(h.query());
    await h.settle(1100);
    expect(h.store.phase).toBe('joined');
    expect(h.store.stateLog.filter((e) => e.kind === 'join-error')).toEqual([
      expect.objectContaining({ code: 21102, message: 'joinRtcRoom:fail busy' }),
    ]);
  });
});

describe('what the user is told after joining', () => {
  test('all granted: no notice', async () => {
    await joined();
    expect(h.store.notice).toBeNull();
  });

  test('camera refused: the camera notice, and the join still publishes', async () => {
    await joined({ tt: { permissions: { 'scope.camera': false } } });
    expect(h.store.notice!.text).toBe(NOTICE.cameraRefused);
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')[0].args).toEqual(expect.objectContaining({ roomConfig: { autoSubscribe: false } }));
  });

  test('mic refused: the mic notice, and the join still publishes', async () => {
    await joined({ tt: { permissions: { 'scope.record': false } } });
    expect(h.store.notice!.text).toBe(NOTICE.micRefused);
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')[0].args).toEqual(expect.objectContaining({ roomConfig: { autoSubscribe: false } }));
  });

  test('a refused device the user chose to keep off is not mentioned', async () => {
    await joined({ tt: { permissions: { 'scope.camera': false } } }, { camera: false });
    expect(h.store.notice).toBeNull();
    await leaveNow();
    await joined({ tt: { permissions: { 'scope.record': false } } }, { mic: false });
    expect(h.store.notice).toBeNull();
  });

  test('a reconnect says only "reconnected", not the refusal again', async () => {
    await joined({ tt: { permissions: { 'scope.camera': false } } });
    const seen = noticesFromNow();
    h.fake.control.interrupt();
    await h.settle(1100);
    expect(h.store.phase).toBe('joined');
    expect(seen).toEqual([NOTICE.reconnected]);
  });
});

describe('banners', () => {
  test('the reconnect banner counts attempts', async () => {
    await joined();
    h.fake.control.failNext('ctx.joinRtcRoom', { errNo: 21102 });
    h.fake.control.interrupt();
    await h.settle(1010);
    expect(h.store.banner).toEqual({ kind: 'warn', text: BANNER.reconnecting(2) });
  });

  test('in the room and offline: waiting for the network; after leaving: none', async () => {
    await joined();
    h.fake.control.setNetwork({ isConnected: false, networkType: 'none' });
    expect(h.store.banner).toEqual({ kind: 'warn', text: BANNER.waitingNetwork });
    await leaveNow();
    expect(h.store.banner).toBeNull();
  });
});

describe('a viewer hiding itself', () => {
  test('hidden before the join: not hidden a second time', async () => {
    openAsViewer({ visibilityBeforeJoin: 'kept' });
    await h.settle(100);
    expect(h.store.phase).toBe('joined');
    expect(h.fake.control.callsTo('ctx.changeUserVisibility')).toHaveLength(1);
  });

  test('a viewer touches no device beside the join (no capture, no audio route)', async () => {
    openAsViewer();
    await h.settle(100);
    expect(h.store.phase).toBe('joined');
    expect(h.fake.control.callsTo('ctx.setAudioPlaybackDevice')).toHaveLength(0);
  });

  test('without changeUserVisibility: watched visibly, and the log says so for both moments', async () => {
    h = createRoomHarness();
    h.fake.control.removeMethod('ctx.changeUserVisibility');
    h.store.open({ roomId: ROOM, userId: ME, token: encodeURIComponent(viewerToken()) });
    await h.settle(100);
    expect(h.store.phase).toBe('joined');
    expect(h.fake.control.callsTo('ctx.changeUserVisibility')).toHaveLength(0);
    expect(h.store.stateLog.filter((e) => e.message.startsWith('invisible')).map((e) => e.message)).toEqual([
      'invisible before join: changeUserVisibility unavailable, watching visibly',
      'invisible after join: changeUserVisibility unavailable, watching visibly',
    ]);
  });

  test('a refused hide is logged with the platform text, or its category when there is none', async () => {
    openAsViewer();
    h.fake.control.failNext('ctx.changeUserVisibility', { errNo: 20000, errMsg: 'changeUserVisibility:fail not in room' });
    await h.settle(100);
    const messages = (): string[] => h.store.stateLog.filter((e) => e.message.startsWith('invisible')).map((e) => e.message);
    expect(messages()[0]).toBe('invisible before join refused: changeUserVisibility:fail not in room');
    await leaveNow();
    openAsViewer();
    h.fake.control.failNext('ctx.changeUserVisibility', { errNo: 20000, errMsg: '' });
    await h.settle(100);
    expect(messages()[0]).toBe('invisible before join refused: bad-parameter');
  });
});

describe('tiles while lists race', () => {
  test('someone seen only in the camera or share list gets a tile on the page', async () => {
    await joined();
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: [ME, 'bob'] });
    h.fake.control.emitRaw('onRtcVideoMembersChanged', { userIdList: [ME, 'bob', 'carol'] });
    expect(h.store.tiles.map((t) => t.userId)).toEqual([ME, 'bob', 'carol']);
    h.fake.control.emitRaw('onRtcVideoMembersChanged', { userIdList: [ME, 'bob'] });
    h.fake.control.emitRaw('onRtcPublishScreenMembersChanged', { userIdList: ['dan'] });
    expect(h.store.tiles.map((t) => t.userId)).toEqual([ME, 'bob', 'dan']);
    h.fake.control.emitRaw('onRtcPublishScreenMembersChanged', { userIdList: [] });
    h.fake.control.emitRaw('onRtcVideoMembersChanged', { userIdList: [ME, 'bob', 'carol'] });
    await h.settle(50);
    expect(h.store.pageTiles.map((t) => t.userId).sort()).toEqual(['bob', 'carol']);
  });

  test('someone who left is off the page at once, before the grid is re-ordered', async () => {
    await joined();
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: [ME, 'bob'] });
    await h.settle(50);
    expect(h.store.pageTiles.map((t) => t.userId)).toEqual(['bob']);
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: [ME] });
    expect(h.store.pageTiles).toEqual([]);
  });

  test('a burst of speaker events does not hold back a newcomer past one frame', async () => {
    await joined();
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: [ME, 'bob'] });
    for (let i = 0; i < 6; i++) {
      await h.settle(5);
      h.fake.control.emitRaw('onRtcChatSpeakersChanged', { userIdList: i % 2 ? [ME] : [] });
    }
    expect(h.store.pageTiles.map((t) => t.userId)).toEqual(['bob']);
  });
});

describe('subscriptions', () => {
  test('a phone configured for fewer streams receives no more videos or voices than that', async () => {
    h = createRoomHarness({ tt: { subscribeStreamTypes: 'all' }, deps: () => ({ subscriptionCaps: { video: 1, audio: 1 } }) });
    for (const id of ['bob', 'carol', 'dan']) h.cloud.addRemote(ROOM, id, { camera: true, mic: true, platform: 'web' });
    h.store.open(h.query());
    await h.settle(500);
    expect(h.store.phase).toBe('joined');
    const receiving = h.cloud.room(ROOM).member(ME)!.receiving();
    expect(receiving.video.length).toBe(1);
    expect(receiving.audio.length).toBe(1);
  });

  test('a refused subscription is in the diagnostics log', async () => {
    h = createRoomHarness();
    h.cloud.addRemote(ROOM, 'bob', { camera: true, mic: true, platform: 'web' });
    h.fake.control.failAlways('ctx.changeStreamSubscribeState', { errNo: 21102, errMsg: 'subscribe refused' });
    h.store.open(h.query());
    await h.settle(500);
    h.fake.control.failAlways('ctx.changeStreamSubscribeState', null);
    expect(h.store.stateLog.some((e) => e.kind === 'platform' && e.message.includes('subscribe refused'))).toBe(true);
  });
});
