// Douyin mode: login code exchanged against a loopback stand-in for code2session, invites required.
import { createInvite } from '../src/auth/invite';
import { parseAccessToken, verifyToken } from '../src/token/access-token';
import {
  closedPortUrl,
  errorCode,
  type RunningApp,
  sendJson,
  type StandIn,
  startApp,
  startStandIn,
  TEST_APP_KEY,
  TEST_DOUYIN_SECRET,
  TEST_INVITE_SECRET,
  testConfig,
} from './helpers';

const NOW = 1_800_000_000;
const OPENIDS: Record<string, string> = { 'code-alice': '8PB.cW.TabxdbJFs', 'code-bob': '9QC.dX.UbcyecKGt' };

/** Behaves like jscode2session v2 for known codes; 40018 (bad code) for the rest. */
function douyinLike(body: Record<string, unknown>, res: import('node:http').ServerResponse): void {
  const openid = typeof body.code === 'string' ? OPENIDS[body.code] : undefined;
  if (body.appid !== 'tt0123456789abcdef' || body.secret !== TEST_DOUYIN_SECRET) {
    return sendJson(res, 200, { err_no: 40017, err_tips: 'bad secret', data: {} });
  }
  if (!openid) return sendJson(res, 200, { err_no: 40018, err_tips: 'bad code', data: {} });
  sendJson(res, 200, {
    err_no: 0,
    err_tips: 'success',
    log_id: 'x',
    data: { session_key: 'sk-must-not-leak', openid, anonymous_openid: '', unionid: 'union-1' },
  });
}

let standIn: StandIn;
let app: RunningApp;

async function start(handler = douyinLike, timeoutMs = 2000): Promise<void> {
  standIn = await startStandIn(handler);
  app = await startApp(testConfig('douyin'), { now: () => NOW, code2sessionUrl: standIn.url, code2sessionTimeoutMs: timeoutMs });
}
afterEach(async () => {
  await app?.close();
  await standIn?.close();
});

const invite = (roomId: string, expireAt = NOW + 600) => createInvite(TEST_INVITE_SECRET, roomId, expireAt);

