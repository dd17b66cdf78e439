// While the server drains (app.close() waiting for in-flight requests): a request that was already
// running finishes but tells the client to drop the connection, and a request that only starts now
// on a connection that was not idle gets 503 shutting_down with Retry-After, in our error shape.
import { connect as netConnect, type Socket } from 'node:net';
import { request, type RunningApp, startApp, testConfig } from './helpers';

let app: RunningApp;
const sockets: Socket[] = [];
beforeEach(async () => {
  app = await startApp(testConfig('dev'));
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await app.close().catch(() => undefined);
});

interface Conn {
  write: (bytes: string) => void;
  /** Resolves once the received bytes match. */
  received: (pattern: RegExp) => Promise<void>;
  /** Everything received until the server closed the socket. */
  closed: Promise<string>;
}

function open(): Conn {
  const s = netConnect({ host: '127.0.0.1', port: Number(new URL(app.url).port) });
  sockets.push(s);
  let data = '';
  const waiting: { pattern: RegExp; resolve: () => void }[] = [];
  s.on('data', (c: Buffer) => {
    data += c.toString('utf8');
    for (const w of waiting.filter((x) => x.pattern.test(data))) w.resolve();
  });
  s.on('error', () => undefined);
  return {
    write: (b) => s.write(b),
    received: (pattern) => new Promise((resolve) => (pattern.test(data) ? resolve() : waiting.push({ pattern, resolve }))),
    closed: new Promise((resolve) => s.on('close', () => resolve(data))),
  };
}

const BODY = JSON.stringify({ roomId: 'room-1', userId: 'user-1' });
const POST_HEAD = `POST /v1/rtc/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n`;

/** A token request whose body is half sent: in flight until the rest arrives, so close() waits for it. */
async function inFlight(): Promise<Conn> {
  const seen = new Promise<void>((resolve) => app.instance.server.once('request', () => resolve()));
  const c = open();
  c.write(POST_HEAD + BODY.slice(0, 5));
  await seen;
  return c;
}

it('a request that was in flight when the drain began still succeeds, with Connection: close', async () => {
  const c = await inFlight();
  const closing = app.close();
  c.write(BODY.slice(5));
  const answer = await c.closed;
  await closing;
  expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  expect(answer).toMatch(/\r\nconnection: close\r\n/i);
});

it('before the drain, the same request keeps the connection alive', async () => {
  const c = open();
  c.write(POST_HEAD + BODY);
  await c.received(/"expireAt":\d+\}$/);
  await app.close();
  const answer = await c.closed;
  expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  expect(answer).toMatch(/\r\nconnection: keep-alive\r\n/i);
});

it('a request that starts during the drain gets 503 shutting_down, Retry-After: 1 and Connection: close', async () => {
  const running = await inFlight(); // keeps the server draining
  // Half a request line: the connection is not idle, so close() does not reap it.
  const late = open();
  late.write('GET /healthz HTTP/1.1\r\n');
  // A full round trip on a third connection lets the server read those bytes first.
  expect((await request(`${app.url}/healthz`)).status).toBe(200);
  const closing = app.close();
  late.write('Host: x\r\n\r\n');
  const answer = await late.closed;
  running.write(BODY.slice(5));
  await running.closed;
  await closing;
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  expect(head).toMatch(/^HTTP\/1\.1 503 /);
  expect(head).toMatch(/\r\nretry-after: 1\r\n/i);
  expect(head).toMatch(/\r\nconnection: close\r\n/i);
  expect(JSON.parse(body)).toEqual({ error: { code: 'shutting_down', message: 'Server is shutting down; retry' } });
});
