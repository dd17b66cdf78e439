// The calls pub/sub bus across two instances on a real Redis: a device that says hello on the other
// instance replaces its older socket there (4000 "replaced") and keeps the new one, and a message on
// the channel that is not ours is logged once as unreadable and changes nothing.
import Redis from 'ioredis';
import { BUS_CHANNEL } from '../src/calls/bus';
import { twoInstancesOnRedis } from './two-instances';

const t = twoInstancesOnRedis();
beforeEach(() => t.start());

it('the same device saying hello on the other instance closes the older socket (4000 "replaced"); other devices stay', async () => {
  const old = await t.phone(t.a, 'kicked', 'same-device');
  const otherDevice = await t.phone(t.a, 'kicked', 'pad');
  const fresh = await t.phone(t.b, 'kicked', 'same-device');
  expect(await old.closed).toEqual({ code: 4000, reason: 'replaced' });
  expect(await fresh.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
  expect(await otherDevice.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
});

it('a foreign message on the calls channel is logged as unreadable', async () => {
  const pub = new Redis(t.redis.url);
  try {
    await pub.publish(BUS_CHANNEL, 'not json at all');
  } finally {
    pub.disconnect();
  }
  for (let i = 0; i < 200 && !t.a.logs().includes('calls: unreadable bus message'); i++) await new Promise((r) => setTimeout(r, 10));
  expect(t.a.logs()).toContain('calls: unreadable bus message');
  const p = await t.phone(t.a, 'still-fine');
  expect(await p.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
});
