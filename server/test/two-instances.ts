// Two instances of the token service sharing one real redis-server, for the calls tests across
// instances. Registers the jest hooks: Redis starts once per file and stops after it; both apps and every
// phone opened through `phone()` are closed after each test, so a failing test leaks nothing.
import type { Config } from '../src/config';
import { type RunningApp, startApp, testConfig } from './helpers';
import { Phone } from './phone';
import { type RedisServer, startRedisServer } from './redis-server';

export interface TwoInstances {
  readonly redis: RedisServer;
  /** The instances; a test may close one and put a restarted one in its place. */
  a: RunningApp;
  b: RunningApp;
  /** The dev config on the shared Redis, with these calls settings. */
  config(calls?: Partial<Config['calls']>): Config;
  /** Starts both instances with the same config. */
  start(calls?: Partial<Config['calls']>): Promise<void>;
  /** A phone that said hello on `app`, closed after the test. */
  phone(app: RunningApp, userId: string, deviceId?: string): Promise<Phone>;
  /** Closes these phones after the test too (for phones opened without `phone()`). */
  track(...phones: Phone[]): void;
}

export function twoInstancesOnRedis(): TwoInstances {
  const phones: Phone[] = [];
  let redis: RedisServer | undefined;
  let a: RunningApp | undefined;
  let b: RunningApp | undefined;
  const must = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not started (call start() in the test)`);
    return v;
  };
  const t: TwoInstances = {
    get redis() {
      return must(redis, 'redis-server');
    },
    get a() {
      return must(a, 'instance a');
    },
    set a(app) {
      a = app;
    },
    get b() {
      return must(b, 'instance b');
    },
    set b(app) {
      b = app;
    },
    config(calls = {}) {
      const base = testConfig('dev', { redisUrl: t.redis.url });
      return { ...base, calls: { ...base.calls, ...calls } };
    },
    async start(calls = {}) {
      a = await startApp(t.config(calls));
      b = await startApp(t.config(calls));
    },
    async phone(app, userId, deviceId) {
      const p = await Phone.connect(app.wsUrl, { userId }, deviceId);
      phones.push(p);
      return p;
    },
    track(...more) {
      phones.push(...more);
    },
  };
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
    a = undefined;
    b = undefined;
  });
  return t;
}
