// `npm start` run in-process (serve.ts): what the operator sees on the terminal (banner, startup
// errors), which signals drain the server, and the exit codes a supervisor acts on.
import { createServer, type Server, connect as netConnect, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { SHUTDOWN_GRACE_MS, serve, type ServeIo } from '../src/serve';
import { freePort, request } from './helpers';

const NOW_MS = 1_800_000_000_000;

interface Run {
  io: ServeIo;
  out: string[];
  err: string[];
  exits: number[];
  /** Resolves with the first exit code. */
  exited: Promise<number>;
  signal: (name: 'SIGINT' | 'SIGTERM') => void;
  logs: () => Record<string, unknown>[];
}

function fakeProcess(env: NodeJS.ProcessEnv, extra: Partial<ServeIo> = {}): Run {
  const out: string[] = [];
  const err: string[] = [];
  const exits: number[] = [];
  const handlers = new Map<string, (() => void)[]>();
  let resolveExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const stream = new PassThrough();
  let logText = '';
  stream.on('data', (c: Buffer) => (logText += c.toString('utf8')));
  const io: ServeIo = {
    env,
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    exit: (code) => {
      exits.push(code);
      resolveExit(code);
    },
    // process.once semantics: each handler runs at most once.
    onSignal: (name, handler) => handlers.set(name, [...(handlers.get(name) ?? []), handler]),
    nowMs: () => NOW_MS,
    deps: { logStream: stream },
    ...extra,
  };
  return {
    io,
    out,
    err,
    exits,
    exited,
    signal: (name) => {
      const list = handlers.get(name) ?? [];
      handlers.set(name, []);
      for (const h of list) h();
    },
    logs: () => logText.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

let app: FastifyInstance | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  // A test that shut down through serve() already closed it; close() twice is harmless.
  await app?.close().catch(() => undefined);
  app = null;
});

/** Opens a request whose body never finishes: once the server has its headers it is in flight for good. */
function stalledRequest(app: FastifyInstance): Promise<void> {
  const { port } = app.addresses()[0] as { port: number };
  const seen = new Promise<void>((resolve) => app.server.once('request', () => resolve()));
  const s = netConnect({ host: '127.0.0.1', port }, () =>
    s.write('POST /v1/rtc/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"roomId":'),
  );
  s.on('error', () => undefined);
  sockets.push(s);
  return seen;
}

it('listens on HOST:PORT and prints the banner with that URL and the demo token valid from "now"', async () => {
  const port = await freePort();
  const run = fakeProcess({ HOST: '127.0.0.1', PORT: String(port) });
  app = await serve(run.io);
  expect(run.err).toEqual([]);
  expect(run.out).toHaveLength(1);
  const banner = run.out[0]!;
  expect(banner.split('\n').slice(-1)).toEqual([`  http://127.0.0.1:${port}`]);
  // Dev mode without RTC_APP_ID/RTC_APP_KEY: the demo token is valid for TOKEN_TTL_SECONDS (3600) from now.
  expect(banner).toContain(`valid until ${new Date(NOW_MS + 3600 * 1000).toISOString()}`);
  expect((await request(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
});

it('a config problem names the variable, points at the docs and exits 1 without listening', async () => {
  const run = fakeProcess({ PORT: 'eighty' });
  app = await serve(run.io);
  expect(app).toBeNull();
  expect(run.exits).toEqual([1]);
  expect(run.out).toEqual([]);
  expect(run.err).toHaveLength(1);
  expect(run.err[0]).toContain('PORT must be an integer between 0 and 65535 (got "eighty")');
  expect(run.err[0]).toMatch(/\nSee server\/\.env\.example and server\/README\.md\.$/);
});

it('a port already taken: "failed to start" with the reason, exit 1', async () => {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as { port: number };
  try {
    const run = fakeProcess({ HOST: '127.0.0.1', PORT: String(port) });
    app = await serve(run.io);
    expect(app).toBeNull();
    expect(run.exits).toEqual([1]);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(/^token service failed to start: .*EADDRINUSE/);
  } finally {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  }
});

it.each(['SIGTERM', 'SIGINT'] as const)('%s drains, logs the signal and the grace period once, then exits 0', async (sig) => {
  const run = fakeProcess({ HOST: '127.0.0.1', PORT: '0' });
  app = await serve(run.io);
  run.signal(sig);
  // A second signal (the other one) while draining changes nothing.
  run.signal(sig === 'SIGTERM' ? 'SIGINT' : 'SIGTERM');
  expect(await run.exited).toBe(0);
  await new Promise((r) => setImmediate(r));
  expect(run.exits).toEqual([0]);
  const shutdownLines = run.logs().filter((l) => String(l.msg).startsWith('shutting down'));
  expect(shutdownLines).toHaveLength(1);
  expect(shutdownLines[0]).toMatchObject({ msg: 'shutting down: draining in-flight requests', signal: sig, graceMs: SHUTDOWN_GRACE_MS, level: 30 });
});

it('a request that never finishes: after the grace period it warns and exits 1', async () => {
  const run = fakeProcess({ HOST: '127.0.0.1', PORT: '0' }, { graceMs: 300 });
  app = await serve(run.io);
  await stalledRequest(app!);
  run.signal('SIGTERM');
  expect(await run.exited).toBe(1);
  expect(run.logs().find((l) => l.level === 40)?.msg).toBe('drain timed out; exiting with requests still open');
});

it('close() failing (a shutdown hook throws) exits 1', async () => {
  const run = fakeProcess(
    { HOST: '127.0.0.1', PORT: '0' },
    {
      build: async (config, deps) => {
        const built = await buildApp(config, deps);
        built.addHook('onClose', async () => {
          throw new Error('cannot flush');
        });
        return built;
      },
    },
  );
  app = await serve(run.io);
  run.signal('SIGTERM');
  expect(await run.exited).toBe(1);
});
