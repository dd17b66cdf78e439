// RtcEventHub on a context whose on*/off* member is present but not a function (a stub on some
// client): it is treated as missing; subscribing neither throws nor loses the other spelling.
import type { RawRtcRoomContext } from '../../services/platform/tt-types';
import { RtcEventHub } from '../../services/rtc/rtc-events';
import type { RoomEvent } from '../../services/rtc/room-events';

test('a non-function on* member is skipped: the other state spelling still delivers; dispose offs only the real one', () => {
  const handlers: Array<(p: unknown) => void> = [];
  const offs: Array<(p: unknown) => void> = [];
  const ctx = {
    onRtcStateChange: {},
    offRtcStateChange: {},
    onRtcStateChanged: (h: (p: unknown) => void) => handlers.push(h),
    offRtcStateChanged: (h: (p: unknown) => void) => offs.push(h),
  } as unknown as RawRtcRoomContext;
  const hub = new RtcEventHub(ctx);
  const got: RoomEvent[] = [];
  expect(() => hub.on('state', (s) => got.push(s))).not.toThrow();
  expect(handlers).toHaveLength(1);
  handlers[0]({ errNo: -1006 });
  expect(got).toEqual([{ meaning: 'kicked', code: -1006, message: 'kicked' }]);
  hub.dispose();
  expect(offs).toEqual(handlers);
});
