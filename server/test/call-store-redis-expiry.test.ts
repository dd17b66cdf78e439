// What RedisCallStore leaves in Redis beyond the shared contract: the expiries an operator relies on
// (final calls, presence of a crashed instance, last-seen, counters, cache) read with PTTL from a
// second client instead of waiting, a Redis error in touch() reaching the caller, and the ring
// published by create() itself (publishesRing) and nothing published without one.
import { Redis } from 'ioredis';
import { RedisCallStore } from '../src/calls/redis-store';
import { FINAL_CALL_TTL_MS } from '../src/calls/store';
import { type RedisServer, startRedisServer } from './redis-server';
import type { Call } from '../src/calls/model';
import { call, recs, T0 } from './call-fixtures';

const PRESENCE_TTL_MS = 10_000;
const DAY_MS = 24 * 3600_000;

let server: RedisServer;
let redis: Redis;
let store: RedisCallStore;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});
beforeEach(async () => {
  await redis.flushall();
  store = new RedisCallStore(redis, PRESENCE_TTL_MS);
});

/** The key's remaining lifetime lies in (max - slack, max]: set with `max`, read a moment later. */
async function expectPttl(key: string, max: number, slack = 5000): Promise<void> {
  const pttl = await redis.pttl(key);
  expect(pttl).toBeLessThanOrEqual(max);
  expect(pttl).toBeGreaterThan(max - slack);
}
const limit = { key: 'inv-alice', windowMs: 60_000, max: 5 };

it('a final call expires FINAL_CALL_TTL_MS after its final write; a live one keeps its safety TTL', async () => {
  const busy = call('busy-1', { state: 'busy' });
  await store.createFinal(busy, recs(busy));
  await expectPttl('call:busy-1', FINAL_CALL_TTL_MS);

  const live = call('live-1');
  await store.create(live, T0, limit);
  await expectPttl('call:live-1', DAY_MS);
  const accepted: Call = { ...live, v: 2, state: 'accepted', acceptedAt: T0, acceptedDevice: 'd' };
  await store.update(accepted, 1, null);
  await expectPttl('call:live-1', DAY_MS);
  const ended: Call = { ...accepted, v: 3, state: 'ended', endedAt: T0 };
  await store.update(ended, 2, recs(ended));
  await expectPttl('call:live-1', FINAL_CALL_TTL_MS);
});

it('presence of a socket nobody refreshes goes after 4 presence TTLs; last-seen is kept a day', async () => {
  await store.touch([{ userId: 'alice', member: 'i1|d1' }], T0);
  await expectPttl('presence:alice', 4 * PRESENCE_TTL_MS);
  await store.leave('alice', 'i1|d1', T0 + 5);
  await expectPttl('seen:alice', DAY_MS);
  expect(await store.lastSeen('alice', T0 + 10)).toBe(T0 + 5);
});

it('touch rejects when Redis refuses a write instead of pretending the user is online', async () => {
  await redis.set('presence:alice', 'not a sorted set');
  await expect(store.touch([{ userId: 'alice', member: 'i1|d1' }], T0)).rejects.toThrow(/WRONGTYPE/);
});

it('a hit window is windowMs long and starts again after it', async () => {
  expect(await store.hit('k', 60_000)).toBe(1);
  await expectPttl('rl:k', 60_000);
  expect(await store.hit('short', 1)).toBe(1);
  await new Promise((r) => setTimeout(r, 20));
  expect(await store.hit('short', 1)).toBe(1);
});

it('cacheSet keeps the value ttlMs (at least 1 ms, whole milliseconds)', async () => {
  await store.cacheSet('token', 'abc', 90_000);
  await expectPttl('cache:token', 90_000);
  await store.cacheSet('tiny', 'x', 0.2);
  expect(await redis.pttl('cache:tiny')).toBeLessThanOrEqual(1);
  await store.cacheSet('odd', 'y', 60_000.4);
  await expectPttl('cache:odd', 60_000);
});

describe('ring published by create', () => {
  let sub: Redis;
  const got: [string, string][] = [];
  beforeEach(async () => {
    got.length = 0;
    sub = new Redis(server.url);
    sub.on('pmessage', (_p: string, channel: string, message: string) => got.push([channel, message]));
    sub.on('message', (channel: string, message: string) => got.push([channel, message]));
    // '*' does not match the empty channel name, so listen there explicitly too.
    await sub.psubscribe('*');
    await sub.subscribe('');
  });
  afterEach(async () => {
    await sub.quit();
  });
  /** Messages arrive in order on one connection: once the marker is in, everything before it is too. */
  async function drain(): Promise<[string, string][]> {
    await redis.publish('marker', 'end');
    while (!got.some(([c]) => c === 'marker')) await new Promise((r) => setTimeout(r, 5));
    return got.filter(([c]) => c !== 'marker');
  }

  it('publishesRing: an ok create publishes the ring; a busy one does not', async () => {
    expect(store.publishesRing).toBe(true);
    const ring = { channel: 'calls:test', message: '{"ring":1}' };
    expect(await store.create(call('c1'), T0, limit, ring)).toBe('ok');
    expect(await store.create(call('c2'), T0, limit, { ...ring, message: 'busy' })).toBe('caller_busy');
    expect(await drain()).toEqual([['calls:test', '{"ring":1}']]);
  });

  it('without a ring nothing is published', async () => {
    expect(await store.create(call('c3'), T0, limit)).toBe('ok');
    expect(await drain()).toEqual([]);
  });
});
