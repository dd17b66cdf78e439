// Calls in douyin mode: the socket logs in with a tt.login code like /v1/rtc/token does, "unknown
// user" means never logged in, records are the caller's own, and a callee who is not in the app
// gets a subscription message (notify_user v2, cached client token) through loopback stand-ins for
// Douyin's endpoints: success, refusal, rate limit, timeout, a refused token.
import type { ServerResponse } from 'node:http';
import type { Config } from '../src/config';
import { request, type RunningApp, sendJson, type StandIn, startApp, startStandIn, TEST_DOUYIN_SECRET, testConfig } from './helpers';
import { newCallId, Phone } from './phone';

const APP_ID = 'tt0123456789abcdef';
let app: RunningApp;
let login: StandIn;
let tokenEndpoint: StandIn;
let notify: StandIn;
const phones: Phone[] = [];
let tokenSeq = 0;
let notifyHandler: (body: Record<string, unknown>, res: ServerResponse) => void;

beforeEach(async () => {
  tokenSeq = 0;
  // tt.login codes "code-<name>-<n>" belong to openid "openid-<name>" (codes are single use in Douyin).
  login = await startStandIn((body, res) => {
    const m = /^code-([a-z]+)-\d+$/.exec(String(body.code));
    if (!m) return sendJson(res, 200, { err_no: 40018, err_tips: 'bad code' });
    sendJson(res, 200, { err_no: 0, err_tips: 'success', data: { openid: `openid-${m[1]}`, session_key: 'sk' } });
  });
  tokenEndpoint = await startStandIn((_body, res) =>
    sendJson(res, 200, { data: { access_token: `clt.token-${++tokenSeq}`, expires_in: 7200, error_code: 0, description: '' }, message: 'success' }),
  );
  notifyHandler = (_b, res) => sendJson(res, 200, { err_no: 0, err_msg: '', log_id: 'L1' });
  notify = await startStandIn((body, res) => notifyHandler(body, res));
});
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.kill()));
  await app?.close();
  await Promise.all([login.close(), tokenEndpoint.close(), notify.close()]);
});

