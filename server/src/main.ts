// `npm start`: load config, listen, print the banner, drain and exit on SIGINT/SIGTERM.
import { buildApp } from './app';
import { listeningUrls, startupBanner } from './banner';
import { ConfigError, loadConfig } from './config';

/** In-flight requests get this long after SIGTERM (README promises 10 s). */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`${err.message}\nSee server/.env.example and server/README.md.`);
      process.exit(1);
    }
    throw err;
  }
  const app = await buildApp(config);
  await app.listen({ host: config.host, port: config.port });
  console.log(startupBanner(config, listeningUrls(app.addresses().filter((a) => typeof a !== 'string')), Math.floor(Date.now() / 1000)));

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal, graceMs: SHUTDOWN_GRACE_MS }, 'shutting down: draining in-flight requests');
    // close() stops accepting, drops idle keep-alive sockets and waits for in-flight requests
    // (forceCloseConnections: 'idle'); a stuck one must not keep the process alive forever.
    const timer = setTimeout(() => {
      app.log.warn('drain timed out; exiting with requests still open');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('token service failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
