// Where state shared between requests lives. REDIS_URL unset: in this process (one instance).
// REDIS_URL set: in Redis, so every instance behind a load balancer sees the same counters.
// Owns the Redis connections: one for commands now; `subscriber()` gives pub/sub its own connection
// (a subscribed ioredis connection cannot run other commands), for the calls signalling later.
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';

/** A Redis command that does not answer within this fails (the request gets 503, it does not stall). */
const REDIS_COMMAND_TIMEOUT_MS = 500;
/** buildApp waits this long for the first connection, then refuses to start. */
const REDIS_CONNECT_TIMEOUT_MS = 5000;

interface MemoryState {
  kind: 'memory';
  close(): Promise<void>;
}

export interface RedisState {
  kind: 'redis';
  /** For commands (rate-limit counters, later call state). Fails fast while disconnected. */
  commands: Redis;
  /** A new connection for SUBSCRIBE; closed with the state. */
  subscriber(): Redis;
  /** false while the connection to Redis is down. */
  isUp(): boolean;
  close(): Promise<void>;
}

export type SharedState = MemoryState | RedisState;

/** The URL may hold a password: log host and port only. */
function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'redis://[unparseable]';
  }
}

function connect(url: string): Redis {
  return new Redis(url, {
    // No offline queue: while Redis is down a command fails at once instead of piling up requests.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    // Keep reconnecting for as long as the process lives; back off to once a second.
    retryStrategy: (times) => Math.min(times * 100, 1000),
    lazyConnect: true,
  });
}

export async function createState(redisUrl: string | null, log: FastifyBaseLogger): Promise<SharedState> {
  if (redisUrl === null) return { kind: 'memory', close: async () => undefined };

  const where = redactRedisUrl(redisUrl);
  const commands = connect(redisUrl);
  const extra: Redis[] = [];
  let up = false;
  // State changes only, not every failed reconnect attempt: a down Redis must not flood the log.
  commands.on('ready', () => {
    if (!up) log.info({ redis: where }, 'redis up');
    up = true;
  });
  const down = (errCode?: string) => {
    if (up) log.warn({ redis: where, errCode }, 'redis down');
    up = false;
  };
  commands.on('error', (err: Error & { code?: string }) => down(err.code ?? err.name));
  commands.on('close', () => down());

  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      commands.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), REDIS_CONNECT_TIMEOUT_MS);
      }),
    ]);
  } catch {
    commands.disconnect(false);
    throw new Error(`Redis at ${where} is unreachable (REDIS_URL); refusing to start without shared state`);
  } finally {
    clearTimeout(timer);
  }

  return {
    kind: 'redis',
    commands,
    subscriber: () => {
      const sub = connect(redisUrl);
      sub.on('error', () => undefined); // reconnects on its own; the commands connection reports outages
      void sub.connect().catch(() => undefined);
      extra.push(sub);
      return sub;
    },
    isUp: () => up && commands.status === 'ready',
    close: async () => {
      for (const c of [commands, ...extra]) {
        // QUIT when connected (flushes), otherwise just stop the reconnect loop.
        if (c.status === 'ready') await c.quit().catch(() => c.disconnect());
        else c.disconnect();
      }
    },
  };
}
