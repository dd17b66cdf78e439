// After a failure the store keeps following the network only when the network coming back can cure
// it (a join or reconnect that failed for the network retries by itself, room-store.in-room.test.ts).
// Any other failure lets go of the platform's network listener: nothing more to do with it.
import { createRoomHarness, type RoomHarness } from '../../sim/helpers/room-harness';

let h: RoomHarness;

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  expect(await h.leaveRoom(1000)).toEqual({ violations: [], liveContexts: 0 });
  jest.useRealTimers();
});

/** Network listeners the app has registered with the platform and not removed. */
const networkListeners = (): number =>
  h.fake.control.callsTo('tt.onNetworkStatusChange').length - h.fake.control.callsTo('tt.offNetworkStatusChange').length;

const networkLog = (): string[] => h.store.stateLog.filter((e) => e.kind === 'network').map((e) => e.message);

async function networkBlip(): Promise<void> {
  h.fake.control.setNetwork({ isConnected: false, networkType: 'none' });
  await h.settle();
  h.fake.control.setNetwork({ isConnected: true, networkType: 'wifi' });
  await h.settle(3000);
}

test('removed from the room (Retry offered, but not a network problem): the network is no longer followed', async () => {
  h = createRoomHarness();
  await h.join();
  expect(networkListeners()).toBe(1);
  h.fake.control.emitRaw('onRtcChatInterrupted', { errNo: -1006, errMsg: 'removed by admin' });
  await h.settle(100);
  expect(h.store.failure).toMatchObject({ reason: 'kicked', retryable: true });
  expect(networkListeners()).toBe(0);
  await networkBlip();
  expect(h.store.phase).toBe('failed');
  expect(networkLog()).toEqual([]);
  expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(1);
});
