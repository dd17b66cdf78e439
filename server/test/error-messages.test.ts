// Every refusal a client can meet tells it what went wrong: the documented status, error code AND a
// message a developer can act on, with nothing the client sent (or any secret) echoed back or logged.
// Also the request log line's level and fields, and the log's handling of unexpected errors.
import { createInvite } from '../src/auth/invite';
import { HttpError } from '../src/errors';
import { BODY_LIMIT_BYTES } from '../src/app';
import { errorOf, logLines, rawHttp, request, type RunningApp, startApp, TEST_INVITE_SECRET, testConfig } from './helpers';

const NOW = 1_800_000_000;
const SECRET = 'tok-SECRET-0123456789';
let app: RunningApp;
beforeAll(async () => {
  app = await startApp(
    testConfig('dev', { timeouts: { headersMs: 300, requestMs: 600, keepAliveMs: 5000 } }),
    { now: () => NOW },
    (a) => {
      // Test-only routes: what the error handler does with errors no route means to throw.
      const fail = (e: Error) => () => {
        throw e;
      };
      a.get('/test/crash', fail(new Error(`database password ${SECRET} rejected`)));
      a.get('/test/teapot', fail(Object.assign(new Error(SECRET), { statusCode: 418 })));
      a.get('/test/plain-400', fail(Object.assign(new Error(SECRET), { statusCode: 400 })));
      a.get('/test/syntax-400', fail(Object.assign(new SyntaxError(SECRET), { statusCode: 400 })));
      a.get('/test/syntax-500', fail(Object.assign(new SyntaxError(SECRET), { statusCode: 500 })));
      // A known fastify body error that somehow carries a 5xx still leaves as a 4xx.
      a.get('/test/known-500', fail(Object.assign(new Error(SECRET), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 500 })));
    },
  );
});
afterAll(() => app.close());

function post(path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return request(`${app.url}${path}`, { method: 'POST', headers, body });
}

function parsed(raw: { body: string }) {
  return JSON.parse(raw.body) as unknown;
}

