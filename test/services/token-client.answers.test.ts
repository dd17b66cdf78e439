// What the token client makes of each answer tt.request can give (scripted: the test decides every
// status, body and callback) and exactly which request it sends: the typed result or TokenServiceError
// a store receives, call records validated entry by entry, and the url/data/header handed to tt.request.
import type { PlatformFailure, RequestOptions, RequestSuccess, TtPlatform } from '../../services/platform/tt-types';
import { createTokenClient, isTokenServiceConfigured, TokenServiceError, type TokenClient } from '../../services/token-client';
import { flush } from '../../sim/time';

type Answer = { status: number; data: unknown } | { fail: PlatformFailure | undefined } | { throws: unknown };

interface Scripted {
  client: TokenClient;
  requests: RequestOptions[];
}

/** A tt.request that answers every call with `answer` (success/fail on a 0 ms timer, like the platform). */
function scripted(answer: Answer, opts: { baseUrl?: string; login?: () => Promise<string | undefined> } = {}): Scripted {
  const requests: RequestOptions[] = [];
  const request = (o: RequestOptions): { abort(): void } => {
    requests.push(o);
    if ('throws' in answer) throw answer.throws;
    setTimeout(() => {
      if ('fail' in answer) o.fail?.(answer.fail as PlatformFailure);
      else o.success?.({ statusCode: answer.status, data: answer.data, header: {} } as RequestSuccess);
    }, 0);
    return { abort: () => undefined };
  };
  const platform = { request } as unknown as TtPlatform;
  const client = createTokenClient({ platform, baseUrl: opts.baseUrl ?? 'https://t.test', login: opts.login });
  return { client, requests };
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown } | { pending: true };

/** Settles within 10 ms of fake time (the client's own 8 s timeout never fires here). */
async function outcome(p: Promise<unknown>): Promise<Outcome> {
  let out: Outcome = { pending: true };
  p.then(
    (value) => (out = { ok: true, value }),
    (error: unknown) => (out = { ok: false, error }),
  );
  await flush();
  return out;
}

function expectError(o: Outcome, fields: Partial<Pick<TokenServiceError, 'kind' | 'code' | 'status'>>): void {
  expect(o).toMatchObject({ ok: false });
  const e = (o as { error: unknown }).error;
  expect(e).toBeInstanceOf(TokenServiceError);
  expect(e).toMatchObject(fields);
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const TOKEN = { appId: 'app', roomId: 'r1', userId: 'u1', token: '001abc', expireAt: 1_800_000_000 };
const call = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  callId: 'c1',
  peer: 'bob',
  direction: 'out',
  media: 'video',
  outcome: 'completed',
  startedAt: 1_700_000_000,
  durationSeconds: 30,
  ...over,
});

describe('HTTP status', () => {
  test.each([200, 204, 299])('%i resolves with the body', async (status) => {
    const { client } = scripted({ status, data: TOKEN });
    expect(await outcome(client.fetchToken({ roomId: 'r1', userId: 'u1' }))).toEqual({ ok: true, value: TOKEN });
  });

  test.each([100, 199, 300, 404, 502])('%i is a rejection with http_<status> when the body has no error', async (status) => {
    const { client } = scripted({ status, data: TOKEN });
    expectError(await outcome(client.fetchToken({ roomId: 'r1', userId: 'u1' })), { kind: 'rejected', code: `http_${status}`, status });
  });

  test('a non-2xx whose error field is not an object is still a rejection, not a hang', async () => {
    const { client } = scripted({ status: 500, data: { error: null } });
    expectError(await outcome(client.fetchToken({ roomId: 'r1', userId: 'u1' })), { kind: 'rejected', code: 'http_500' });
  });
});

