// Closing one of two instances on one Redis takes its users' presence with it at once: the other
// instance's sweeper treats a caller who was on the closed instance as gone after the drop grace,
// instead of as online until the presence TTL (1.5 heartbeats, 37.5 s here) runs out.
import { newCallId, Phone } from './phone';
import { twoInstancesOnRedis } from './two-instances';

const t = twoInstancesOnRedis();

it('an instance closing: its caller counts as gone on the other instance, whose callee sees the ring cancelled (dropped)', async () => {
  // Default heartbeat (presence lasts 37.5 s); a short drop grace and ring timeout far away.
  await t.start({ heartbeatMs: 25_000, dropGraceMs: 300, ringTimeoutMs: 30_000, sweepMs: 50 });
  // A socket that never said hello is on the closing instance too: it has no presence to remove.
  t.track(await Phone.open(t.a.wsUrl));
  const caller = await t.phone(t.a, 'leaving-caller');
  const callee = await t.phone(t.b, 'staying-callee');
  const callId = newCallId();
  await caller.request({ type: 'invite', callId, callee: 'staying-callee', media: 'video' });
  await callee.ring(callId);

  await t.a.close();
  expect(await callee.call(callId, undefined, 5000)).toMatchObject({ state: 'cancelled', reason: 'dropped' });
}, 15_000);
