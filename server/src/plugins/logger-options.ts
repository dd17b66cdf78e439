// pino options for fastify: secrets and credentials must never reach the logs.
import type { FastifyServerOptions } from 'fastify';

/** Anything that could carry a token, login code, invite or key, wherever it ends up in a log line. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'body',
  'token',
  'code',
  'invite',
  'openid',
  'secret',
  'appKey',
  '*.body',
  '*.token',
  '*.invite',
  '*.openid',
  '*.secret',
  '*.appKey',
  '*.appSecret',
  '*.inviteSecret',
  '*.userIdSecret',
  '*.rtcAppKey',
  '*.session_key',
];

export function loggerOptions(opts: {
  level?: string;
  stream?: NodeJS.WritableStream;
}): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level: opts.level ?? 'info',
    ...(opts.stream ? { stream: opts.stream } : {}),
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // Drop the query string: a client may put a token or code there even though no route reads it.
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        url: req.url.split('?')[0],
        remoteAddress: req.ip,
      }),
    },
  };
}
