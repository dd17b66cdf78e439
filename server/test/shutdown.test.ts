// Finding 1: SIGTERM must drain in-flight requests. A login whose single-use code already reached
// code2session is lost for good if its socket is destroyed. Runs the real `npm start` entry point.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInvite } from '../src/auth/invite';
import { sendJson, type StandIn, startStandIn, TEST_DOUYIN_SECRET, TEST_INVITE_SECRET } from './helpers';

const MAIN = join(__dirname, '..', 'src', 'main.ts');
const UPSTREAM_DELAY_MS = 1500;

let standIn: StandIn | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await standIn?.close();
});

function startMain(env: Record<string, string>): Promise<{ url: string; output: () => string; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let out = '';
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`main.ts did not start:\n${out}`)), 15_000);
    const onData = (c: Buffer) => {
      out += c.toString('utf8');
      const m = /^\s+(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ url: m[1], output: () => out, exited });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`main.ts exited (${code}):\n${out}`)));
  });
}

it('SIGTERM lets a slow in-flight login finish with 200, refuses new connections, then exits 0', async () => {
  standIn = await startStandIn((body, res) => {
    setTimeout(
      () => sendJson(res, 200, { err_no: 0, err_tips: 'success', data: { openid: `openid-${String(body.code)}`, session_key: 'sk' } }),
      UPSTREAM_DELAY_MS,
    );
  });
  const server = await startMain({
    TOKEN_SERVICE_MODE: 'douyin',
    RTC_APP_ID: '65a1b2c3d4e5f60718293a4b',
    RTC_APP_KEY: 'test-app-key-0123456789abcdef012',
    DOUYIN_APP_ID: 'tt0123456789abcdef',
    DOUYIN_APP_SECRET: TEST_DOUYIN_SECRET,
    INVITE_SECRET: TEST_INVITE_SECRET,
    DOUYIN_CODE2SESSION_URL: standIn.url,
    PORT: '0',
  });
  const invite = createInvite(TEST_INVITE_SECRET, 'room-1', Math.floor(Date.now() / 1000) + 600);
  const login = fetch(`${server.url}/v1/rtc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ roomId: 'room-1', code: 'single-use-code', invite }),
  });
  // Wait until the code has reached "Douyin": from here on, losing the request loses the login.
  while (standIn.calls.length === 0) await new Promise((r) => setTimeout(r, 20));
  child!.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 200));

  // Draining: no new connections are accepted.
  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();

  const res = await login;
  expect(res.status).toBe(200);
  expect(((await res.json()) as { roomId: string }).roomId).toBe('room-1');
  expect(await server.exited).toBe(0);
  expect(server.output()).toContain('shutting down');
}, 30_000);
