// What `npm start` does: load config, listen, print the banner, drain and exit on SIGINT/SIGTERM.
// The process (env, console, exit, signals) comes in through ServeIo so tests run it in-process;
// main.ts passes the real one.
import type { FastifyInstance } from 'fastify';
import { type AppDeps, buildApp } from './app';
import { listeningUrls, startupBanner } from './banner';
import { type Config, ConfigError, loadConfig } from './config';

/** In-flight requests get this long after SIGTERM (README promises 10 s). */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface ServeIo {
  env: NodeJS.ProcessEnv;
  /** The startup banner. */
  out: (text: string) => void;
  /** Why the service could not start. */
  err: (text: string) => void;
  exit: (code: number) => void;
  onSignal: (signal: 'SIGINT' | 'SIGTERM', handler: () => void) => void;
  /** Wall clock in ms (the banner's demo token). */
  nowMs?: () => number;
  graceMs?: number;
  deps?: AppDeps;
  build?: (config: Config, deps: AppDeps) => Promise<FastifyInstance>;
}

export function processIo(): ServeIo {
  return {
    env: process.env,
    out: (text) => console.log(text),
    err: (text) => console.error(text),
    exit: (code) => process.exit(code),
    onSignal: (signal, handler) => process.once(signal, handler),
  };
}

/** Starts the service; resolves to the listening app, or null when it could not start (exit(1) was called). */
export async function serve(io: ServeIo): Promise<FastifyInstance | null> {
  try {
    return await start(io);
  } catch (err) {
    io.err(`token service failed to start: ${err instanceof Error ? err.message : String(err)}`);
    io.exit(1);
    return null;
  }
}

async function start(io: ServeIo): Promise<FastifyInstance | null> {
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`${err.message}\nSee server/.env.example and server/README.md.`);
      io.exit(1);
      return null;
    }
    throw err;
  }
  const app = await (io.build ?? buildApp)(config, io.deps ?? {});
  await app.listen({ host: config.host, port: config.port });
  const nowMs = io.nowMs ?? Date.now;
  const urls = listeningUrls(app.addresses().filter((a) => typeof a !== 'string'));
  io.out(startupBanner(config, urls, Math.floor(nowMs() / 1000)));

  const graceMs = io.graceMs ?? SHUTDOWN_GRACE_MS;
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal, graceMs }, 'shutting down: draining in-flight requests');
    // close() stops accepting, drops idle keep-alive sockets and waits for in-flight requests
    // (forceCloseConnections: 'idle'); a stuck one must not keep the process alive forever.
    const timer = setTimeout(() => {
      app.log.warn('drain timed out; exiting with requests still open');
      io.exit(1);
    }, graceMs);
    timer.unref();
    app.close().then(
      () => io.exit(0),
      () => io.exit(1),
    );
  };
  io.onSignal('SIGINT', () => shutdown('SIGINT'));
  io.onSignal('SIGTERM', () => shutdown('SIGTERM'));
  return app;
}
