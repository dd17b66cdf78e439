// Finding 8: with REDIS_URL set, rate-limit counters live in Redis, so two instances behind a load
// balancer share them; while Redis is down the API fails closed (503) without stalling, and it
// recovers by itself when Redis is back.
import { buildApp } from '../src/app';
import { startRedisServer, type RedisServer } from './redis-server';
import { errorCode, request, type RunningApp, startApp, testConfig } from './helpers';

let redis: RedisServer;
let a: RunningApp;
let b: RunningApp;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  await a?.close();
  await b?.close();
});

async function twoInstances(perIp: number, perCaller: number): Promise<void> {
  const config = testConfig('dev', { redisUrl: redis.url, rateLimit: { perIpPerMinute: perIp, perCallerPerMinute: perCaller } });
  a = await startApp(config);
  b = await startApp(config);
}

const token = (app: RunningApp, userId: string) => app.post('/v1/rtc/token', { roomId: 'r', userId });

describe('two instances on one Redis', () => {
  it('an instance refuses to start when Redis is unreachable at boot, without echoing the URL password', async () => {
    await redis.stop();
    const url = `redis://:hunter2-pass@127.0.0.1:${redis.port}`;
    await expect(buildApp(testConfig('dev', { redisUrl: url }), { logLevel: 'silent' })).rejects.toThrow(/unreachable/);
    await expect(buildApp(testConfig('dev', { redisUrl: url }), { logLevel: 'silent' })).rejects.not.toThrow(/hunter2/);
    await redis.start();
  }, 20_000);

  it('share the per-IP limit: the 5th request over both instances is refused on either', async () => {
    // Unique per test: counters live for a minute in Redis, and every test client is 127.0.0.1.
    await twoInstances(4, 100);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await token(i % 2 ? b : a, `ip-${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const overA = await token(a, 'ip-x');
    const overB = await token(b, 'ip-y');
    expect([overA.status, overB.status]).toEqual([429, 429]);
    expect(errorCode(overB)).toBe('rate_limited');
    expect(Number(overB.headers.get('retry-after'))).toBeGreaterThan(0);
    const health = await request(`${a.url}/healthz`);
    expect(health.json).toEqual({ status: 'ok', mode: 'dev', state: 'redis' });
  });

  it('share the per-caller limit', async () => {
    await redis.stop();
    await redis.start(); // empty counters from the test before
    await twoInstances(1000, 2);
    expect((await token(a, 'alice')).status).toBe(200);
    expect((await token(b, 'alice')).status).toBe(200);
    expect((await token(a, 'alice')).status).toBe(429);
    expect((await token(b, 'alice')).status).toBe(429);
    expect((await token(b, 'bob')).status).toBe(200);
  });

  it('Redis down: 503 state_unavailable (fail closed, no stall), health says so; back up: serving and sharing again', async () => {
    await redis.stop();
    await redis.start();
    await twoInstances(3, 100);
    expect((await token(a, 'before')).status).toBe(200);

    await redis.stop();
    for (const app of [a, b]) {
      const t0 = Date.now();
      const res = await token(app, 'during');
      expect(res.status).toBe(503);
      expect(errorCode(res)).toBe('state_unavailable');
      expect(res.headers.get('retry-after')).toBe('1');
      // Fails fast rather than waiting for Redis (command timeout 500 ms).
      expect(Date.now() - t0).toBeLessThan(3000);
      const health = await request(`${app.url}/healthz`);
      expect(health.status).toBe(503);
      expect(errorCode(health)).toBe('state_unavailable');
    }
    expect(a.logs()).toContain('redis down');
    // The outage line names where Redis is (host and port, as redactRedisUrl writes it), so an operator
    // can tell which instance lost which Redis.
    expect(a.logs()).toContain(`"redis":"${redis.url}"`);

    await redis.start(); // empty: counters restart from zero
    const deadline = Date.now() + 10_000;
    while ((await request(`${a.url}/healthz`)).status !== 200 || (await request(`${b.url}/healthz`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('instances did not reconnect to Redis within 10 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await token(i % 2 ? b : a, `after-${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(a.logs()).toContain('redis up');
    // One line per outage, not one per failed reconnect attempt.
    expect(a.logs().split('\n').filter((l) => l.includes('redis down'))).toHaveLength(1);
  });

});
