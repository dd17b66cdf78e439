import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { errorResponses, HealthReply } from '../schemas';
import type { SharedState } from '../state';
import { stateUnavailable } from '../state/rate-limit-store';

export function healthRoutes(config: Config, state: SharedState) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Reply: HealthReply }>(
      '/healthz',
      // Load balancers poll this; it must keep answering while callers are being throttled.
      { config: { rateLimit: false }, schema: { response: { 200: HealthReply, ...errorResponses } } },
      async () => {
        // With Redis unreachable this instance answers 503 to API calls, so the balancer should
        // route elsewhere (an instance on the other side of a partition may still reach Redis).
        if (state.kind === 'redis' && !state.isUp()) throw stateUnavailable();
        return state.kind === 'redis' ? { status: 'ok', mode: config.mode, state: 'redis' } : { status: 'ok', mode: config.mode };
      },
    );
  };
}
