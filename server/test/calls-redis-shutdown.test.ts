// Closing one of two instances on one Redis takes its users' presence with it at once: the other
// instance's sweeper treats a caller who was on the closed instance as gone after the drop grace,
// instead of as online until the presence TTL (1.5 heartbeats, 37.5 s here) runs out.
import type { Config } from '../src/config';
import { type RunningApp, startApp, testConfig } from './helpers';
import { newCallId, Phone } from './phone';
import { type RedisServer, startRedisServer } from './redis-server';

let redis: RedisServer;
let a: RunningApp;
let b: RunningApp;
const phones: Phone[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.kill()));
  await a?.close();
  await b?.close();
});

function config(): Config {
  const base = testConfig('dev', { redisUrl: redis.url });
  // Default heartbeat (presence lasts 37.5 s); a short drop grace and ring timeout far away.
  return { ...base, calls: { ...base.calls, heartbeatMs: 25_000, dropGraceMs: 300, ringTimeoutMs: 30_000, sweepMs: 50 } };
}

it('an instance closing: its caller counts as gone on the other instance, whose callee sees the ring cancelled (dropped)', async () => {
  a = await startApp(config());
  b = await startApp(config());
  // A socket that never said hello is on the closing instance too: it has no presence to remove.
  const anonymous = await Phone.open(a.wsUrl);
  const caller = await Phone.connect(a.wsUrl, { userId: 'leaving-caller' });
  const callee = await Phone.connect(b.wsUrl, { userId: 'staying-callee' });
  phones.push(anonymous, caller, callee);
  const callId = newCallId();
  await caller.request({ type: 'invite', callId, callee: 'staying-callee', media: 'video' });
  await callee.ring(callId);

  await a.close();
  expect(await callee.call(callId, undefined, 5000)).toMatchObject({ state: 'cancelled', reason: 'dropped' });
}, 15_000);