describe('bodies', () => {
  test('a body handed back as a JSON string is parsed', async () => {
    const { client } = scripted({ status: 200, data: JSON.stringify(TOKEN) });
    expect(await outcome(client.fetchToken({ roomId: 'r1', userId: 'u1' }))).toEqual({ ok: true, value: TOKEN });
  });

  test.each<[string, unknown]>([
    ['null', null],
    ['an array', [TOKEN]],
    ['not JSON', 'oops'],
    ['no token', { ...TOKEN, token: undefined }],
    ['an empty token', { ...TOKEN, token: '' }],
    ['a numeric token', { ...TOKEN, token: 7 }],
    ['a text expireAt', { ...TOKEN, expireAt: '1800000000' }],
    ['an infinite expireAt', { ...TOKEN, expireAt: Infinity }],
  ])('fetchToken: %s → invalid-response', async (_name, data) => {
    const { client } = scripted({ status: 200, data });
    expectError(await outcome(client.fetchToken({ roomId: 'r1', userId: 'u1' })), { kind: 'invalid-response' });
  });

  test.each<[string, unknown]>([
    ['null', null],
    ['no invite', {}],
    ['an invite with a bad last character', { invite: 'abc!' }],
    ['an invite with a bad first character', { invite: '!abc' }],
  ])('createInvite: %s → invalid-response', async (_name, data) => {
    const { client } = scripted({ status: 200, data });
    expectError(await outcome(client.createInvite({ roomId: 'r1', invite: 'i', role: 'member' })), { kind: 'invalid-response' });
  });

  test('createRoom and listCalls: a null body → invalid-response', async () => {
    expectError(await outcome(scripted({ status: 200, data: null }).client.createRoom()), { kind: 'invalid-response' });
    expectError(await outcome(scripted({ status: 200, data: null }).client.listCalls('u1')), { kind: 'invalid-response' });
  });
});

describe('call records: a bad entry is dropped, never the whole list', () => {
  test('every outcome, a zero start and a zero duration are kept', async () => {
    const calls = ['completed', 'missed', 'declined', 'cancelled', 'busy'].map((o, i) => call({ callId: `c${i}`, outcome: o }));
    calls.push(call({ callId: 'zero', startedAt: 0, durationSeconds: 0 }));
    const { client } = scripted({ status: 200, data: { calls } });
    expect(await outcome(client.listCalls('u1'))).toEqual({ ok: true, value: calls });
  });

  test.each<[string, unknown]>([
    ['null', null],
    ['a string', 'c1'],
    ['a peer with a bad last character', call({ peer: 'bob!' })],
    ['a peer with a bad first character', call({ peer: '!bob' })],
    ['an unknown outcome', call({ outcome: 'lost' })],
    ['a numeric outcome', call({ outcome: 1 })],
    ['a negative start', call({ startedAt: -1 })],
    ['an infinite start', call({ startedAt: Infinity })],
    ['a text start', call({ startedAt: '1' })],
    ['a negative duration', call({ durationSeconds: -1 })],
    ['an infinite duration', call({ durationSeconds: Infinity })],
    ['a text duration', call({ durationSeconds: '1' })],
  ])('%s is dropped', async (_name, bad) => {
    const good = call({ callId: 'good' });
    const { client } = scripted({ status: 200, data: { calls: [bad, good] } });
    expect(await outcome(client.listCalls('u1'))).toEqual({ ok: true, value: [good] });
  });

  test('at most 100 records are read', async () => {
    const calls = Array.from({ length: 101 }, (_, i) => call({ callId: `c${i}` }));
    const { client } = scripted({ status: 200, data: { calls } });
    const o = await outcome(client.listCalls('u1'));
    expect(o).toEqual({ ok: true, value: calls.slice(0, 100) });
  });
});

describe('platform failures', () => {
  test('a fail with errNo keeps it as the code; without errNo there is no code', async () => {
    const withNo = scripted({ fail: { errMsg: 'request:fail net', errNo: 21100 } });
    expectError(await outcome(withNo.client.fetchToken({ roomId: 'r1' })), { kind: 'network', code: '21100' });
    const withoutNo = scripted({ fail: { errMsg: 'request:fail net' } });
    const o = await outcome(withoutNo.client.fetchToken({ roomId: 'r1' }));
    expectError(o, { kind: 'network' });
    expect((o as { error: TokenServiceError }).error.code).toBeUndefined();
  });

  test('a fail with no payload at all is a network error', async () => {
    const { client } = scripted({ fail: undefined });
    const o = await outcome(client.fetchToken({ roomId: 'r1' }));
    expectError(o, { kind: 'network' });
    expect((o as { error: TokenServiceError }).error.code).toBeUndefined();
  });

  test('a request() that throws rejects network at once (no wait for the timeout)', async () => {
    const { client } = scripted({ throws: new Error('request is not available') });
    expectError(await outcome(client.fetchToken({ roomId: 'r1' })), { kind: 'network' });
    const nonError = scripted({ throws: 'boom' });
    expectError(await outcome(nonError.client.fetchToken({ roomId: 'r1' })), { kind: 'network' });
  });
});

