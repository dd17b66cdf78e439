// A real redis-server (Debian package) on a free loopback port, for tests and the bench.
// No persistence, nothing shared with any other Redis. Fails loudly when it cannot start.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer, connect } from 'node:net';

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the process (as a crash or an operator restart would). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write('*1\r\n$4\r\nPING\r\n'));
    let data = '';
    socket.on('data', (c: Buffer) => {
      data += c.toString();
      if (data.includes('\r\n')) {
        socket.destroy();
        resolve(data.startsWith('+PONG'));
      }
    });
    socket.on('error', () => resolve(false));
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function startRedisServer(): Promise<RedisServer> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error(
      'redis-server is not installed (not on PATH). Install it: apt-get update && apt-get install -y redis-server ' +
        '(.ci/run does this). These tests need a real Redis and do not skip.',
    );
  }
  const port = await freePort();
  let proc: ChildProcess | null = null;

  const start = async () => {
    let output = '';
    const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    p.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    p.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    proc = p;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (p.exitCode !== null) break;
      if (await ping(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    p.kill('SIGKILL');
    throw new Error(`redis-server on 127.0.0.1:${port} did not answer PING:\n${output}`);
  };

  const stop = async () => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
    p.kill('SIGKILL');
    await exited;
  };

  await start();
  return { port, url: `redis://127.0.0.1:${port}`, stop, start };
}
