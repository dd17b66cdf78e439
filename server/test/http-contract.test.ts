// Finding 6 (error contract) and 3 (timeouts): what Node's parser, fastify's URL handling, wrong
// methods and stalled clients get back. Every answer is { error: { code, message } } and quotes
// nothing the client sent.
import { errorCode, rawHttp, request, type RunningApp, startApp, testConfig } from './helpers';

const SECRET = 'tok-SECRET-0123456789';
let app: RunningApp;
beforeAll(async () => {
  // Short timeouts so the stalled-client cases finish in about a second.
  app = await startApp(testConfig('dev', { timeouts: { headersMs: 500, requestMs: 1000, keepAliveMs: 5000 } }));
});
afterAll(() => app.close());

function shapeOf(body: string): { code: string; message: string } {
  const json = JSON.parse(body) as { error: { code: string; message: string } };
  expect(Object.keys(json)).toEqual(['error']);
  expect(Object.keys(json.error).sort()).toEqual(['code', 'message']);
  return json.error;
}

describe('Node parser errors answer in our shape', () => {
  it.each([
    ['garbage request line', `GARBAGE ${SECRET}\r\n\r\n`, 400, 'invalid_request'],
    ['bad header syntax', `GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header${SECRET}\r\n\r\n`, 400, 'invalid_request'],
    ['invalid Content-Length', `POST /v1/rtc/token HTTP/1.1\r\nHost: x\r\nContent-Length: 1${SECRET}\r\n\r\n`, 400, 'invalid_request'],
    ['headers over the size limit', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${SECRET}${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
  ])('%s', async (_name, bytes, status, code) => {
    const res = await rawHttp(app.url, bytes);
    expect(res.status).toBe(status);
    expect(res.head).toMatch(/content-type: application\/json/i);
    expect(shapeOf(res.body).code).toBe(code);
    expect(res.head + res.body).not.toContain(SECRET);
  });
});

describe('bad URLs and wrong methods', () => {
  it('a URL that does not decode is a 400 that does not echo the URL or its query', async () => {
    const res = await rawHttp(app.url, `GET /v1/%E0%A4%A${SECRET}?token=${SECRET} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(400);
    expect(shapeOf(res.body).code).toBe('invalid_request');
    expect(res.head + res.body).not.toContain(SECRET);
    expect(res.body).not.toContain('%E0');
  });

  it.each([
    ['GET', '/v1/rtc/token', 'POST'],
    ['PUT', '/v1/rooms', 'POST'],
    ['DELETE', '/healthz', 'GET, HEAD'],
    ['POST', '/healthz', 'GET, HEAD'],
  ])('%s %s -> 405 with Allow: %s', async (method, path, allow) => {
    const res = await request(`${app.url}${path}?token=${SECRET}`, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(errorCode(res)).toBe('method_not_allowed');
    expect(res.text).not.toContain(SECRET);
  });

  it('an unknown path is still a 404', async () => {
    const res = await request(`${app.url}/v2/nothing?token=${SECRET}`);
    expect(res.status).toBe(404);
    expect(errorCode(res)).toBe('not_found');
    expect(res.text).not.toContain(SECRET);
  });
});

describe('stalled clients are cut off (REQUEST_TIMEOUT_MS / HEADERS_TIMEOUT_MS)', () => {
  it('a body that is promised and never sent gets 408 and a closed socket within seconds', async () => {
    const res = await rawHttp(
      app.url,
      'POST /v1/rtc/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"roomId":',
      5000,
    );
    expect(res.status).toBe(408);
    expect(shapeOf(res.body).code).toBe('request_timeout');
    expect(res.closedAfterMs).toBeLessThan(4000);
  });

  it('headers that never finish get 408 and a closed socket', async () => {
    const res = await rawHttp(app.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', 5000);
    expect(res.status).toBe(408);
    expect(shapeOf(res.body).code).toBe('request_timeout');
  });

  it('the server keeps serving afterwards', async () => {
    expect((await app.post('/v1/rtc/token', { roomId: 'r', userId: 'u' })).status).toBe(200);
  });
});
