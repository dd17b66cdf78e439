// @fastify/rate-limit store on the shared Redis connection. Its bundled RedisStore would pass
// Redis errors through as 500s; this one turns them into a 503 the client can retry, so the
// limiter fails closed (no unlimited logins while Redis is down) and fast (commandTimeout).
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { HttpError } from '../errors';

// Fixed window: the first hit in a window sets its expiry. A key without expiry (should not
// happen, but would otherwise block a caller forever) gets one.
const INCR_LUA = `
local current = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if current == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}
`;

type RateLimitRedis = Redis & {
  rateLimitIncr(key: string, windowMs: number, cb: (err: Error | null, res?: [number, number]) => void): void;
};

export function stateUnavailable(): HttpError {
  return new HttpError(503, 'state_unavailable', 'Service temporarily unavailable; retry shortly', { 'retry-after': '1' });
}

export function redisRateLimitStore(redis: Redis, prefix = 'rl:'): FastifyRateLimitStoreCtor {
  if (!('rateLimitIncr' in redis)) redis.defineCommand('rateLimitIncr', { numberOfKeys: 1, lua: INCR_LUA });
  const r = redis as RateLimitRedis;
  class RedisCounterStore implements FastifyRateLimitStore {
    incr(key: string, cb: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow?: number): void {
      r.rateLimitIncr(prefix + key, timeWindow ?? 60_000, (err, res) => {
        if (err || !res) cb(stateUnavailable());
        else cb(null, { current: Number(res[0]), ttl: Number(res[1]) });
      });
    }
    child(): FastifyRateLimitStore {
      // Keys already say which limit they belong to (ip:…, caller:…).
      return new RedisCounterStore();
    }
  }
  return RedisCounterStore;
}
