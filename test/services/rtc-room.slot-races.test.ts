// The one-context slot (R9) when an exit is still under way while the room is parked and its context
// taken over: the exit's late callback frees the slot only if it still holds that context, and a room
// whose slot was already freed can still be parked.
import { createRtcRoom } from '../../services/rtc/rtc-room';
import { RtcCloud, SIM_APP_ID } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';
import { flush } from '../../sim/time';

let fake: FakeTt;

beforeEach(() => {
  jest.useFakeTimers();
  fake = createFakeTt(new RtcCloud(), { label: 'alice' });
});
afterEach(() => jest.useRealTimers());

test('a room that took over a context whose exit was under way can still be parked; the next room gets a new context', async () => {
  const a = createRtcRoom(fake.tt, SIM_APP_ID);
  const exiting = a.exit('r1').catch(() => undefined);
  a.park();
  const b = createRtcRoom(fake.tt, SIM_APP_ID); // takes over the context a is exiting
  await flush();
  await exiting;
  expect(() => b.park()).not.toThrow();
  const c = createRtcRoom(fake.tt, SIM_APP_ID);
  expect(fake.control.callsTo('tt.createRtcRoomContext')).toHaveLength(2);
  expect(fake.control.violations).toEqual([]);
  c.dispose();
});

test("a late exit of an already exited context does not free the slot of the next room's new context", async () => {
  const a = createRtcRoom(fake.tt, SIM_APP_ID);
  const exitA = a.exit('r1').catch(() => undefined);
  a.park();
  const b = createRtcRoom(fake.tt, SIM_APP_ID); // same context, being exited by a
  await flush();
  await exitA; // that context is destroyed and its slot freed
  const exitB = b.exit('r1').catch(() => undefined); // b still thinks it is live
  const c = createRtcRoom(fake.tt, SIM_APP_ID); // a new context
  await flush();
  await exitB;
  expect(c.disposed).toBe(false);
  expect(() => createRtcRoom(fake.tt, SIM_APP_ID)).toThrow(expect.objectContaining({ category: 'busy' }));
  expect(fake.control.callsTo('tt.createRtcRoomContext')).toHaveLength(2);
  expect(fake.control.violations).toEqual([]);
  c.dispose();
});
