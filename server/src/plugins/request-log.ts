// One log line per request, written when the response is done, carrying what the route noted
// (room, role, error code, upstream failure). Rate-limited requests are counted, not logged one
// by one: a flood must not turn into a flood of log lines.
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Fields for this request's log line; set through noteLog(). */
    logFields: Record<string, unknown> | null;
    logEvent: string | null;
  }
}

/** Adds fields (and optionally the message) to the request's single log line. */
export function noteLog(request: FastifyRequest, fields: Record<string, unknown>, event?: string): void {
  request.logFields = { ...request.logFields, ...fields };
  if (event !== undefined) request.logEvent = event;
}

const RATE_LIMITED_SUMMARY_MS = 60_000;

export function registerRequestLog(app: FastifyInstance): void {
  app.decorateRequest('logFields', null);
  app.decorateRequest('logEvent', null);
  let rateLimited = 0;
  const flush = () => {
    if (rateLimited === 0) return;
    app.log.info({ rateLimited, windowS: RATE_LIMITED_SUMMARY_MS / 1000 }, 'rate-limited requests');
    rateLimited = 0;
  };
  const timer = setInterval(flush, RATE_LIMITED_SUMMARY_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    flush();
  });

  app.addHook('onResponse', async (request, reply) => {
    const s = reply.statusCode;
    if (s === 429) {
      rateLimited++;
      return;
    }
    const line = {
      m: request.method,
      url: request.url.split('?')[0], // never the query: it may carry a token
      s,
      ms: Math.round(reply.elapsedTime),
      ip: request.ip,
      ...request.logFields,
    };
    const msg = request.logEvent ?? 'request';
    if (s >= 500) request.log.warn(line, msg);
    else request.log.info(line, msg);
  });
}
