// Room store lifecycles that overlap: a retry started while the previous attempt is still out, and
// a network listener kept across a failure the network may fix. What the platform sees (call order,
// listeners) and what the diagnostics sheet shows must be those of one session.
import { createRoomHarness, type RoomHarness } from '../../sim/helpers/room-harness';

let h: RoomHarness;

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  expect(await h.leaveRoom(3000)).toEqual({ violations: [], liveContexts: 0 });
  jest.useRealTimers();
});

/** Advance fake time in small steps until `cond` holds (at most `ms`). */
async function until(cond: () => boolean, ms = 5000): Promise<void> {
  for (let t = 0; t < ms && !cond(); t += 5) await h.settle(5);
  expect(cond()).toBe(true);
}

const joinCalls = (): Array<{ at: number }> => h.fake.control.callsTo('ctx.joinRtcRoom');

describe('a retry while the previous attempt is still out', () => {
  test('removed during a rejoin, Retry, then leave during the new join: the exit waits for that join', async () => {
    h = createRoomHarness();
    h.store.open(h.query());
    await h.settle();
    expect(h.store.phase).toBe('joined');
    h.fake.control.setLatency('ctx.joinRtcRoom', 500);
    h.fake.control.interrupt();
    // The rejoin's join goes out after the backoff wait and stays unanswered for 500 ms.
    await until(() => joinCalls().length === 2);
    await h.settle(100);
    h.fake.control.emitRaw('onRtcStateChanged', { errNo: -1006, errMsg: 'kicked by server' });
    expect(h.store.failure).toMatchObject({ reason: 'kicked', retryable: true });
    // Retry before the old rejoin's join answered: the new join waits for it, then goes out.
    h.store.retry();
    await until(() => joinCalls().length === 3);
    const newJoinAt = joinCalls()[2].at;
    await h.settle(100);
    const exitsBefore = h.fake.control.callsTo('ctx.exitRtcRoom').length;
    const p = h.store.leave();
    await h.settle(600);
    await p;
    const exits = h.fake.control.callsTo('ctx.exitRtcRoom').slice(exitsBefore);
    expect(exits).toHaveLength(1);
    // Exiting while our join is out could let the join land after we left.
    expect(exits[0].at).toBeGreaterThanOrEqual(newJoinAt + 500);
  });
});

describe('the network listener across a failure', () => {
  test('after a network failure and the retry it triggered, one network change is logged once', async () => {
    h = createRoomHarness();
    h.fake.control.failAlways('ctx.joinRtcRoom', { errNo: 21102 });
    h.store.open(h.query());
    await h.settle(1000 + 2000 + 10);
    expect(h.store.failure).toMatchObject({ reason: 'join-failed', retryable: true });
    h.fake.control.failAlways('ctx.joinRtcRoom', null);
    h.fake.control.setNetwork({ isConnected: false, networkType: 'none' });
    h.fake.control.setNetwork({ isConnected: true, networkType: 'wifi' });
    await h.settle();
    expect(h.store.phase).toBe('joined');
    const logged = (): string[] => h.store.stateLog.filter((e) => e.kind === 'network').map((e) => e.message);
    const before = logged().length;
    h.fake.control.setNetwork({ isConnected: true, networkType: '4g' });
    await h.settle();
    expect(logged().slice(before)).toEqual(['online 4g']);
  });
});
