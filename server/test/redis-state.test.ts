// createState on a real Redis: what the operator reads (one 'redis up' / 'redis down' line per state
// change, naming host:port and the error code, never the password), what startup says when Redis is
// unreachable, and that close() leaves no connection behind. An outage is a TCP proxy in front of
// redis-server that resets every connection (RST, as a dropped link or a crashed host would).
import { createServer, type Server, type Socket, connect as netConnect } from 'node:net';
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { buildApp } from '../src/app';
import { createState, type RedisState } from '../src/state';
import { errorOf, freePort, request, startApp, testConfig } from './helpers';
import { type RedisServer, startRedisServer } from './redis-server';

interface Line {
  level: 'info' | 'warn';
  fields: Record<string, unknown>;
  msg: string;
}

function captureLog(): { log: FastifyBaseLogger; lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: Line['level']) => (fields: Record<string, unknown>, msg: string) => lines.push({ level, fields, msg });
  const log = { info: at('info'), warn: at('warn'), error: at('warn'), debug: () => undefined, trace: () => undefined, fatal: at('warn') };
  return { log: log as unknown as FastifyBaseLogger, lines };
}

/** A TCP proxy to Redis that can cut every connection with a reset and refuse new ones meanwhile. */
async function startProxy(
  target: number,
  opts: { refuseSubscribe?: boolean } = {},
): Promise<{ url: string; cut: () => void; heal: () => void; close: () => Promise<void> }> {
  const open = new Set<Socket>();
  let refusing = false;
  const server: Server = createServer((client) => {
    if (refusing) return client.resetAndDestroy();
    const upstream = netConnect({ host: '127.0.0.1', port: target });
    open.add(client);
    client.on('error', () => undefined);
    upstream.on('error', () => client.destroy());
    client.on('data', (chunk: Buffer) => {
      // A Redis that does not allow pub/sub (e.g. an ACL without channel rights) answers SUBSCRIBE with an error.
      if (opts.refuseSubscribe && /subscribe/i.test(chunk.toString('latin1'))) client.write('-NOPERM no pub/sub for this user\r\n');
      else upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('close', () => {
      open.delete(client);
      upstream.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://:proxy-PASSWORD-9@127.0.0.1:${port}`,
    cut: () => {
      refusing = true;
      for (const s of open) s.resetAndDestroy();
    },
    heal: () => {
      refusing = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('logs "redis up" once at start and, through an outage, one "redis down" with the error code, then "redis up" again', async () => {
  const proxy = await startProxy(redis.port);
  const { log, lines } = captureLog();
  const state = (await createState(proxy.url, log)) as RedisState;
  try {
    const where = proxy.url.replace(':proxy-PASSWORD-9@', '');
    expect(lines).toEqual([{ level: 'info', fields: { redis: where }, msg: 'redis up' }]);
    expect(state.isUp()).toBe(true);

    proxy.cut();
    await until(() => lines.length >= 2, 'the outage line');
    // Several reconnect attempts fail while refused; still one line.
    await until(() => !state.isUp(), 'isUp() to turn false');
    await expect(state.commands.get('k')).rejects.toThrow();
    expect(lines.slice(1)).toEqual([{ level: 'warn', fields: { redis: where, errCode: 'ECONNRESET' }, msg: 'redis down' }]);

    proxy.heal();
    await until(() => state.isUp(), 'the reconnect');
    expect(lines.map((l) => l.msg)).toEqual(['redis up', 'redis down', 'redis up']);
    expect(JSON.stringify(lines)).not.toContain('PASSWORD');
  } finally {
    await state.close();
    await proxy.close();
  }
});

it('close() disconnects the command and subscriber connections from Redis', async () => {
  const admin = new Redis(redis.url);
  const clients = async () => String(await admin.client('LIST')).trim().split('\n').length;
  try {
    const before = await clients();
    const state = (await createState(redis.url, captureLog().log)) as RedisState;
    const sub = state.subscriber();
    await until(() => sub.status === 'ready', 'the subscriber');
    expect(await clients()).toBe(before + 2);
    await state.close();
    await until(async () => (await clients()) === before, 'both connections to go');
    expect(state.commands.status).toBe('end');
  } finally {
    admin.disconnect();
  }
});

it('closing the app closes its Redis connections (after the drain)', async () => {
  const admin = new Redis(redis.url);
  const clients = async () => String(await admin.client('LIST')).trim().split('\n').length;
  try {
    const before = await clients();
    const app = await startApp(testConfig('dev', { redisUrl: redis.url }));
    expect(await clients()).toBeGreaterThan(before);
    await app.close();
    await until(async () => (await clients()) === before, "the app's connections to go");
  } finally {
    admin.disconnect();
  }
});

it('with Redis cut off, health and API calls say the service is temporarily unavailable and when to retry', async () => {
  const proxy = await startProxy(redis.port);
  const app = await startApp(testConfig('dev', { redisUrl: proxy.url }));
  try {
    expect((await request(`${app.url}/healthz`)).json).toEqual({ status: 'ok', mode: 'dev', state: 'redis' });
    proxy.cut();
    await until(async () => (await request(`${app.url}/healthz`)).status === 503, 'health to report the outage');
    for (const res of [await request(`${app.url}/healthz`), await app.post('/v1/rtc/token', { roomId: 'r', userId: 'u' })]) {
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(errorOf(res)).toEqual({ code: 'state_unavailable', message: 'Service temporarily unavailable; retry shortly' });
    }
  } finally {
    await app.close();
    await proxy.close();
  }
});

it('Redis without pub/sub: the app refuses to start, says why, and leaves no connection open', async () => {
  const proxy = await startProxy(redis.port, { refuseSubscribe: true });
  const admin = new Redis(redis.url);
  const clients = async () => String(await admin.client('LIST')).trim().split('\n').length;
  try {
    const before = await clients();
    await expect(buildApp(testConfig('dev', { redisUrl: proxy.url }), { logLevel: 'silent' })).rejects.toThrow(
      'Redis pub/sub for calls did not start: NOPERM no pub/sub for this user',
    );
    await until(async () => (await clients()) === before, 'the connections of the failed start to go');
  } finally {
    admin.disconnect();
    await proxy.close();
  }
});

it('an unreachable Redis: startup refuses, naming host:port but not the password', async () => {
  const port = await freePort();
  const err = await createState(`redis://user:start-PASSWORD-1@127.0.0.1:${port}`, captureLog().log).then(
    () => null,
    (e: Error) => e,
  );
  expect(err?.message).toBe(`Redis at redis://127.0.0.1:${port} is unreachable (REDIS_URL); refusing to start without shared state`);
});

it('without a port in REDIS_URL, the message shows the default 6379', async () => {
  // 127.0.0.2 is loopback too but nothing of ours listens there: refused at once.
  const err = await createState('redis://:start-PASSWORD-2@127.0.0.2', captureLog().log).then(
    () => null,
    (e: Error) => e,
  );
  expect(err?.message).toBe('Redis at redis://127.0.0.2:6379 is unreachable (REDIS_URL); refusing to start without shared state');
});