async function start(noticeTimeoutMs = 2000) {
  const base = testConfig('douyin');
  const config: Config = {
    ...base,
    calls: {
      ...base.calls,
      notice: { templateId: 'MSG-call-tpl', mediaField: '通话类型', timeField: '来电时间', clientTokenUrl: tokenEndpoint.url, notifyUrl: notify.url, timeoutMs: noticeTimeoutMs },
    },
  };
  app = await startApp(config, { code2sessionUrl: login.url });
}
let codeSeq = 0;
const code = (name: string) => `code-${name}-${++codeSeq}`;
async function phone(name: string): Promise<Phone> {
  const p = await Phone.connect(app.wsUrl, { code: code(name) });
  phones.push(p);
  return p;
}
/** Logs in once (so the server knows the user) and leaves the app. */
async function knownButAway(name: string): Promise<string> {
  const p = await Phone.connect(app.wsUrl, { code: code(name) });
  await p.close();
  await new Promise((r) => setTimeout(r, 50));
  return p.userId;
}
async function logLine(re: RegExp, timeoutMs = 4000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = app.logs().split('\n').find((l) => re.test(l));
    if (line) return JSON.parse(line) as Record<string, unknown>;
    if (Date.now() > deadline) throw new Error(`no log line ${re}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
function expectNoLeaks() {
  const logs = app.logs();
  for (const secret of ['openid-', TEST_DOUYIN_SECRET, 'clt.token', 'code-']) expect(logs).not.toContain(secret);
}

describe('douyin identity', () => {
  beforeEach(() => start());

  it('the socket logs in with a login code: the same derived userId as /v1/rtc/token, never the openid', async () => {
    const doctor = await phone('doctor');
    expect(doctor.userId).toMatch(/^u[A-Za-z0-9_-]{22}$/);
    const again = await phone('doctor');
    expect(again.userId).toBe(doctor.userId);
    expect(JSON.stringify(doctor.welcome)).not.toContain('openid');
    const bad = await Phone.open(app.wsUrl);
    phones.push(bad);
    expect(await bad.request({ type: 'hello', deviceId: 'd1', auth: { code: 'garbage' } })).toMatchObject({ type: 'error', code: 'bad_request' });
    expect(await bad.closed).toMatchObject({ code: 4001 });
    const devStyle = await Phone.open(app.wsUrl);
    phones.push(devStyle);
    expect(await devStyle.request({ type: 'hello', deviceId: 'd1', auth: { userId: doctor.userId } })).toMatchObject({ code: 'bad_request' });
    expectNoLeaks();
  });

  it('calling a user who never logged in is bad_request (unknown user); records are only the caller\'s own, by login code', async () => {
    const doctor = await phone('doctor');
    const patient = await phone('patient');
    expect(await doctor.request({ type: 'invite', callId: newCallId(), callee: 'uAAAAAAAAAAAAAAAAAAAAAA', media: 'audio' })).toMatchObject({ code: 'bad_request' });
    const callId = newCallId();
    await doctor.request({ type: 'invite', callId, callee: patient.userId, media: 'audio' });
    await patient.ring(callId);
    await patient.request({ type: 'decline', callId });
    await doctor.call(callId, 'declined');
    const mine = await request(`${app.url}/v1/calls`, { headers: { 'x-login-code': code('doctor') } });
    expect(mine.json).toEqual({ calls: [expect.objectContaining({ callId, peer: patient.userId, direction: 'out', outcome: 'declined' })] });
    const stranger = await request(`${app.url}/v1/calls`, { headers: { 'x-login-code': code('stranger') } });
    expect(stranger.json).toEqual({ calls: [] });
    expect((await request(`${app.url}/v1/calls`, { headers: { 'x-user-id': patient.userId } })).status).toBe(400);
    expectNoLeaks();
  });
});

describe('a callee who is not in the app gets a subscription message', () => {
  it('sent with a cached client token; the page opens the incoming call; no notice when the callee is online', async () => {
    await start();
    const patientId = await knownButAway('patient');
    const doctor = await phone('doctor');
    const first = newCallId();
    await doctor.request({ type: 'invite', callId: first, callee: patientId, media: 'video' });
    expect(await logLine(/"call notice"/)).toMatchObject({ callId: first, notice: 'sent' });
    expect(tokenEndpoint.calls).toEqual([
      expect.objectContaining({ body: { client_key: APP_ID, client_secret: TEST_DOUYIN_SECRET, grant_type: 'client_credential' } }),
    ]);
    expect(notify.calls).toHaveLength(1);
    expect(notify.headers[0]?.['access-token']).toBe('clt.token-1');
    expect(notify.calls[0]?.body).toEqual({
      msg_id: 'MSG-call-tpl',
      open_id: 'openid-patient',
      data: { 通话类型: '视频通话', 来电时间: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/) },
      page: `pages/call/incoming?callId=${first}`,
    });
    // The patient taps the notice: the app opens, the call is live and rings.
    const patient = await phone('patient');
    expect(patient.welcome?.live).toEqual([first]);
    await patient.ring(first);
    await patient.request({ type: 'decline', callId: first });
    // Online now: the next call rings without a notice.
    const second = newCallId();
    await doctor.request({ type: 'invite', callId: second, callee: patientId, media: 'audio' });
    await patient.ring(second);
    await doctor.request({ type: 'cancel', callId: second });
    await patient.close();
    // Away again, a second later (Douyin: one message per user per second): the token is reused.
    await new Promise((r) => setTimeout(r, 1100));
    const third = newCallId();
    await doctor.request({ type: 'invite', callId: third, callee: patientId, media: 'audio' });
    await doctor.request({ type: 'cancel', callId: third });
    const deadline = Date.now() + 4000;
    while (notify.calls.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(notify.calls.map((c) => (c.body as { page: string }).page)).toEqual([`pages/call/incoming?callId=${first}`, `pages/call/incoming?callId=${third}`]);
    expect(tokenEndpoint.calls).toHaveLength(1);
    // Opened after the call is over: not live → 「通话已结束」.
    const late = await phone('patient');
    expect(late.welcome?.live).toEqual([]);
    expectNoLeaks();
  });

  it.each([
    ['a refusal (user not subscribed)', (r: ServerResponse) => sendJson(r, 200, { err_no: 28014043, err_msg: 'not subscribed openid-patient ECHO' }), { notice: 'refused', errNo: 28014043 }],
    ['a rate limit (HTTP 429)', (r: ServerResponse) => sendJson(r, 429, { err_no: 1010 }), { notice: 'rate_limited', status: 429 }],
    ['a rate limit (err_no 28006003)', (r: ServerResponse) => sendJson(r, 200, { err_no: 28006003, err_msg: 'qps' }), { notice: 'rate_limited', errNo: 28006003 }],
  ])('%s is logged as a code only; the call still rings and can be cancelled', async (_name, handler, logged) => {
    await start();
    notifyHandler = (_b, res) => handler(res);
    const patientId = await knownButAway('patient');
    const doctor = await phone('doctor');
    const callId = newCallId();
    await doctor.request({ type: 'invite', callId, callee: patientId, media: 'audio' });
    expect(await logLine(/"call notice"/)).toMatchObject({ callId, ...logged });
    expect(app.logs()).not.toContain('ECHO');
    await doctor.request({ type: 'cancel', callId });
    await doctor.call(callId, 'cancelled');
    expectNoLeaks();
  });

  it('a notify endpoint that never answers: the invite is acked at once, the notice times out', async () => {
    await start(300);
    const held: ServerResponse[] = [];
    notifyHandler = (_b, res) => held.push(res);
    const patientId = await knownButAway('patient');
    const doctor = await phone('doctor');
    const callId = newCallId();
    expect(await doctor.request({ type: 'invite', callId, callee: patientId, media: 'audio' })).toMatchObject({ type: 'ack' });
    expect(await logLine(/"call notice"/)).toMatchObject({ callId, notice: 'timeout' });
    expect(held).toHaveLength(1);
    await doctor.request({ type: 'cancel', callId });
    await doctor.call(callId, 'cancelled');
  });

  it('a client token Douyin no longer accepts is dropped and fetched again once', async () => {
    await start();
    let refusals = 1;
    notifyHandler = (_b, res) => (refusals-- > 0 ? sendJson(res, 200, { err_no: 28001003, err_msg: 'access_token invalid' }) : sendJson(res, 200, { err_no: 0 }));
    const patientId = await knownButAway('patient');
    const doctor = await phone('doctor');
    const callId = newCallId();
    await doctor.request({ type: 'invite', callId, callee: patientId, media: 'audio' });
    expect(await logLine(/"call notice"/)).toMatchObject({ notice: 'sent' });
    expect(tokenEndpoint.calls).toHaveLength(2);
    expect(notify.headers.map((h) => h['access-token'])).toEqual(['clt.token-1', 'clt.token-2']);
  });
});
