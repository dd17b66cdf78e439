// Session records: one record per way a session ends (driven through a real RoomStore on the
// simulated runtime), the bounded history, and storage that is corrupt, old or oversized.
import { createStorage } from '../../services/storage';
import type { SessionRecorder } from '../../stores/session-recorder';
import {
  MAX_RECORDS,
  RECORDS_KEY,
  createSessionHistory,
  parseRecords,
  type SessionHistory,
  type SessionRecord,
} from '../../stores/session-records';
import { memoryRecordsStorage, recordedRoom, SAMPLE_RECORD, type RecordedRoom } from '../../sim/helpers/recorded-room';
import { APP_ID, ME, ROOM, type createRoomHarness, unverifiableToken, type RoomHarness } from '../../sim/helpers/room-harness';
import { createFakeTt } from '../../sim/fake-tt';

let room: RecordedRoom;
let h: RoomHarness;
let history: SessionHistory;
let recorder: SessionRecorder;

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  await room.leave();
  recorder.dispose();
  jest.useRealTimers();
});

function setup(opts: Parameters<typeof createRoomHarness>[0] = {}, invite?: string): void {
  room = recordedRoom(opts, invite ? { invite } : {});
  ({ h, history, recorder } = room);
}

async function join(): Promise<void> {
  h.store.open(h.query());
  await h.settle();
  expect(h.store.phase).toBe('joined');
}

function records(): SessionRecord[] {
  return history.list();
}

describe('one record per session end', () => {
  test('left: duration, peak members, reconnects, screen-share periods, invite', async () => {
    setup({}, '1999999999.abcdefghijklmnopqrstuv');
    await join();
    const joinedAt = h.store.joinedAt;
    const bob = h.cloud.addRemote(ROOM, 'bob', { camera: true, platform: 'web' });
    h.cloud.addRemote(ROOM, 'carol', { platform: 'web' });
    await h.settle(1000);
    bob.startScreenShare();
    await h.settle(5000);
    bob.stopScreenShare();
    await h.settle(1000);
    h.fake.control.interrupt();
    await h.settle(1500);
    expect(h.store.phase).toBe('joined');
    await h.settle(2000);
    await room.leave();
    const [r] = records();
    expect(records()).toHaveLength(1);
    expect(r).toMatchObject({ roomId: ROOM, userId: ME, endReason: 'left', peakMembers: 3, reconnects: 1, invite: '1999999999.abcdefghijklmnopqrstuv' });
    // Who was there (for contacts), not me, each once though they were seen again after the reconnect.
    expect(r.people).toEqual(['bob', 'carol']);
    expect(r.startedAt).toBe(joinedAt);
    expect(r.durationMs).toBe(r.endedAt - r.startedAt);
    expect(r.durationMs).toBeGreaterThanOrEqual(10000);
    expect(r.screenShares).toHaveLength(1);
    expect(r.screenShares[0].userId).toBe('bob');
    expect(r.screenShares[0].endedAt - r.screenShares[0].startedAt).toBeGreaterThanOrEqual(4990);
    expect(recorder.last).toEqual(r);
    // Never the token.
    expect(JSON.stringify(h.fake.control.storage.get(RECORDS_KEY))).not.toContain(`001${APP_ID}`);
  });

  test('a share still on stage when the session ends is closed at the end', async () => {
    setup();
    await join();
    const bob = h.cloud.addRemote(ROOM, 'bob', { platform: 'web' });
    await h.settle();
    bob.startScreenShare();
    await h.settle(3000);
    h.store.leave();
    await h.settle(100);
    const [r] = records();
    expect(r.screenShares).toEqual([{ userId: 'bob', startedAt: expect.any(Number), endedAt: r.endedAt }]);
  });

  test('duplicate login', async () => {
    setup();
    await join();
    const second = createFakeTt(h.cloud, { label: 'alice-2' });
    const ctx = second.tt.createRtcRoomContext!({ appId: APP_ID })!;
    ctx.joinRtcRoom!({ roomId: ROOM, userId: ME, token: h.cloud.mintToken(ROOM, ME) });
    await h.settle(100);
    expect(h.store.phase).toBe('failed');
    expect(records()[0]).toMatchObject({ endReason: 'duplicate-login', peakMembers: 1 });
  });

  test('failed after the reconnect bound', async () => {
    setup();
    await join();
    h.fake.control.failAlways('ctx.joinRtcRoom', { errNo: 21102 });
    h.fake.control.interrupt();
    await h.settle(50000);
    expect(h.store.phase).toBe('failed');
    expect(records()[0]).toMatchObject({ endReason: 'reconnect-exhausted', reconnects: 0 });
    expect(records()[0].durationMs).toBeGreaterThan(40000);
  });

  test('token expired with no token source', async () => {
    setup();
    await join();
    h.cloud.expireToken(ME);
    await h.settle(100);
    expect(records()[0]).toMatchObject({ endReason: 'token-expired' });
  });

  test('kicked', async () => {
    setup();
    await join();
    h.fake.control.interrupt({ errNo: -1006, errMsg: 'kicked by server' });
    await h.settle(100);
    expect(records()[0]).toMatchObject({ endReason: 'kicked' });
  });

  test('a join that never succeeded is a join-failed record with its cause', async () => {
    setup();
    h.store.open(h.query({ token: encodeURIComponent(unverifiableToken()) }));
    await h.settle(100);
    expect(h.store.phase).toBe('failed');
    expect(records()).toEqual([expect.objectContaining({ roomId: ROOM, endReason: 'join-failed', cause: 'token-expired', durationMs: 0, peakMembers: 0 })]);
  });

  test('transient join failures until the bound: join-failed without a cause', async () => {
    setup();
    h.fake.control.failAlways('ctx.joinRtcRoom', { errNo: 21102 });
    h.store.open(h.query());
    await h.settle(10000);
    expect(records()).toEqual([expect.objectContaining({ endReason: 'join-failed', durationMs: 0 })]);
    expect(records()[0].cause).toBeUndefined();
  });

  test('a bad link, or giving up while joining, records nothing', async () => {
    setup();
    h.store.open({ roomId: 'bad room' });
    await h.settle();
    h.fake.control.setLatency('ctx.joinRtcRoom', 500);
    h.store.open(h.query());
    await h.settle(100);
    h.store.leave();
    await h.settle(1000);
    expect(records()).toEqual([]);
  });

  test('rejoin after leaving is a second session with its own counters', async () => {
    setup();
    await join();
    h.fake.control.interrupt();
    await h.settle(1500);
    h.store.leave();
    await h.settle(100);
    h.store.rejoin();
    await h.settle(100);
    expect(h.store.phase).toBe('joined');
    await h.settle(2000);
    h.store.leave();
    await h.settle(100);
    const [second, first] = records();
    expect(first.reconnects).toBe(1);
    expect(second).toMatchObject({ reconnects: 0, endReason: 'left' });
    expect(second.durationMs).toBeGreaterThanOrEqual(2000);
    expect(second.durationMs).toBeLessThan(3000);
  });
});

