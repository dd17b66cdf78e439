import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { HealthReply } from '../schemas';

export function healthRoutes(config: Config) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Reply: HealthReply }>(
      '/healthz',
      // Load balancers poll this; it must keep answering while callers are being throttled.
      { config: { rateLimit: false }, schema: { response: { 200: HealthReply } } },
      async () => ({ status: 'ok', mode: config.mode }),
    );
  };
}
