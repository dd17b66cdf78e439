// What the operator sees of the calls plugin on a real Redis: a Redis that refuses SUBSCRIBE stops
// the server at startup with "Redis pub/sub for calls did not start: <reason>", and while Redis is
// down the sweeper warns once per outage (not once per tick), and again for the next outage.
import { PassThrough } from 'node:stream';
import Redis from 'ioredis';
import { buildApp } from '../src/app';
import type { Config } from '../src/config';
import { request, type RunningApp, startApp, testConfig } from './helpers';
import { newCallId, Phone } from './phone';
import { type RedisServer, startRedisServer } from './redis-server';

let redis: RedisServer;
let app: RunningApp | undefined;
const phones: Phone[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.kill()));
  await app?.close();
  app = undefined;
});

function config(calls: Partial<Config['calls']> = {}): Config {
  const base = testConfig('dev', { redisUrl: redis.url });
  return { ...base, calls: { ...base.calls, ...calls } };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one command on the test Redis (a fresh connection, closed after). */
async function admin(...args: string[]): Promise<void> {
  const r = new Redis(redis.url);
  try {
    await r.call(args[0] as string, ...args.slice(1));
  } finally {
    r.disconnect();
  }
}

it('a Redis that refuses SUBSCRIBE: startup fails with "Redis pub/sub for calls did not start: <reason>"', async () => {
  // The default user may no longer use any channel: commands work, SUBSCRIBE gets NOPERM.
  await admin('ACL', 'SETUSER', 'default', 'resetchannels');
  try {
    let error: unknown = null;
    try {
      const started = await buildApp(config(), { logStream: new PassThrough() });
      await started.close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^Redis pub\/sub for calls did not start: NOPERM\b.*channel/);
  } finally {
    await admin('ACL', 'SETUSER', 'default', 'allchannels');
  }
});

const SWEEP_WARNING = '"msg":"calls sweep failed (state unavailable)"';
const warnings = () => (app as RunningApp).logs().split('\n').filter((l) => l.includes(SWEEP_WARNING));

async function until(what: string, ok: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await ok()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('Redis down: one sweep warning per outage, not per tick; a new outage after a good sweep warns again', async () => {
  app = await startApp(config({ sweepMs: 50, ringTimeoutMs: 300 }));
  const running = app;
  expect(warnings()).toEqual([]);

  await redis.stop();
  await until('the first warning', () => warnings().length > 0);
  await sleep(500); // ten more sweep ticks, all failing
  expect(warnings()).toHaveLength(1);
  expect(JSON.parse(warnings()[0] as string)).toMatchObject({ level: 40 });

  await redis.start();
  await until('Redis back', async () => (await request(`${running.url}/healthz`)).status === 200);
  // A ring that times out proves the sweeper works again (it is what turns it into missed).
  const caller = await Phone.connect(running.wsUrl, { userId: 'sweep-caller' });
  const callee = await Phone.connect(running.wsUrl, { userId: 'sweep-callee' });
  phones.push(caller, callee);
  const callId = newCallId();
  await caller.request({ type: 'invite', callId, callee: 'sweep-callee', media: 'audio' });
  await caller.call(callId, 'missed');
  await sleep(200); // a few more good sweeps
  expect(warnings()).toHaveLength(1);

  await redis.stop();
  await until('the second warning', () => warnings().length > 1);
  await sleep(500);
  expect(warnings()).toHaveLength(2);
  await redis.start();
}, 30_000);
