// token-client against the real token service on loopback, through a TtPlatform whose request()
// performs real HTTP, plus the failure paths a phone sees: timeout, 4xx JSON, network, garbage.
import { createInvite } from '../../server/src/auth/invite';
import { verifyToken } from '../../server/src/token/access-token';
import {
  closedPortUrl,
  type RunningApp,
  sendJson,
  type StandIn,
  startApp,
  startStandIn,
  TEST_APP_KEY,
  TEST_INVITE_SECRET,
  testConfig,
} from '../../server/test/helpers';
import type { RequestOptions, RequestTask, TtPlatform } from '../../services/platform/tt-types';
import {
  createTokenClient,
  isTokenServiceConfigured,
  TokenServiceError,
  type TokenServiceErrorKind,
} from '../../services/token-client';

interface HttpPlatform {
  platform: TtPlatform;
  requests: RequestOptions[];
  aborted: () => number;
}

/**
 * tt.request over real HTTP. `ignoreTimeout` mimics clients that never call back;
 * `platformTimeoutMs` makes the platform give up first, with Douyin's "request:fail timeout".
 */
function httpPlatform(opts: { ignoreTimeout?: boolean; platformTimeoutMs?: number } = {}): HttpPlatform {
  const requests: RequestOptions[] = [];
  let aborted = 0;
  const request = (o: RequestOptions): RequestTask => {
    requests.push(o);
    const ac = new AbortController();
    const limit = opts.platformTimeoutMs ?? o.timeout;
    const signal = opts.ignoreTimeout || !limit ? ac.signal : AbortSignal.any([ac.signal, AbortSignal.timeout(limit)]);
    fetch(o.url, { method: o.method, headers: o.header, body: JSON.stringify(o.data), signal })
      .then(async (res) => {
        const text = await res.text();
        let data: unknown = text;
        if (o.dataType === 'json') {
          try {
            data = JSON.parse(text);
          } catch {
            // Douyin hands back the raw string when the body is not JSON.
          }
        }
        o.success?.({ statusCode: res.status, data, header: {} });
      })
      .catch((e: { name?: string; message?: string }) =>
        o.fail?.({ errMsg: e.name === 'TimeoutError' ? 'request:fail timeout' : `request:fail ${e.message ?? ''}` }),
      );
    return { abort: () => (aborted++, ac.abort()) };
  };
  // token-client only calls request(); the rest of TtPlatform is irrelevant here.
  const platform = { request } as unknown as TtPlatform;
  return { platform, requests, aborted: () => aborted };
}

async function failure(p: Promise<unknown>): Promise<TokenServiceError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TokenServiceError);
    return e as TokenServiceError;
  }
  throw new Error('expected a TokenServiceError');
}

function expectKind(err: TokenServiceError, kind: TokenServiceErrorKind, code?: string): void {
  expect(err.kind).toBe(kind);
  if (code !== undefined) expect(err.code).toBe(code);
}

const NOW = 1_800_000_000;
let app: RunningApp | undefined;
let standIn: StandIn | undefined;
afterEach(async () => {
  await app?.close();
  await standIn?.close();
  app = undefined;
  standIn = undefined;
});

describe('token client against a dev-mode server', () => {
  beforeEach(async () => {
    app = await startApp(testConfig('dev'), { now: () => NOW, logLevel: 'silent' });
  });

  it('fetches a token, posting JSON with a timeout option', async () => {
    const http = httpPlatform();
    const client = createTokenClient({ platform: http.platform, baseUrl: app!.url + '/' });
    const res = await client.fetchToken({ roomId: 'room-1', userId: 'alice', role: 'viewer' });
    expect(res).toMatchObject({ roomId: 'room-1', userId: 'alice', expireAt: NOW + 3600 });
    expect(verifyToken(res.token, TEST_APP_KEY, NOW)).toBe(true);
    expect(http.requests[0]).toMatchObject({
      url: `${app!.url}/v1/rtc/token`,
      method: 'POST',
      data: { roomId: 'room-1', userId: 'alice', role: 'viewer' },
      timeout: 8000,
    });
  });

  it('creates a room and joins it with the invite', async () => {
    const client = createTokenClient({ platform: httpPlatform().platform, baseUrl: app!.url });
    const room = await client.createRoom();
    expect(room.inviteExpireAt).toBeGreaterThan(NOW);
    const res = await client.fetchToken({ roomId: room.roomId, userId: 'bob', invite: room.invite });
    expect(res.roomId).toBe(room.roomId);
  });

  it('4xx JSON -> rejected with the server code and status', async () => {
    const client = createTokenClient({ platform: httpPlatform().platform, baseUrl: app!.url });
    const bad = await failure(client.fetchToken({ roomId: 'bad room', userId: 'u' }));
    expectKind(bad, 'rejected', 'invalid_request');
    expect(bad.status).toBe(400);
    const forged = createInvite('another-secret-0123456789abcdefgh', 'r', NOW + 60);
    const denied = await failure(client.fetchToken({ roomId: 'r', userId: 'u', invite: forged }));
    expectKind(denied, 'rejected', 'invalid_invite');
    expect(denied.status).toBe(403);
  });
});

