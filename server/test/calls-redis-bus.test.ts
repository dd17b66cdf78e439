// The calls pub/sub bus across two instances on a real Redis: a device that says hello on the other
// instance replaces its older socket there (4000 "replaced") and keeps the new one, and a message on
// the channel that is not ours is logged once as unreadable and changes nothing.
import Redis from 'ioredis';
import { BUS_CHANNEL } from '../src/calls/bus';
import { type RunningApp, startApp, testConfig } from './helpers';
import { Phone } from './phone';
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
beforeEach(async () => {
  a = await startApp(testConfig('dev', { redisUrl: redis.url }));
  b = await startApp(testConfig('dev', { redisUrl: redis.url }));
});
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.kill()));
  await a?.close();
  await b?.close();
});

it('the same device saying hello on the other instance closes the older socket (4000 "replaced"); other devices stay', async () => {
  const old = await Phone.connect(a.wsUrl, { userId: 'kicked' }, 'same-device');
  const otherDevice = await Phone.connect(a.wsUrl, { userId: 'kicked' }, 'pad');
  const fresh = await Phone.connect(b.wsUrl, { userId: 'kicked' }, 'same-device');
  phones.push(old, otherDevice, fresh);
  expect(await old.closed).toEqual({ code: 4000, reason: 'replaced' });
  expect(await fresh.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
  expect(await otherDevice.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
});

it('a foreign message on the calls channel is logged as unreadable', async () => {
  const pub = new Redis(redis.url);
  try {
    await pub.publish(BUS_CHANNEL, 'not json at all');
  } finally {
    pub.disconnect();
  }
  for (let i = 0; i < 200 && !a.logs().includes('calls: unreadable bus message'); i++) await new Promise((r) => setTimeout(r, 10));
  expect(a.logs()).toContain('calls: unreadable bus message');
  const p = await Phone.connect(a.wsUrl, { userId: 'still-fine' });
  phones.push(p);
  expect(await p.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
});
