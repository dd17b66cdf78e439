// What the recorder writes for details the main session-records tests leave open: the peak survives
// people leaving, the latest 20 screen-share periods are kept, the call id is recorded, a join-failed
// record starts when the store started preparing (not when the recorder was made), a member swapped in
// within one list event is among the people, and a disposed recorder writes nothing.
import type { SessionRecorder } from '../../stores/session-recorder';
import type { SessionHistory } from '../../stores/session-records';
import { recordedRoom, type RecordedRoom } from '../../sim/helpers/recorded-room';
import { ROOM, type createRoomHarness, unverifiableToken, type RoomHarness } from '../../sim/helpers/room-harness';

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

function setup(opts: Parameters<typeof createRoomHarness>[0] = {}, callId?: string): void {
  room = recordedRoom(opts, callId ? { callId } : {});
  ({ h, history, recorder } = room);
}
const leave = () => room.leave();

test('the peak is the most people at once, not how many were left at the end', async () => {
  setup();
  await h.join();
  h.cloud.addRemote(ROOM, 'bob', { platform: 'web' });
  const carol = h.cloud.addRemote(ROOM, 'carol', { platform: 'web' });
  await h.settle(1000);
  carol.leave();
  await h.settle(1000);
  expect((await leave())[0].peakMembers).toBe(3);
});

test('many screen shares: the latest 20 periods are kept, each with its sharer', async () => {
  setup();
  await h.join();
  const bob = h.cloud.addRemote(ROOM, 'bob', { platform: 'web' });
  await h.settle(100);
  const starts: number[] = [];
  for (let i = 0; i < 25; i++) {
    bob.startScreenShare();
    await h.settle(1000);
    starts.push(Date.now());
    bob.stopScreenShare();
    await h.settle(1000);
  }
  const [r] = await leave();
  expect(r.screenShares).toHaveLength(20);
  expect(r.screenShares.every((s) => s.userId === 'bob')).toBe(true);
  // The first kept period is the 6th share (started before the 6th of our marks, after the 5th).
  expect(r.screenShares[0].startedAt).toBeGreaterThan(starts[4]);
  expect(r.screenShares[0].startedAt).toBeLessThan(starts[5]);
});

test('the call this room was opened for is recorded', async () => {
  setup({}, 'call_0123456789');
  await h.join();
  expect((await leave())[0].callId).toBe('call_0123456789');
});

test('a join that never succeeded starts when the store began preparing, not when the recorder was made', async () => {
  setup();
  await h.settle(5000);
  // Reading the network type (a preparing step) takes 2 s.
  h.fake.control.setLatency('tt.getNetworkType', 2000);
  const openedAt = Date.now();
  h.store.open(h.query({ token: encodeURIComponent(unverifiableToken()) }));
  await h.settle(3000);
  expect(h.store.phase).toBe('failed');
  expect(history.list()).toEqual([expect.objectContaining({ endReason: 'join-failed', startedAt: openedAt })]);
});

test('someone who replaced another within one list event is among the people', async () => {
  setup({ cloud: { mergeSameInstant: true } });
  await h.join();
  const bob = h.cloud.addRemote(ROOM, 'bob', { platform: 'web' });
  await h.settle(1000);
  bob.leave();
  const dave = h.cloud.addRemote(ROOM, 'dave', { platform: 'web' });
  await h.settle(1000);
  expect(h.store.memberCount).toBe(2);
  dave.leave();
  await h.settle(1000);
  expect((await leave())[0].people).toEqual(['bob', 'dave']);
});

test('a disposed recorder writes nothing', async () => {
  setup();
  await h.join();
  recorder.dispose();
  expect(await leave()).toEqual([]);
  expect(recorder.last).toBeNull();
});
