// Hostile and sloppy input: every answer is a 4xx in our error shape, and the server keeps serving.
import { BODY_LIMIT_BYTES } from '../src/app';
import { errorCode, request, type RunningApp, startApp, testConfig } from './helpers';

let app: RunningApp;
beforeAll(async () => {
  app = await startApp(testConfig('dev'));
});
afterAll(() => app.close());

const valid = { roomId: 'room-1', userId: 'user-1' };

interface BadCase {
  name: string;
  body: unknown;
  headers?: Record<string, string>;
  status: number;
  code: string;
}

const cases: BadCase[] = [
  { name: 'malformed JSON', body: '{"roomId": "a",', status: 400, code: 'malformed_json' },
  { name: 'JSON with a trailing comma', body: '{"roomId":"a","userId":"b",}', status: 400, code: 'malformed_json' },
  { name: 'empty JSON body', body: '', status: 400, code: 'malformed_json' },
  { name: 'prototype poisoning', body: '{"roomId":"a","userId":"b","__proto__":{"x":1}}', status: 400, code: 'malformed_json' },
  { name: 'JSON array', body: '[]', status: 400, code: 'invalid_request' },
  { name: 'JSON string', body: '"room"', status: 400, code: 'invalid_request' },
  { name: 'JSON null', body: 'null', status: 400, code: 'invalid_request' },
  { name: 'oversized body', body: JSON.stringify({ ...valid, pad: 'x'.repeat(BODY_LIMIT_BYTES) }), status: 413, code: 'body_too_large' },
  { name: 'missing userId', body: { roomId: 'r' }, status: 400, code: 'invalid_request' },
  { name: 'missing roomId', body: { userId: 'u' }, status: 400, code: 'invalid_request' },
  { name: 'empty object', body: {}, status: 400, code: 'invalid_request' },
  { name: 'empty roomId', body: { roomId: '', userId: 'u' }, status: 400, code: 'invalid_request' },
  { name: 'roomId with a space', body: { roomId: 'a b', userId: 'u' }, status: 400, code: 'invalid_request' },
  { name: 'roomId with a slash', body: { roomId: 'a/b', userId: 'u' }, status: 400, code: 'invalid_request' },
  { name: 'unicode userId', body: { roomId: 'r', userId: '用户' }, status: 400, code: 'invalid_request' },
  { name: 'wildcard roomId', body: { roomId: '*', userId: 'u' }, status: 400, code: 'invalid_request' },
  { name: '129-char userId', body: { roomId: 'r', userId: 'u'.repeat(129) }, status: 400, code: 'invalid_request' },
  { name: 'numeric roomId', body: { roomId: 123, userId: 'u' }, status: 400, code: 'invalid_request' },
  { name: 'array userId', body: { roomId: 'r', userId: ['u'] }, status: 400, code: 'invalid_request' },
  { name: 'null userId', body: { roomId: 'r', userId: null }, status: 400, code: 'invalid_request' },
  { name: 'unknown role', body: { ...valid, role: 'admin' }, status: 400, code: 'invalid_request' },
  { name: 'boolean role', body: { ...valid, role: true }, status: 400, code: 'invalid_request' },
  { name: 'unknown field', body: { ...valid, admin: true }, status: 400, code: 'invalid_request' },
  { name: 'douyin field in dev mode', body: { ...valid, code: 'abc' }, status: 400, code: 'invalid_request' },
  { name: 'malformed invite', body: { ...valid, invite: 'not-an-invite' }, status: 400, code: 'invalid_request' },
  { name: 'numeric invite', body: { ...valid, invite: 12 }, status: 400, code: 'invalid_request' },
  {
    name: 'form-encoded body',
    body: 'roomId=r&userId=u',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'unsupported_media_type',
  },
  { name: 'text/plain body', body: JSON.stringify(valid), headers: { 'content-type': 'text/plain' }, status: 400, code: 'invalid_request' },
];

describe('POST /v1/rtc/token with bad input', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await request(`${app.url}/v1/rtc/token`, {
      method: 'POST',
      headers: c.headers ?? { 'content-type': 'application/json' },
      body: typeof c.body === 'string' ? c.body : JSON.stringify(c.body),
    });
    expect(res.status).toBe(c.status);
    expect(errorCode(res)).toBe(c.code);
  });

  it('no body at all is a 400', async () => {
    const res = await request(`${app.url}/v1/rtc/token`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('invalid_request');
  });

  it('a body well over the limit is refused without reading it all', async () => {
    const res = await app.post('/v1/rtc/token', 'x'.repeat(1024 * 1024));
    expect(res.status).toBe(413);
    expect(errorCode(res)).toBe('body_too_large');
  });

  it('the same request without the bad parts succeeds, and /healthz still answers', async () => {
    expect((await app.post('/v1/rtc/token', valid)).status).toBe(200);
    const health = await request(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok', mode: 'dev' });
  });
});
