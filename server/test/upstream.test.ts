// Finding 5: code2session is bounded in size and time, and only codes (never upstream text) reach
// the logs. The stand-ins misbehave the ways a broken or hostile upstream would.
import type { ServerResponse } from 'node:http';
import { buildApp } from '../src/app';
import { createInvite } from '../src/auth/invite';
import { MAX_UPSTREAM_BODY_BYTES } from '../src/auth/douyin-session';
import { ConfigError } from '../src/config';
import { errorCode, type RunningApp, sendJson, type StandIn, startApp, startStandIn, TEST_DOUYIN_SECRET, TEST_INVITE_SECRET, testConfig } from './helpers';

const NOW = 1_800_000_000;
let standIn: StandIn | undefined;
let app: RunningApp | undefined;
afterEach(async () => {
  await app?.close();
  await standIn?.close();
  app = undefined;
  standIn = undefined;
});

async function login(handler: (body: Record<string, unknown>, res: ServerResponse) => void, timeoutMs = 2000) {
  standIn = await startStandIn(handler);
  app = await startApp(testConfig('douyin'), { now: () => NOW, code2sessionUrl: standIn.url, code2sessionTimeoutMs: timeoutMs });
  return app.post('/v1/rtc/token', { roomId: 'room-1', code: 'code-1', invite: createInvite(TEST_INVITE_SECRET, 'room-1', NOW + 600) });
}

it('an upstream that echoes our request (AppSecret included) in err_tips: 401, and the log has only err_no', async () => {
  const res = await login((body, r) => sendJson(r, 200, { err_no: 40018, err_tips: `bad code; request was ${JSON.stringify(body)} ECHO-MARK` }));
  expect(res.status).toBe(401);
  expect(errorCode(res)).toBe('invalid_login_code');
  const logs = app!.logs();
  expect(logs).toContain('40018');
  expect(logs).not.toContain('ECHO-MARK');
  expect(logs).not.toContain(TEST_DOUYIN_SECRET);
  expect(res.text).not.toContain('ECHO-MARK');
});

it.each([
  ['declared (Content-Length) over the limit', (r: ServerResponse) => {
    r.writeHead(200, { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) });
    r.write('{"err_no":0,"data":{"openid":"');
  }],
  ['chunked, over the limit', (r: ServerResponse) => {
    r.writeHead(200, { 'content-type': 'application/json' });
    r.write(`{"err_no":0,"err_tips":"${'x'.repeat(MAX_UPSTREAM_BODY_BYTES)}`);
    r.end('","data":{"openid":"o"}}');
  }],
])('an oversized reply (%s) is a 502 without reading it all', async (_name, send) => {
  const res = await login((_b, r) => send(r));
  expect(res.status).toBe(502);
  expect(errorCode(res)).toBe('upstream_error');
  expect(app!.logs()).toContain('body too large');
});

it('a reply whose body trickles in forever is cut at the upstream timeout (504)', async () => {
  let timer: NodeJS.Timeout | undefined;
  const res = await login((_b, r) => {
    r.writeHead(200, { 'content-type': 'application/json' });
    r.write('{"err_no":0,');
    timer = setInterval(() => r.write(' '), 50);
    r.on('close', () => clearInterval(timer));
  }, 500);
  clearInterval(timer);
  expect(res.status).toBe(504);
  expect(errorCode(res)).toBe('upstream_timeout');
});

it('a config built in code with a plain-http, non-loopback code2session URL is refused', async () => {
  const config = testConfig('douyin');
  const bad = { ...config, douyin: { ...config.douyin!, code2sessionUrl: 'http://developer.toutiao.com/api/apps/v2/jscode2session' } };
  await expect(buildApp(bad, { logLevel: 'silent' })).rejects.toBeInstanceOf(ConfigError);
});