describe('douyin login', () => {
  test('a TokenServiceError from login reaches the caller unchanged', async () => {
    const err = new TokenServiceError('timeout', 'tt.login gave no answer', 'login_timeout');
    const { client, requests } = scripted({ status: 200, data: TOKEN }, { login: () => Promise.reject(err) });
    const o = await outcome(client.fetchToken({ roomId: 'r1' }));
    expect((o as { error: unknown }).error).toBe(err);
    expect(requests).toHaveLength(0);
  });
});

describe('the request sent', () => {
  test('the base URL is trimmed and loses every trailing slash', async () => {
    const { client, requests } = scripted({ status: 200, data: TOKEN }, { baseUrl: ' https://t.test// ' });
    await outcome(client.fetchToken({ roomId: 'r1', userId: 'u1' }));
    expect(requests.map((r) => r.url)).toEqual(['https://t.test/v1/rtc/token']);
  });

  test('fetchToken sends only the fields it has: no undefined keys', async () => {
    const dev = scripted({ status: 200, data: TOKEN });
    await outcome(dev.client.fetchToken({ roomId: 'r1' }));
    expect(Object.keys(dev.requests[0].data as object)).toEqual(['roomId']);
    await outcome(dev.client.fetchToken({ roomId: 'r1', userId: 'u1', role: 'viewer', invite: 'i1' }));
    expect(dev.requests[1].data).toStrictEqual({ roomId: 'r1', userId: 'u1', role: 'viewer', invite: 'i1' });
    const douyin = scripted({ status: 200, data: TOKEN }, { login: () => Promise.resolve('code1') });
    await outcome(douyin.client.fetchToken({ roomId: 'r1', userId: 'u1' }));
    expect(douyin.requests[0].data).toStrictEqual({ roomId: 'r1', code: 'code1' });
  });

  test('createRoom in dev mode posts an empty object; in douyin mode the code', async () => {
    const dev = scripted({ status: 200, data: { roomId: 'r1', invite: 'i', inviteExpireAt: 1 } });
    await outcome(dev.client.createRoom());
    expect(dev.requests[0].data).toStrictEqual({});
    const douyin = scripted({ status: 200, data: { roomId: 'r1', invite: 'i', inviteExpireAt: 1 } }, { login: () => Promise.resolve('code1') });
    await outcome(douyin.client.createRoom());
    expect(douyin.requests[0].data).toStrictEqual({ code: 'code1' });
  });

  test('listCalls is a GET without a data key; the identity goes in one header', async () => {
    const douyin = scripted({ status: 200, data: { calls: [] } }, { login: () => Promise.resolve('code1') });
    await outcome(douyin.client.listCalls('u1'));
    expect(douyin.requests[0].method).toBe('GET');
    expect('data' in douyin.requests[0]).toBe(false);
    expect(douyin.requests[0].header).toStrictEqual({ 'x-login-code': 'code1' });
    const dev = scripted({ status: 200, data: { calls: [] } });
    await outcome(dev.client.listCalls('u1'));
    expect(dev.requests[0].header).toStrictEqual({ 'x-user-id': 'u1' });
  });
});

describe('isTokenServiceConfigured', () => {
  test.each<[string, boolean]>([
    ['  https://t.test  ', true],
    ['\thttp://t.test/base', true],
    ['xhttps://t.test', false],
    ['see https://t.test', false],
  ])('%j → %s', (url, expected) => {
    expect(isTokenServiceConfigured(url)).toBe(expected);
  });
});