describe('token client failure paths', () => {
  it('no base URL -> not-configured, without any request', async () => {
    const http = httpPlatform();
    const err = await failure(createTokenClient({ platform: http.platform, baseUrl: '' }).fetchToken({ roomId: 'r', userId: 'u' }));
    expectKind(err, 'not-configured');
    expect(http.requests).toHaveLength(0);
  });

  it('server never answers and the platform never calls back -> our own timeout, request aborted', async () => {
    standIn = await startStandIn(() => undefined);
    const http = httpPlatform({ ignoreTimeout: true });
    const client = createTokenClient({ platform: http.platform, baseUrl: new URL(standIn.url).origin, timeoutMs: 150 });
    const t0 = Date.now();
    expectKind(await failure(client.fetchToken({ roomId: 'r', userId: 'u' })), 'timeout');
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(http.aborted()).toBe(1);
  });

  it('platform reports its own timeout -> timeout', async () => {
    standIn = await startStandIn(() => undefined);
    const http = httpPlatform({ platformTimeoutMs: 50 });
    const client = createTokenClient({ platform: http.platform, baseUrl: new URL(standIn.url).origin, timeoutMs: 5000 });
    const err = await failure(client.createRoom());
    expectKind(err, 'timeout');
    expect(err.message).toBe('request:fail timeout');
    expect(http.aborted()).toBe(0);
  });

  it('connection refused -> network', async () => {
    const client = createTokenClient({ platform: httpPlatform().platform, baseUrl: new URL(await closedPortUrl()).origin });
    expectKind(await failure(client.fetchToken({ roomId: 'r', userId: 'u' })), 'network');
  });

  it.each([
    ['HTML with 200', 200, '<html>proxy login</html>', 'invalid-response', undefined],
    ['JSON without a token', 200, '{"roomId":"r"}', 'invalid-response', undefined],
    ['token of the wrong type', 200, '{"appId":"a","roomId":"r","userId":"u","token":5,"expireAt":1}', 'invalid-response', undefined],
    ['HTML 502 from a gateway', 502, '<html>bad gateway</html>', 'rejected', 'http_502'],
  ])('garbage: %s', async (_name, status, body, kind, code) => {
    standIn = await startStandIn((_b, res) => {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end(body);
    });
    const client = createTokenClient({ platform: httpPlatform().platform, baseUrl: new URL(standIn.url).origin });
    expectKind(await failure(client.fetchToken({ roomId: 'r', userId: 'u' })), kind as TokenServiceErrorKind, code);
  });
});

describe('token client in douyin mode', () => {
  beforeEach(async () => {
    standIn = await startStandIn((body, res) =>
      body.code === 'good-code'
        ? sendJson(res, 200, { err_no: 0, err_tips: 'success', data: { openid: 'OPENID-1' } })
        : sendJson(res, 200, { err_no: 40018, err_tips: 'bad code', data: {} }),
    );
    app = await startApp(testConfig('douyin'), { now: () => NOW, code2sessionUrl: standIn.url, logLevel: 'silent' });
  });

  it('sends the tt.login code (not a userId) and gets a server-chosen userId', async () => {
    const http = httpPlatform();
    const client = createTokenClient({ platform: http.platform, baseUrl: app!.url, login: async () => 'good-code' });
    const invite = createInvite(TEST_INVITE_SECRET, 'room-1', NOW + 60);
    const res = await client.fetchToken({ roomId: 'room-1', userId: 'ignored', invite });
    expect(res.userId).toMatch(/^u/);
    expect(http.requests[0]?.data).toEqual({ roomId: 'room-1', code: 'good-code', invite });
    const room = await client.createRoom();
    expect(http.requests[1]?.data).toEqual({ code: 'good-code' });
    expect(room.roomId).toBeTruthy();
  });

  it('bad code -> rejected invalid_login_code; no code -> login_required; login failure -> login_failed', async () => {
    const invite = createInvite(TEST_INVITE_SECRET, 'room-1', NOW + 60);
    const mk = (login: () => Promise<string | undefined>) =>
      createTokenClient({ platform: httpPlatform().platform, baseUrl: app!.url, login });
    expectKind(await failure(mk(async () => 'stale').fetchToken({ roomId: 'room-1', invite })), 'rejected', 'invalid_login_code');
    expectKind(await failure(mk(async () => undefined).fetchToken({ roomId: 'room-1', invite })), 'rejected', 'login_required');
    expectKind(
      await failure(mk(() => Promise.reject(new Error('tt.login:fail'))).createRoom()),
      'rejected',
      'login_failed',
    );
  });
});

describe('isTokenServiceConfigured', () => {
  it.each([
    ['', false],
    ['   ', false],
    ['rtc-token.example.com', false],
    ['https://', false],
    ['https://rtc-token.example.com', true],
    ['http://127.0.0.1:8787', true],
  ])('%j -> %s', (url, expected) => {
    expect(isTokenServiceConfigured(url)).toBe(expected);
  });
});
