// code2session, one misbehaving upstream at a time: which status, code and message the client gets,
// and which fixed failure reason the request log gets (never upstream text). Then, through the app,
// the login-code and invite refusals of douyin mode with their messages.
import { type ServerResponse } from 'node:http';
import { createInvite } from '../src/auth/invite';
import { type Code2SessionFailure, exchangeCode, MAX_UPSTREAM_BODY_BYTES } from '../src/auth/douyin-session';
import { closedPortUrl, errorOf, logLines, type RunningApp, sendJson, type StandIn, startApp, startStandIn, TEST_INVITE_SECRET, testConfig } from './helpers';

const NOW = 1_800_000_000;
let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

async function exchange(url: string, timeoutMs = 2000) {
  const failures: Code2SessionFailure[] = [];
  const result = exchangeCode({ url, appId: 'tt-app', appSecret: 'app-secret', timeoutMs }, 'code-1', (f) => failures.push(f));
  return { result, failures };
}

async function against(handle: (res: ServerResponse) => void, timeoutMs?: number) {
  standIn = await startStandIn((_body, res) => handle(res));
  return exchange(standIn.url, timeoutMs);
}

const ok = { err_no: 0, err_tips: 'success', data: { openid: 'openid-1', session_key: 'sk' } };

describe('exchangeCode', () => {
  it('an HTTP error status is a 502 even with a success body, reported once as "http status"', async () => {
    const { result, failures } = await against((res) => sendJson(res, 500, ok));
    await expect(result).rejects.toMatchObject({ statusCode: 502, code: 'upstream_error', message: 'Douyin login service answered with an error' });
    expect(failures).toEqual([{ status: 500, reason: 'http status' }]);
  });

  it('no answer in time: 504 upstream_timeout, reason "timeout"', async () => {
    const { result, failures } = await against(() => undefined, 200);
    await expect(result).rejects.toMatchObject({ statusCode: 504, code: 'upstream_timeout', message: 'Douyin login service did not answer in time' });
    expect(failures).toEqual([{ reason: 'timeout' }]);
  });

  it('a body that is not JSON: 502, reason "non-JSON body"', async () => {
    const { result, failures } = await against((res) => res.end('<html>busy</html>'));
    await expect(result).rejects.toMatchObject({ statusCode: 502, code: 'upstream_error', message: 'Douyin login service is unreachable or answered garbage' });
    expect(failures).toEqual([{ reason: 'non-JSON body' }]);
  });

  it('nobody listening: 502, reason "network error"', async () => {
    const { result, failures } = await exchange(await closedPortUrl());
    await expect(result).rejects.toMatchObject({ statusCode: 502, code: 'upstream_error', message: 'Douyin login service is unreachable or answered garbage' });
    expect(failures).toEqual([{ reason: 'network error' }]);
  });

  it('a body over the limit: 502 "answered garbage", reason "body too large"', async () => {
    const { result, failures } = await against((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(MAX_UPSTREAM_BODY_BYTES + 1) });
      res.end(' '.repeat(MAX_UPSTREAM_BODY_BYTES + 1));
    });
    await expect(result).rejects.toMatchObject({ statusCode: 502, message: 'Douyin login service answered garbage' });
    expect(failures).toEqual([{ reason: 'body too large' }]);
  });

  // Exactly at the limit is still read, declared or streamed.
  it.each([
    ['declared', true],
    ['chunked', false],
  ])('a body of exactly the limit (%s) is accepted', async (_name, declared) => {
    const json = JSON.stringify(ok);
    const body = json + ' '.repeat(MAX_UPSTREAM_BODY_BYTES - json.length);
    const { result } = await against((res) => {
      res.writeHead(200, { 'content-type': 'application/json', ...(declared ? { 'content-length': String(body.length) } : {}) });
      res.write(body.slice(0, 1000));
      res.end(body.slice(1000));
    });
    await expect(result).resolves.toEqual({ openid: 'openid-1' });
  });

  it.each([
    ['null', null],
    ['a string', 'ok'],
    ['err_no missing', { data: { openid: 'o' } }],
  ])('a JSON body of the wrong shape (%s): 502 "unexpected format"', async (_name, body) => {
    const { result, failures } = await against((res) => sendJson(res, 200, body));
    await expect(result).rejects.toMatchObject({ statusCode: 502, code: 'upstream_error', message: 'Douyin login service answered in an unexpected format' });
    expect(failures).toEqual([{ reason: 'unexpected body' }]);
  });

  it('err_no of a configuration fault (40015, bad appid): 502 "refused the request"', async () => {
    const { result, failures } = await against((res) => sendJson(res, 200, { err_no: 40015, err_tips: 'bad appid' }));
    await expect(result).rejects.toMatchObject({ statusCode: 502, code: 'upstream_error', message: 'Douyin login service refused the request' });
    expect(failures).toEqual([{ errNo: 40015, reason: 'err_no' }]);
  });

  it('err_no for a bad code: 401 telling the client to call tt.login again', async () => {
    const { result } = await against((res) => sendJson(res, 200, { err_no: 40018, err_tips: 'bad code' }));
    await expect(result).rejects.toMatchObject({
      statusCode: 401,
      code: 'invalid_login_code',
      message: 'Login code is invalid, expired or already used; call tt.login again',
    });
  });

  it.each([
    ['data null', { err_no: 0, data: null }],
    ['data a string', { err_no: 0, data: 'openid-1' }],
    ['no openid', { err_no: 0, data: {} }],
    ['empty openid', { err_no: 0, data: { openid: '' } }],
    ['numeric openid', { err_no: 0, data: { openid: 7 } }],
  ])('success without a usable openid (%s): 502 "returned no openid"', async (_name, body) => {
    const { result, failures } = await against((res) => sendJson(res, 200, body));
    await expect(result).rejects.toMatchObject({ statusCode: 502, code: 'upstream_error', message: 'Douyin login service returned no openid' });
    expect(failures).toEqual([{ errNo: 0, reason: 'no openid' }]);
  });
});