describe('douyin mode: POST /v1/rtc/token', () => {
  it('exchanges the code and mints a token for an opaque, stable userId', async () => {
    await start();
    const a1 = await app.post('/v1/rtc/token', { roomId: 'room-9', code: 'code-alice', invite: invite('room-9') });
    expect(a1.status).toBe(200);
    const body = a1.json as { userId: string; token: string; roomId: string; expireAt: number };
    expect(body.roomId).toBe('room-9');
    expect(body.userId).toMatch(/^[a-zA-Z0-9@._-]{1,128}$/);
    expect(body.userId).not.toContain(OPENIDS['code-alice']);
    expect(a1.text).not.toContain('TabxdbJFs');
    expect(a1.text).not.toContain('sk-must-not-leak');
    expect(verifyToken(body.token, TEST_APP_KEY, NOW)).toBe(true);
    expect(parseAccessToken(body.token)?.userId).toBe(body.userId);

    // The stand-in got exactly what Douyin expects.
    expect(standIn.calls[0]).toEqual({
      contentType: 'application/json',
      body: { appid: 'tt0123456789abcdef', secret: TEST_DOUYIN_SECRET, code: 'code-alice' },
    });

    const a2 = await app.post('/v1/rtc/token', { roomId: 'room-9', code: 'code-alice', invite: invite('room-9') });
    const b = await app.post('/v1/rtc/token', { roomId: 'room-9', code: 'code-bob', invite: invite('room-9'), role: 'viewer' });
    expect((a2.json as { userId: string }).userId).toBe(body.userId);
    expect((b.json as { userId: string }).userId).not.toBe(body.userId);
    expect([...(parseAccessToken((b.json as { token: string }).token)?.privileges.keys() ?? [])]).toEqual([4]);
  });

  it('requires a valid, unexpired invite for that room (403) and checks it before spending the code', async () => {
    await start();
    const cases: [Record<string, unknown>, string][] = [
      [{ roomId: 'room-9', code: 'code-alice' }, 'invite_required'],
      [{ roomId: 'room-9', code: 'code-alice', invite: invite('room-8') }, 'invalid_invite'],
      [{ roomId: 'room-9', code: 'code-alice', invite: invite('room-9', NOW - 1) }, 'invite_expired'],
    ];
    for (const [body, code] of cases) {
      const res = await app.post('/v1/rtc/token', body);
      expect(res.status).toBe(403);
      expect(errorCode(res)).toBe(code);
    }
    expect(standIn.calls).toHaveLength(0);
  });

  it('rejects dev-mode bodies (no login code) with 400', async () => {
    await start();
    const res = await app.post('/v1/rtc/token', { roomId: 'room-9', userId: 'me', invite: invite('room-9') });
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('invalid_request');
  });

  it('invalid login code (err_no != 0) -> 401', async () => {
    await start();
    const res = await app.post('/v1/rtc/token', { roomId: 'room-9', code: 'used-code', invite: invite('room-9') });
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('invalid_login_code');
  });

  it.each([
    ['err_no -1 (Douyin system error)', (_b: unknown, res: import('node:http').ServerResponse) => sendJson(res, 200, { err_no: -1, err_tips: 'system' })],
    ['HTTP 500', (_b: unknown, res: import('node:http').ServerResponse) => sendJson(res, 500, { oops: true })],
    ['non-JSON body', (_b: unknown, res: import('node:http').ServerResponse) => res.end('<html>gateway</html>')],
    ['success without openid', (_b: unknown, res: import('node:http').ServerResponse) => sendJson(res, 200, { err_no: 0, data: {} })],
  ])('upstream failure: %s -> 502', async (_name, handler) => {
    await start(handler);
    const res = await app.post('/v1/rtc/token', { roomId: 'room-9', code: 'code-alice', invite: invite('room-9') });
    expect(res.status).toBe(502);
    expect(errorCode(res)).toBe('upstream_error');
  });

  it('wrong app secret is our fault, not the user: 502', async () => {
    standIn = await startStandIn(douyinLike);
    app = await startApp(
      testConfig('douyin', { douyin: { appId: 'tt0123456789abcdef', appSecret: 'wrong', code2sessionUrl: standIn.url } }),
      { now: () => NOW },
    );
    const res = await app.post('/v1/rtc/token', { roomId: 'room-9', code: 'code-alice', invite: invite('room-9') });
    expect(res.status).toBe(502);
    expect(errorCode(res)).toBe('upstream_error');
  });

  it('network error (closed port) -> 502', async () => {
    standIn = await startStandIn(douyinLike);
    app = await startApp(testConfig('douyin'), { now: () => NOW, code2sessionUrl: await closedPortUrl() });
    const res = await app.post('/v1/rtc/token', { roomId: 'room-9', code: 'code-alice', invite: invite('room-9') });
    expect(res.status).toBe(502);
    expect(errorCode(res)).toBe('upstream_error');
  });

  it('timeout -> 504, within the configured time', async () => {
    await start(() => undefined /* never answers */, 200);
    const t0 = Date.now();
    const res = await app.post('/v1/rtc/token', { roomId: 'room-9', code: 'code-alice', invite: invite('room-9') });
    expect(res.status).toBe(504);
    expect(errorCode(res)).toBe('upstream_timeout');
    expect(Date.now() - t0).toBeLessThan(1500);
  });
});

describe('douyin mode: POST /v1/rooms', () => {
  it('needs a valid login code; the invite it returns works for the token endpoint', async () => {
    await start();
    expect(errorCode(await app.post('/v1/rooms', {}))).toBe('invalid_request');
    expect((await app.post('/v1/rooms')).status).toBe(400);
    const bad = await app.post('/v1/rooms', { code: 'nope' });
    expect(bad.status).toBe(401);
    expect(errorCode(bad)).toBe('invalid_login_code');

    const room = await app.post('/v1/rooms', { code: 'code-alice' });
    expect(room.status).toBe(200);
    const { roomId, invite: inv } = room.json as { roomId: string; invite: string };
    const tok = await app.post('/v1/rtc/token', { roomId, code: 'code-bob', invite: inv });
    expect(tok.status).toBe(200);
  });
});
