// Two limits: per IP on every API route (before any work), and per caller (userId, or the
// openid-derived userId in douyin mode) once the caller is known, i.e. after login.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { HttpError } from '../errors';
import type { SharedState } from '../state';
import { redisRateLimitStore } from '../state/rate-limit-store';

const WINDOW_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a route once it knows who is calling; keys the per-caller limit. */
    callerId: string | null;
  }
  interface FastifyInstance {
    limitCaller(request: FastifyRequest, callerId: string): Promise<void>;
  }
}

function tooMany(retryAfterSeconds: number): HttpError {
  return new HttpError(429, 'rate_limited', `Too many requests; retry in ${retryAfterSeconds} s`, {
    'retry-after': String(retryAfterSeconds),
  });
}

export async function registerRateLimits(
  app: FastifyInstance,
  limits: Config['rateLimit'],
  state: SharedState,
): Promise<void> {
  app.decorateRequest('callerId', null);
  await app.register(rateLimit, {
    // In memory: the plugin's own LRU store. On Redis: counters shared by every instance.
    ...(state.kind === 'redis' ? { store: redisRateLimitStore(state.commands) } : {}),
    // Fail closed: a store error (Redis down) is a 503, never an unlimited pass.
    skipOnError: false,
    global: true,
    hook: 'onRequest',
    max: limits.perIpPerMinute,
    timeWindow: WINDOW_MS,
    keyGenerator: (req: FastifyRequest) => `ip:${req.ip}`,
    errorResponseBuilder: (_req, ctx) => tooMany(Math.max(1, Math.ceil(ctx.ttl / 1000))),
  });
  const check = app.createRateLimit({
    max: limits.perCallerPerMinute,
    timeWindow: WINDOW_MS,
    keyGenerator: (req: FastifyRequest) => `caller:${req.callerId ?? req.ip}`,
  });
  app.decorate('limitCaller', async (request: FastifyRequest, callerId: string) => {
    request.callerId = callerId;
    const r = await check(request);
    if (!r.isAllowed && r.isExceeded) throw tooMany(Math.max(1, r.ttlInSeconds));
  });
}