describe('history storage', () => {
  const base = SAMPLE_RECORD;
  const memory = memoryRecordsStorage;

  // These tests need no harness; give afterEach something to leave.
  beforeEach(() => setup());

  test('bounded to the last 50, newest first, versioned', () => {
    const store = memory();
    const hist = createSessionHistory(store);
    for (let i = 0; i < 60; i++) hist.add({ ...base, roomId: `r${i}`, startedAt: i * 10, endedAt: i * 10 + 5 });
    const list = hist.list();
    expect(list).toHaveLength(MAX_RECORDS);
    expect(list[0].roomId).toBe('r59');
    expect(list[49].roomId).toBe('r10');
    expect(store.value).toMatchObject({ v: 1 });
  });

  test.each([
    ['a string', 'garbage{'],
    ['a number', 42],
    ['null', null],
    ['an object without records', { v: 1, recs: [] }],
    ['a newer format', { v: 2, records: [base] }],
  ])('corrupt storage (%s) reads as empty, and the next write works', (_n, stored) => {
    const store = memory(stored);
    const hist = createSessionHistory(store);
    expect(hist.list()).toEqual([]);
    hist.add(base);
    expect(hist.list()).toEqual([base]);
  });

  test('bad entries are dropped, good ones kept (old bare-array format too)', () => {
    const good2 = { ...base, roomId: 'r2', endedAt: 3000, invite: '123.abc', extra: 'dropped' };
    const stored = [
      base,
      null,
      'x',
      { ...base, roomId: 'bad room' },
      { ...base, endedAt: 10 },
      { ...base, endReason: 'exploded' },
      { ...base, peakMembers: -1 },
      { ...base, screenShares: [{ userId: 'bob', startedAt: 5, endedAt: 1 }, { userId: 'carol', startedAt: 1, endedAt: 5 }, 7] },
      good2,
      { ...base, invite: '<script>' },
    ];
    const list = parseRecords(stored);
    expect(list.map((r) => r.roomId)).toEqual(['r2', 'r1', 'r1', 'r1']);
    expect(list[0]).toEqual({ ...base, roomId: 'r2', endedAt: 3000, invite: '123.abc' });
    expect(list.find((r) => r.screenShares.length)!.screenShares).toEqual([{ userId: 'carol', startedAt: 1, endedAt: 5 }]);
    expect(list.filter((r) => 'invite' in r)).toHaveLength(1);
  });

  test('oversized storage: a huge array and huge share lists are cut, not crashed on', () => {
    const many = [];
    for (let i = 0; i < 5000; i++) many.push({ ...base, screenShares: new Array(500).fill({ userId: 'bob', startedAt: 1, endedAt: 2 }) });
    const list = parseRecords({ v: 1, records: many });
    expect(list).toHaveLength(MAX_RECORDS);
    expect(list[0].screenShares).toHaveLength(20);
  });

  test('through the real storage service on the simulated runtime: planted junk and failing reads', () => {
    h.fake.control.storage.set(RECORDS_KEY, { v: 1, records: [base, { nope: true }] });
    const hist = createSessionHistory(createStorage(h.fake.tt));
    expect(hist.list()).toEqual([base]);
    h.fake.control.failAlways('tt.getStorageSync', { errMsg: 'getStorageSync:fail io' });
    expect(hist.list()).toEqual([]);
    h.fake.control.failAlways('tt.getStorageSync', null);
    h.fake.control.failAlways('tt.setStorageSync', { errMsg: 'setStorageSync:fail exceed storage max size' });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => hist.add({ ...base, roomId: 'r9' })).not.toThrow();
    warn.mockRestore();
    expect(hist.list()).toEqual([base]);
  });
});
