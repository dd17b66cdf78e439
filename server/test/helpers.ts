// Test helpers: real servers on 127.0.0.1 port 0, real sockets, closed after each test.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect as netConnect } from 'node:net';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { type AppDeps, buildApp } from '../src/app';
import { type Config, ConfigError, loadConfig } from '../src/config';

export const TEST_APP_ID = '65a1b2c3d4e5f60718293a4b';
export const TEST_APP_KEY = 'test-app-key-0123456789abcdef012';
export const TEST_INVITE_SECRET = 'test-invite-secret-0123456789abcdef';
export const TEST_DOUYIN_SECRET = 'douyin-app-secret-do-not-log-42';

export function testConfig(mode: 'dev' | 'douyin', overrides: Partial<Config> = {}): Config {
  return {
    mode,
    host: '127.0.0.1',
    port: 0,
    rtcAppId: TEST_APP_ID,
    rtcAppKey: TEST_APP_KEY,
    devCredentials: false,
    tokenTtlSeconds: 3600,
    inviteTtlSeconds: 86400,
    inviteSecret: TEST_INVITE_SECRET,
    userIdSecret: 'test-user-id-secret-0123456789',
    douyin:
      mode === 'douyin'
        ? { appId: 'tt0123456789abcdef', appSecret: TEST_DOUYIN_SECRET, code2sessionUrl: 'http://127.0.0.1:1/unused' }
        : null,
    code2sessionTimeoutMs: 2000,
    rateLimit: { perIpPerMinute: 10_000, perCallerPerMinute: 10_000 },
    trustProxy: false,
    timeouts: { headersMs: 10_000, requestMs: 15_000, keepAliveMs: 72_000 },
    redisUrl: null,
    calls: {
      ringTimeoutMs: 30_000,
      heartbeatMs: 25_000,
      helloTimeoutMs: 10_000,
      dropGraceMs: 20_000,
      invitesPerMinute: 1000,
      sweepMs: 50,
      notice: null,
    },
    ...overrides,
  };
}

/** The problems loadConfig reports for env (what the operator sees at startup); fails if it loads. */
export function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(Object.keys(env))}`);
}

export interface RunningApp {
  url: string;
  /** ws://127.0.0.1:<port>/v1/calls/socket (the call signalling endpoint). */
  wsUrl: string;
  instance: FastifyInstance;
  /** Everything the server logged so far. */
  logs: () => string;
  post: (path: string, body?: unknown, headers?: Record<string, string>) => Promise<JsonResponse>;
  close: () => Promise<void>;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** `setup` runs on the built app before it listens (e.g. a test-only route that throws). */
export async function startApp(config: Config, deps: AppDeps = {}, setup?: (app: FastifyInstance) => void): Promise<RunningApp> {
  const stream = new PassThrough();
  let logText = '';
  stream.on('data', (chunk: Buffer) => (logText += chunk.toString('utf8')));
  const app = await buildApp(config, { logStream: stream, ...deps });
  setup?.(app);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    wsUrl: `${url.replace(/^http/, 'ws')}/v1/calls/socket`,
    instance: app,
    logs: () => logText,
    post: (path, body, headers) =>
      request(`${url}${path}`, {
        method: 'POST',
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    close: () => app.close(),
  };
}

export async function request(url: string, init: RequestInit = {}): Promise<JsonResponse> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Asserts our error shape and returns the code. */
export function errorCode(res: JsonResponse): string {
  const body = res.json as { error?: { code?: unknown; message?: unknown } } | undefined;
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(typeof body?.error?.code).toBe('string');
  expect(typeof body?.error?.message).toBe('string');
  expect(Object.keys(body ?? {})).toEqual(['error']);
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack traces
  return String(body?.error?.code);
}

/** Asserts our error shape and returns { code, message }. */
export function errorOf(res: JsonResponse): { code: string; message: string } {
  const code = errorCode(res);
  return { code, message: String((res.json as { error: { message: string } }).error.message) };
}

/** The app's log as parsed JSON lines. */
export function logLines(app: RunningApp): Record<string, unknown>[] {
  return app
    .logs()
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export interface StandIn {
  url: string;
  calls: { body: unknown; contentType: string | undefined }[];
  /** Request headers, one entry per call. */
  headers: IncomingMessage['headers'][];
  close: () => Promise<void>;
}

/** A loopback HTTP server standing in for Douyin's code2session endpoint. */
export async function startStandIn(
  handle: (body: Record<string, unknown>, res: ServerResponse) => void,
): Promise<StandIn> {
  const calls: StandIn['calls'] = [];
  const headers: StandIn['headers'] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // leave empty; the handler decides
      }
      calls.push({ body, contentType: req.headers['content-type'] });
      headers.push(req.headers);
      handle(body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/apps/v2/jscode2session`,
    calls,
    headers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A loopback port that was just free. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A loopback port that was just free: connecting to it is refused. */
export async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}/api/apps/v2/jscode2session`;
}

export interface RawResponse {
  /** 0 when the server closed the socket without answering. */
  status: number;
  head: string;
  body: string;
  /** ms from the write to the server closing the socket. */
  closedAfterMs: number;
}

/**
 * Writes raw bytes to the server (for requests fetch refuses to send: broken syntax, stalled bodies)
 * and reads until the server closes the socket. Fails after `timeoutMs` if it never does.
 */
export function rawHttp(url: string, bytes: string, timeoutMs = 10_000): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const socket = netConnect({ host: hostname, port: Number(port) }, () => socket.write(bytes));
    let data = '';
    socket.on('data', (c: Buffer) => (data += c.toString('latin1')));
    socket.on('error', () => undefined); // a reset after the answer is fine; 'close' follows
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`server kept the socket open for ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('close', () => {
      clearTimeout(timer);
      const split = data.indexOf('\r\n\r\n');
      const head = split >= 0 ? data.slice(0, split) : data;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, head, body: split >= 0 ? data.slice(split + 4) : '', closedAfterMs: Date.now() - t0 });
    });
  });
}
