// Builds the token service. Tests and the bench call buildApp() directly; main.ts adds listen + signals.
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { registerCalls } from './calls/plugin';
import { assertConfig, type Config } from './config';
import { registerErrorHandlers } from './plugins/error-handler';
import { clientErrorHandler, frameworkErrors, registerHttpContract } from './plugins/http-contract';
import { loggerOptions } from './plugins/logger-options';
import { registerRateLimits } from './plugins/rate-limit';
import { registerRequestLog } from './plugins/request-log';
import { createRouteContext } from './routes/context';
import { healthRoutes } from './routes/health';
import { inviteRoutes } from './routes/invites';
import { roomRoutes } from './routes/rooms';
import { tokenRoutes } from './routes/token';
import { createState, type SharedState } from './state';

export const BODY_LIMIT_BYTES = 4096;

export interface AppDeps {
  /** Clock in unix seconds (tokens, invites). */
  now?: () => number;
  /** Overrides config.douyin.code2sessionUrl (tests point it at a loopback stand-in). */
  code2sessionUrl?: string;
  code2sessionTimeoutMs?: number;
  /** Where log lines go (tests capture them); default stdout. */
  logStream?: NodeJS.WritableStream;
  /** pino level; 'silent' turns logging off (bench). */
  logLevel?: string;
}

/**
 * fastify ignores a numeric trustProxy (fails closed), so a hop count becomes proxy-addr's own rule:
 * trust the `hops` nearest addresses (socket peer first), take the next one as the client.
 */
function trustProxyOption(tp: Config['trustProxy']): false | string[] | ((addr: string, hop: number) => boolean) {
  return typeof tp === 'number' ? (_addr, hop) => hop < tp : tp;
}

export async function buildApp(config: Config, deps: AppDeps = {}): Promise<FastifyInstance> {
  assertConfig(config);
  const app = Fastify({
    logger: loggerOptions({ level: deps.logLevel, stream: deps.logStream }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxyOption(config.trustProxy),
    // Reject (not strip) unknown fields and never coerce "123" into 123 or vice versa.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } },
    // close(): idle keep-alive sockets go now, in-flight requests finish (main.ts bounds the wait).
    forceCloseConnections: 'idle',
    return503OnClosing: false,
    requestTimeout: config.timeouts.requestMs,
    keepAliveTimeout: config.timeouts.keepAliveMs,
    http: {
      headersTimeout: config.timeouts.headersMs,
      // Node checks the two timeouts above on this interval (default 30 s, far too coarse).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.timeouts.headersMs / 4))),
    },
    clientErrorHandler,
    frameworkErrors,
    // plugins/request-log.ts writes one line per request instead of fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
  });
  registerRequestLog(app);
  registerErrorHandlers(app);
  registerHttpContract(app);
  let state: SharedState;
  try {
    state = await createState(config.redisUrl, app.log);
  } catch (err) {
    await app.close();
    throw err;
  }
  // After the server has drained: in-flight requests may still need Redis.
  app.addHook('onClose', async () => state.close());
  await registerRateLimits(app, config.rateLimit, state);
  const ctx = createRouteContext(config, deps);
  await app.register(healthRoutes(config, state));
  await app.register(tokenRoutes(ctx));
  await app.register(roomRoutes(ctx));
  await app.register(inviteRoutes(ctx));
  // Root level (not encapsulated): the websocket plugin hooks the server's upgrade event.
  try {
    await registerCalls(app, ctx, state);
  } catch (err) {
    await app.close();
    throw err;
  }
  return app;
}