describe('Node parser errors: status line, code and message', () => {
  it.each([
    ['garbage', `GARBAGE ${SECRET}\r\n\r\n`, 'HTTP/1.1 400 Bad Request', 'invalid_request', 'Malformed HTTP request'],
    ['huge headers', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${SECRET}${'a'.repeat(20_000)}\r\n\r\n`, 'HTTP/1.1 431 Request Header Fields Too Large', 'headers_too_large', 'Request headers are too large'],
    ['stalled body', 'POST /v1/rtc/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{', 'HTTP/1.1 408 Request Timeout', 'request_timeout', 'Request was not received in time'],
  ])('%s', async (_name, bytes, statusLine, code, message) => {
    const res = await rawHttp(app.url, bytes, 5000);
    expect(res.head.split('\r\n')[0]).toBe(statusLine);
    expect(parsed(res)).toEqual({ error: { code, message } });
    expect(res.head + res.body).not.toContain(SECRET);
    // The operator sees our fixed code and the status, never the bytes the parser choked on.
    const line = logLines(app).find((l) => l.msg === 'client error' && l.clientError === code);
    expect(line).toMatchObject({ clientError: code, status: Number(statusLine.split(' ')[1]), level: 30 });
  });

  it('a client that resets its connection mid-request is not an error worth a log line', async () => {
    const { connect } = await import('node:net');
    const before = logLines(app).filter((l) => l.msg === 'client error').length;
    const seen = new Promise<void>((resolve) => app.instance.server.once('connection', () => resolve()));
    const s = connect({ host: '127.0.0.1', port: Number(new URL(app.url).port) }, () => s.write('GET /healthz HTTP/1.1\r\nHost'));
    s.on('error', () => undefined);
    await seen;
    // Let the half request line reach the server, then reset (RST, not FIN).
    expect((await request(`${app.url}/healthz`)).status).toBe(200);
    s.resetAndDestroy();
    // Another full round trip: the server has handled the reset by then.
    expect((await request(`${app.url}/healthz`)).status).toBe(200);
    expect((await request(`${app.url}/healthz`)).status).toBe(200);
    expect(logLines(app).filter((l) => l.msg === 'client error')).toHaveLength(before);
  });
});

describe('URLs and methods', () => {
  it('a URL that does not decode: 400 "Malformed URL"', async () => {
    const res = await rawHttp(app.url, `GET /v1/%E0%A4%A${SECRET} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(400);
    expect(parsed(res)).toEqual({ error: { code: 'invalid_request', message: 'Malformed URL' } });
  });

  it('wrong method: 405 with a message saying so', async () => {
    expect(errorOf(await request(`${app.url}/v1/rooms`))).toEqual({ code: 'method_not_allowed', message: 'Method not allowed on this endpoint' });
  });

  it('unknown path: 404 "No such endpoint"', async () => {
    expect(errorOf(await request(`${app.url}/v9/x?token=${SECRET}`))).toEqual({ code: 'not_found', message: 'No such endpoint' });
  });
});

describe('bodies', () => {
  it.each([
    ['broken JSON', '{"roomId":', undefined, 400, 'malformed_json', 'Request body is not valid JSON'],
    ['prototype poisoning (parser SyntaxError)', '{"roomId":"a","userId":"b","__proto__":{"x":1}}', undefined, 400, 'malformed_json', 'Request body is not valid JSON'],
    ['empty JSON body', '', undefined, 400, 'malformed_json', 'Request body is empty but content-type is JSON'],
    ['too large', JSON.stringify({ roomId: 'r', userId: 'u', pad: 'x'.repeat(BODY_LIMIT_BYTES) }), undefined, 413, 'body_too_large', 'Request body is too large'],
    ['form-encoded', 'roomId=r&userId=u', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type', 'Send the body as application/json'],
  ])('%s', async (_name, body, headers, status, code, message) => {
    const res = await post('/v1/rtc/token', body, headers);
    expect(res.status).toBe(status);
    expect(errorOf(res)).toEqual({ code, message });
  });

  it('schema violations name the field and the rule, never the value', async () => {
    const res = await post('/v1/rtc/token', JSON.stringify({ roomId: 'r', userId: `${SECRET} x` }));
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({ code: 'invalid_request', message: 'body/userId must match pattern "^[a-zA-Z0-9@._-]{1,128}$"' });
    const missing = await post('/v1/rtc/token', JSON.stringify({ roomId: 'r' }));
    expect(errorOf(missing)).toEqual({ code: 'invalid_request', message: "body must have required property 'userId'" });
  });
});

describe('invites and roles', () => {
  const valid = { roomId: 'room-1', userId: 'user-1' };
  it('an expired invite says to ask for a new one; a forged one that it is not valid', async () => {
    const expired = await post('/v1/rtc/token', JSON.stringify({ ...valid, invite: createInvite(TEST_INVITE_SECRET, 'room-1', NOW - 1) }));
    expect(expired.status).toBe(403);
    expect(errorOf(expired)).toEqual({ code: 'invite_expired', message: 'Invite has expired; ask for a new one' });
    const other = await post('/v1/rtc/token', JSON.stringify({ ...valid, invite: createInvite(TEST_INVITE_SECRET, 'room-2', NOW + 60) }));
    expect(errorOf(other)).toEqual({ code: 'invalid_invite', message: 'Invite is not valid for this room' });
  });

  it('a viewer invite asked for a member token: 403 "only lets you watch", and the log line carries the code', async () => {
    const viewer = createInvite(TEST_INVITE_SECRET, 'room-1', NOW + 60, 'viewer');
    const res = await post('/v1/rtc/token', JSON.stringify({ ...valid, invite: viewer, role: 'member' }));
    expect(res.status).toBe(403);
    expect(errorOf(res)).toEqual({ code: 'role_not_allowed', message: 'This invite only lets you watch' });
    const line = logLines(app).filter((l) => l.url === '/v1/rtc/token' && l.s === 403).pop();
    expect(line).toMatchObject({ errCode: 'role_not_allowed', msg: 'request', level: 30 });
  });

  it('POST /v1/invites: a viewer invite cannot hand out member invites, only viewer ones; a member invite can do both', async () => {
    const viewer = createInvite(TEST_INVITE_SECRET, 'room-1', NOW + 60, 'viewer');
    const member = createInvite(TEST_INVITE_SECRET, 'room-1', NOW + 60, 'member');
    const up = await post('/v1/invites', JSON.stringify({ roomId: 'room-1', invite: viewer, role: 'member' }));
    expect(up.status).toBe(403);
    expect(errorOf(up)).toEqual({ code: 'role_not_allowed', message: 'A viewer invite cannot create member invites' });
    expect((await post('/v1/invites', JSON.stringify({ roomId: 'room-1', invite: viewer, role: 'viewer' }))).status).toBe(200);
    const fromMember = await post('/v1/invites', JSON.stringify({ roomId: 'room-1', invite: member, role: 'member' }));
    expect(fromMember.status).toBe(200);
    const line = logLines(app).filter((l) => l.url === '/v1/invites' && l.s === 200).pop();
    expect(line).toMatchObject({ msg: 'invite issued', roomId: 'room-1', role: 'member' });
  });
});

describe('rooms', () => {
  it('a room id is "r" plus 16 base64url characters, and the log line names it', async () => {
    const res = await post('/v1/rooms', '{}');
    const { roomId } = res.json as { roomId: string };
    expect(roomId).toMatch(/^r[A-Za-z0-9_-]{16}$/);
    const line = logLines(app).filter((l) => l.url === '/v1/rooms').pop();
    expect(line).toMatchObject({ msg: 'room created', roomId, s: 200 });
  });

  it('dev mode takes a JSON null body like no body at all', async () => {
    expect((await post('/v1/rooms', 'null')).status).toBe(200);
  });
});

describe('errors no route means to throw', () => {
  it('an unexpected error: 500 internal_error, no detail to the client; the operator gets it at error level', async () => {
    const res = await request(`${app.url}/test/crash`);
    expect(res.status).toBe(500);
    expect(errorOf(res)).toEqual({ code: 'internal_error', message: 'Internal server error' });
    expect(res.text).not.toContain(SECRET);
    const lines = logLines(app);
    expect(lines.find((l) => l.msg === 'unhandled error')).toMatchObject({ level: 50 });
    // The request line of a 5xx is a warning (alerting keys on it), with the default message.
    expect(lines.filter((l) => l.url === '/test/crash').pop()).toMatchObject({ level: 40, s: 500, msg: 'request' });
  });

  it.each([
    ['/test/teapot', 418, 'invalid_request', 'Bad request'],
    ['/test/plain-400', 400, 'invalid_request', 'Bad request'],
    ['/test/syntax-400', 400, 'malformed_json', 'Request body is not valid JSON'],
    ['/test/syntax-500', 500, 'internal_error', 'Internal server error'],
    ['/test/known-500', 400, 'body_too_large', 'Request body is too large'],
  ])('%s -> %d %s', async (path, status, code, message) => {
    const res = await request(`${app.url}${path}`);
    expect(res.status).toBe(status);
    expect(errorOf(res)).toEqual({ code, message });
    expect(res.text).not.toContain(SECRET);
  });

  it('the request line of a 4xx is info, with the path only', async () => {
    await request(`${app.url}/test/teapot?token=${SECRET}`);
    expect(logLines(app).filter((l) => l.s === 418).pop()).toMatchObject({ level: 30, url: '/test/teapot', m: 'GET' });
    expect(app.logs()).not.toContain(`token=${SECRET}`);
  });

  it('HttpError names itself in stack traces', () => {
    expect(String(new HttpError(400, 'invalid_request', 'x'))).toBe('HttpError: x');
  });
});