describe('douyin mode through the app', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  const invite = () => createInvite(TEST_INVITE_SECRET, 'room-1', NOW + 600);

  it('the login code must be 1..512 characters; the message names the field and the bound', async () => {
    standIn = await startStandIn((_b, res) => sendJson(res, 200, ok));
    app = await startApp(testConfig('douyin'), { now: () => NOW, code2sessionUrl: standIn.url });
    const empty = await app.post('/v1/rtc/token', { roomId: 'room-1', code: '', invite: invite() });
    expect(errorOf(empty)).toEqual({ code: 'invalid_request', message: 'body/code must NOT have fewer than 1 characters' });
    const long = await app.post('/v1/rooms', { code: 'c'.repeat(513) });
    expect(errorOf(long)).toEqual({ code: 'invalid_request', message: 'body/code must NOT have more than 512 characters' });
    expect((await app.post('/v1/rooms', { code: 'c'.repeat(512) })).status).toBe(200);
    expect(standIn.calls).toHaveLength(1);
  });

  it('no invite: 403 saying one is required; without a code: 400 naming the field', async () => {
    app = await startApp(testConfig('douyin'), { now: () => NOW });
    const res = await app.post('/v1/rtc/token', { roomId: 'room-1', code: 'c' });
    expect(res.status).toBe(403);
    expect(errorOf(res)).toEqual({ code: 'invite_required', message: 'An invite for this room is required' });
    const noCode = await app.post('/v1/rtc/token', { roomId: 'room-1', userId: 'u', invite: invite() });
    expect(res.status).toBe(403);
    expect(noCode.status).toBe(400);
    expect(errorOf(noCode).code).toBe('invalid_request');
  });

  it('a token issued after login is logged with room, opaque userId and role', async () => {
    standIn = await startStandIn((_b, res) => sendJson(res, 200, ok));
    app = await startApp(testConfig('douyin'), { now: () => NOW, code2sessionUrl: standIn.url });
    const res = await app.post('/v1/rtc/token', { roomId: 'room-1', code: 'c', invite: invite(), role: 'viewer' });
    expect(res.status).toBe(200);
    const { userId } = res.json as { userId: string };
    expect(logLines(app).find((l) => l.msg === 'token issued')).toMatchObject({ roomId: 'room-1', userId, role: 'viewer' });
  });
});
