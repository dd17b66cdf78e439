// The signalling socket's protocol details through real sockets (in-memory state): close codes and
// their reasons, when the hello timeout and the heartbeat apply, acks only for frames with an id, the
// per-socket log line, the payload ceiling, presence kept fresh while a socket lives, deliveries to
// a user's other devices, and the douyin login on the socket (slow, refused, upstream down).
import type { Config } from '../src/config';
import { closedPortUrl, request, type RunningApp, sendJson, type StandIn, startApp, startStandIn, testConfig } from './helpers';
import { newCallId, Phone } from './phone';
import WebSocket from 'ws';

let app: RunningApp;
const phones: Phone[] = [];
const standIns: StandIn[] = [];

async function start(calls: Partial<Config['calls']> = {}, mode: 'dev' | 'douyin' = 'dev', code2sessionUrl?: string) {
  const base = testConfig(mode);
  app = await startApp({ ...base, calls: { ...base.calls, ...calls } }, code2sessionUrl ? { code2sessionUrl } : {});
}
async function phone(userId: string, deviceId?: string, silent = false): Promise<Phone> {
  const p = await Phone.connect(app.wsUrl, { userId }, deviceId, silent);
  phones.push(p);
  return p;
}
async function open(): Promise<Phone> {
  const p = await Phone.open(app.wsUrl);
  phones.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.kill()));
  await app?.close();
  await Promise.all(standIns.splice(0).map((s) => s.close()));
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The "socket closed" log lines so far, parsed. */
function closedLines(): Record<string, unknown>[] {
  return app
    .logs()
    .split('\n')
    .filter((l) => l.includes('"socket closed"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
async function closedLine(pred: (l: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const line = closedLines().find(pred);
    if (line) return line;
    await sleep(10);
  }
  throw new Error(`no matching "socket closed" line in ${JSON.stringify(closedLines())}`);
}
async function ring(caller: Phone, callee: Phone): Promise<string> {
  const callId = newCallId();
  await caller.request({ type: 'invite', callId, callee: callee.userId, media: 'audio' });
  await callee.ring(callId);
  return callId;
}

describe('close codes, reasons and the log line', () => {
  it('no hello in time: 4001 "no hello", logged without user or device', async () => {
    await start({ heartbeatMs: 200, helloTimeoutMs: 300 });
    const t0 = Date.now();
    const mute = await open();
    expect(await mute.closed).toEqual({ code: 4001, reason: 'no hello' });
    const line = await closedLine((l) => l.closeCode === 4001);
    expect(line).toMatchObject({ url: '/v1/calls/socket', ip: '127.0.0.1', frames: 0, errors: 0 });
    expect(line).not.toHaveProperty('userId');
    expect(line).not.toHaveProperty('device');
    expect(line.ms).toBeGreaterThanOrEqual(0);
    expect(line.ms).toBeLessThanOrEqual(Date.now() - t0);
  });

  it('a fresh socket is not closed before the hello timeout, and may say hello later', async () => {
    await start({ heartbeatMs: 200, helloTimeoutMs: 5000 });
    const p = await open();
    await sleep(400); // several ticks of the timer (every 50 ms here)
    expect(p.ws.readyState).toBe(WebSocket.OPEN);
    expect(await p.request({ type: 'hello', deviceId: 'late', auth: { userId: 'late' } })).toMatchObject({ type: 'welcome', userId: 'late' });
  });

  it('a silent socket: 4002 "silent"; frames before hello: 4001 "hello first"; a bad hello: 4001 "unauthenticated"', async () => {
    await start({ heartbeatMs: 200, helloTimeoutMs: 5000 });
    const quiet = await phone('quiet', 'quiet-dev', true);
    expect(await quiet.closed).toEqual({ code: 4002, reason: 'silent' });
    const early = await open();
    await early.request({ type: 'ping' });
    expect(await early.request({ type: 'cancel', callId: newCallId() })).toEqual({ type: 'error', code: 'bad_request', id: expect.any(String) });
    expect(await early.closed).toEqual({ code: 4001, reason: 'hello first' });
    const bad = await open();
    expect(await bad.request({ type: 'hello', deviceId: 'd1', auth: {} })).toEqual({ type: 'error', code: 'bad_request', id: expect.any(String) });
    expect(await bad.closed).toEqual({ code: 4001, reason: 'unauthenticated' });
  });

  it('the log line of a signed-in socket: user, device, close code, frames and errors counted', async () => {
    await start();
    const p = await phone('logged', 'logged-phone');
    await p.request({ type: 'ping' });
    p.sendRaw('not json');
    await p.next((f) => f.type === 'error');
    await p.request({ type: 'accept' });
    await p.close();
    const line = await closedLine((l) => l.userId === 'logged');
    expect(line).toMatchObject({ url: '/v1/calls/socket', userId: 'logged', device: 'logged-phone', closeCode: 1005, frames: 4, errors: 2 });
  });
});

describe('frames and answers', () => {
  beforeEach(() => start());

  it('only frames with an id are acked; ping and welcome echo the id when there is one', async () => {
    const doctor = await phone('doctor');
    const patient = await phone('patient');
    const callId = newCallId();
    doctor.sendRaw(JSON.stringify({ type: 'invite', callId, callee: 'patient', media: 'audio' }));
    await patient.ring(callId);
    expect(await doctor.call(callId, 'ringing')).toBeDefined();
    doctor.sendRaw(JSON.stringify({ type: 'ping', id: 'p-1' }));
    expect(await doctor.next((f) => f.type === 'pong')).toEqual({ type: 'pong', id: 'p-1' });
    expect(await doctor.drain()).toEqual([]);
  });

  it('a second hello on a signed-in socket is bad_request and the socket stays', async () => {
    const p = await phone('twice');
    expect(await p.request({ type: 'hello', deviceId: 'other', auth: { userId: 'someone' } })).toEqual({ type: 'error', code: 'bad_request', id: expect.any(String) });
    expect(await p.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
  });

  it('frames over 4 KiB get too_large and the socket stays; over 64 KiB the socket is closed (1009)', async () => {
    const p = await phone('big');
    p.sendRaw(JSON.stringify({ type: 'ping', pad: 'x'.repeat(60 * 1024) }));
    expect(await p.next((f) => f.type === 'error')).toEqual({ type: 'error', code: 'too_large' });
    p.sendRaw(JSON.stringify({ type: 'ping', pad: 'x'.repeat(65 * 1024) }));
    expect((await p.closed).code).toBe(1009);
  });

  it('compression is not negotiated even when the client offers it', async () => {
    const ws = new WebSocket(app.wsUrl, { perMessageDeflate: true });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    expect(ws.extensions).toBe('');
    ws.terminate();
  });
});

describe('devices and presence', () => {
  it('callee on two devices: the one that did not accept is told "elsewhere", the one that did is not', async () => {
    await start();
    const doctor = await phone('doctor');
    const phoneA = await phone('patient', 'patient-phone');
    const padB = await phone('patient', 'patient-pad');
    const callId = await ring(doctor, phoneA);
    await padB.ring(callId);
    await phoneA.request({ type: 'accept', callId });
    expect(await padB.call(callId, 'accepted')).toEqual({ type: 'call', callId, state: 'accepted', reason: 'elsewhere', peer: 'doctor', media: 'audio' });
    expect((await phoneA.call(callId, 'accepted')).room).toBeDefined();
    expect((await phoneA.drain()).filter((f) => f.type === 'call')).toEqual([]);
  });

  it('one of a user\'s devices closing leaves the other reachable', async () => {
    await start();
    const doctor = await phone('doctor');
    const phoneA = await phone('patient', 'patient-phone');
    const padB = await phone('patient', 'patient-pad');
    await phoneA.close();
    await closedLine((l) => l.device === 'patient-phone');
    await ring(doctor, padB);
  });

  it('a call placed right after hello is not dropped: the hello itself marks the caller present', async () => {
    await start({ dropGraceMs: 100 });
    const doctor = await phone('doctor');
    const patient = await phone('patient');
    const callId = await ring(doctor, patient);
    await sleep(500);
    expect((await patient.drain()).filter((f) => f.type === 'call')).toEqual([]);
    await patient.request({ type: 'accept', callId });
    await doctor.call(callId, 'accepted');
  });

  it('presence is refreshed while sockets live: an accepted call between pinging phones is not dropped', async () => {
    await start({ heartbeatMs: 200, dropGraceMs: 100 });
    const doctor = await phone('doctor');
    const patient = await phone('patient');
    const callId = await ring(doctor, patient);
    await patient.request({ type: 'accept', callId });
    await doctor.call(callId, 'accepted');
    await sleep(1200);
    expect((await doctor.drain()).filter((f) => f.type === 'call' && f.state === 'ended')).toEqual([]);
    expect(await doctor.request({ type: 'hangup', callId })).toMatchObject({ type: 'ack' });
  });
});

describe('records endpoint headers', () => {
  it('dev: the x-user-id header decides, a login code header is ignored', async () => {
    await start();
    const doctor = await phone('doctor');
    const patient = await phone('patient');
    const callId = await ring(doctor, patient);
    await doctor.request({ type: 'cancel', callId });
    const res = await request(`${app.url}/v1/calls`, { headers: { 'x-user-id': 'doctor', 'x-login-code': 'code-x' } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ calls: [expect.objectContaining({ callId, outcome: 'cancelled' })] });
  });

  it('douyin: no login code, or one over 512 characters, is a 400', async () => {
    await start({}, 'douyin');
    expect((await request(`${app.url}/v1/calls`)).status).toBe(400);
    expect((await request(`${app.url}/v1/calls`, { headers: { 'x-user-id': 'doctor' } })).status).toBe(400);
    expect((await request(`${app.url}/v1/calls`, { headers: { 'x-login-code': 'c'.repeat(513) } })).status).toBe(400);
  });
});

describe('douyin login on the socket', () => {
  async function loginStandIn(delayMs: number): Promise<StandIn> {
    const s = await startStandIn((body, res) => {
      setTimeout(() => {
        if (body.code === 'good') sendJson(res, 200, { err_no: 0, data: { openid: 'openid-x', session_key: 'sk' } });
        else sendJson(res, 200, { err_no: 40018, err_tips: 'bad code' });
      }, delayMs);
    });
    standIns.push(s);
    return s;
  }

  it('a login slower than the hello timeout is waited for', async () => {
    const login = await loginStandIn(600);
    await start({ heartbeatMs: 200, helloTimeoutMs: 200 }, 'douyin', login.url);
    const p = await open();
    expect(await p.request({ type: 'hello', deviceId: 'd1', auth: { code: 'good' } })).toMatchObject({ type: 'welcome' });
  });

  it('a refused code: bad_request, 4001 "unauthenticated", and a log line with the code2session reason', async () => {
    const login = await loginStandIn(0);
    await start({}, 'douyin', login.url);
    const p = await open();
    expect(await p.request({ type: 'hello', deviceId: 'd1', auth: { code: 'bad' } })).toEqual({ type: 'error', code: 'bad_request', id: expect.any(String) });
    expect(await p.closed).toEqual({ code: 4001, reason: 'unauthenticated' });
    const line = app.logs().split('\n').find((l) => l.includes('"socket login failed"'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({ msg: 'socket login failed', code2session: expect.anything() });
  });

  it('the login service down: unavailable and 1013 "try again"', async () => {
    await start({}, 'douyin', await closedPortUrl());
    const p = await open();
    expect(await p.request({ type: 'hello', deviceId: 'd1', auth: { code: 'good' } })).toEqual({ type: 'error', code: 'unavailable', id: expect.any(String) });
    expect(await p.closed).toEqual({ code: 1013, reason: 'try again' });
  });
});
