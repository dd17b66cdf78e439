// Structured logs exist, and no token, login code, invite, openid or secret ever appears in them.
import { createInvite } from '../src/auth/invite';
import {
  request,
  sendJson,
  startApp,
  startStandIn,
  TEST_APP_KEY,
  TEST_DOUYIN_SECRET,
  TEST_INVITE_SECRET,
  testConfig,
} from './helpers';

const NOW = 1_800_000_000;

it('logs requests as JSON lines without secrets, in both modes and on errors', async () => {
  const openid = 'OPENID.secret.value_123';
  const standIn = await startStandIn((body, res) =>
    body.code === 'login-code-SECRET-1'
      ? sendJson(res, 200, { err_no: 0, err_tips: 'success', data: { openid, session_key: 'SESSION-KEY-xyz' } })
      : sendJson(res, 200, { err_no: 40018, err_tips: 'bad code', data: {} }),
  );
  const douyin = await startApp(testConfig('douyin'), { now: () => NOW, code2sessionUrl: standIn.url });
  const dev = await startApp(testConfig('dev'), { now: () => NOW });
  const secrets = [TEST_APP_KEY, TEST_INVITE_SECRET, TEST_DOUYIN_SECRET, 'login-code-SECRET-1', 'login-code-SECRET-2', openid, 'SESSION-KEY-xyz'];
  try {
    const inv = createInvite(TEST_INVITE_SECRET, 'room-1', NOW + 60);
    secrets.push(inv);
    const ok = await douyin.post('/v1/rtc/token', { roomId: 'room-1', code: 'login-code-SECRET-1', invite: inv });
    expect(ok.status).toBe(200);
    secrets.push((ok.json as { token: string }).token);
    expect((await douyin.post('/v1/rtc/token', { roomId: 'room-1', code: 'login-code-SECRET-2', invite: inv })).status).toBe(401);
    const room = await douyin.post('/v1/rooms', { code: 'login-code-SECRET-1' });
    secrets.push((room.json as { invite: string }).invite);

    const devTok = await dev.post('/v1/rtc/token', { roomId: 'room-2', userId: 'u', invite: inv.replace(/.$/, 'A') });
    expect(devTok.status).toBe(403);
    const devOk = await dev.post('/v1/rtc/token', { roomId: 'room-2', userId: 'u' });
    secrets.push((devOk.json as { token: string }).token);
    // A client that puts credentials in the query string of a wrong URL.
    await request(`${dev.url}/v1/rtc/token?token=${encodeURIComponent(secrets[secrets.length - 1]!)}&code=login-code-SECRET-2`);
    await dev.post('/v1/rtc/token', '{"code":"login-code-SECRET-2",');
  } finally {
    await douyin.close();
    await dev.close();
    await standIn.close();
  }
  const logs = douyin.logs() + dev.logs();
  const lines = logs.trim().split('\n');
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  // One line per request (7 above), each with method, path, status and duration.
  const requestLines = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => 'url' in l);
  expect(requestLines).toHaveLength(7);
  for (const l of requestLines) expect(Object.keys(l)).toEqual(expect.arrayContaining(['m', 'url', 's', 'ms']));
  expect(logs).toContain('token issued');
  expect(logs).toContain('code2session failed');
  for (const s of secrets) expect(logs).not.toContain(s);
  // URL-encoded forms too (a token's base64 '+', '/' and '=' get escaped in query strings).
  for (const s of secrets) expect(logs).not.toContain(encodeURIComponent(s));
});

it('one line per request at info; rate-limited requests are counted, not logged one by one', async () => {
  const app = await startApp(testConfig('dev', { rateLimit: { perIpPerMinute: 5, perCallerPerMinute: 100 } }));
  const statuses: number[] = [];
  try {
    for (let i = 0; i < 25; i++) statuses.push((await app.post('/v1/rtc/token', { roomId: 'r', userId: `u${i}` })).status);
  } finally {
    await app.close();
  }
  expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  const lines = app.logs().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const requestLines = lines.filter((l) => 'url' in l);
  expect(requestLines).toHaveLength(5);
  // Nothing else per request: only the startup line(s) and the count below remain.
  expect(lines.filter((l) => !String(l.msg).startsWith('Server listening'))).toHaveLength(5 + 1);
  expect(requestLines.every((l) => l.level === 30 && l.msg === 'token issued' && l.s === 200)).toBe(true);
  // The 20 refusals appear once, as a count (flushed at close; every minute while running).
  expect(lines.filter((l) => l.msg === 'rate-limited requests').map((l) => l.rateLimited)).toEqual([20]);
});
