// Calls through the real server (dev mode, in-memory state): two and three simulated phones speak
// docs/calls.md over real loopback sockets and see every outcome, the races and the failures.
import { parseAccessToken, verifyToken } from '../src/token/access-token';
import { request, type RunningApp, startApp, TEST_APP_ID, TEST_APP_KEY, testConfig } from './helpers';
import { type Frame, newCallId, Phone } from './phone';

let app: RunningApp;
const phones: Phone[] = [];

async function start(calls: Partial<ReturnType<typeof testConfig>['calls']> = {}) {
  const base = testConfig('dev');
  app = await startApp({ ...base, calls: { ...base.calls, ...calls } });
}
async function phone(userId: string, deviceId?: string): Promise<Phone> {
  const p = await Phone.connect(app.wsUrl, { userId }, deviceId);
  phones.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.kill()));
  await app?.close();
});

async function records(userId: string): Promise<Record<string, unknown>[]> {
  const res = await request(`${app.url}/v1/calls?userId=${userId}`);
  expect(res.status).toBe(200);
  return (res.json as { calls: Record<string, unknown>[] }).calls;
}

/** Caller invites, callee's phone rings; returns the callId. */
async function ring(caller: Phone, callee: Phone, media: 'audio' | 'video' = 'video'): Promise<string> {
  const callId = newCallId();
  expect(await caller.request({ type: 'invite', callId, callee: callee.userId, media })).toEqual({ type: 'ack', id: expect.any(String) });
  expect(await caller.call(callId, 'ringing')).toEqual({ type: 'call', callId, state: 'ringing', peer: callee.userId, media });
  const r = await callee.ring(callId);
  expect(r).toEqual({ type: 'ring', callId, caller: caller.userId, media, expiresAt: expect.any(Number) });
  return callId;
}

function expectRoomFor(frame: Frame, userId: string): string {
  const room = frame.room as { roomId: string; token: string; expireAt: number; appId: string };
  expect(room.appId).toBe(TEST_APP_ID);
  expect(verifyToken(room.token, TEST_APP_KEY, Math.floor(Date.now() / 1000))).toBe(true);
  const parsed = parseAccessToken(room.token);
  expect(parsed?.roomId).toBe(room.roomId);
  expect(parsed?.userId).toBe(userId);
  return room.roomId;
}

describe('two phones, every outcome', () => {
  beforeEach(() => start());

  it('accepted → both get the same room with their own token; hang-up ends it for both; records match', async () => {
    const doctor = await phone('doctor');
    const patient = await phone('patient');
    expect(doctor.welcome).toEqual({ type: 'welcome', id: expect.any(String), userId: 'doctor', heartbeatMs: 25000, live: [] });
    const callId = await ring(doctor, patient, 'video');
    expect(await patient.request({ type: 'accept', callId })).toMatchObject({ type: 'ack' });
    const a1 = await doctor.call(callId, 'accepted');
    const a2 = await patient.call(callId, 'accepted');
    expect(a1.peer).toBe('patient');
    expect(a2.peer).toBe('doctor');
    expect(expectRoomFor(a1, 'doctor')).toBe(expectRoomFor(a2, 'patient'));
    expect((a1.room as { token: string }).token).not.toBe((a2.room as { token: string }).token);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await patient.request({ type: 'hangup', callId })).toMatchObject({ type: 'ack' });
    for (const p of [doctor, patient]) {
      expect(await p.call(callId, 'ended')).toEqual({ type: 'call', callId, state: 'ended', reason: 'hangup', by: 'patient', peer: p === doctor ? 'patient' : 'doctor', media: 'video' });
    }
    const [d] = await records('doctor');
    const [p] = await records('patient');
    expect(d).toEqual({ callId, peer: 'patient', direction: 'out', media: 'video', outcome: 'completed', startedAt: expect.any(Number), durationSeconds: expect.any(Number) });
    expect(p).toEqual({ ...d, peer: 'doctor', direction: 'in' });
    expect(d?.durationSeconds).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['decline', 'declined', 'callee'],
    ['busy', 'busy', 'callee'],
    ['cancel', 'cancelled', 'caller'],
  ] as const)('%s → %s for both, records on both sides', async (action, state, who) => {
    const caller = await phone('teacher');
    const callee = await phone('student');
    const callId = await ring(caller, callee, 'audio');
    expect(await (who === 'caller' ? caller : callee).request({ type: action, callId })).toMatchObject({ type: 'ack' });
    expect(await caller.call(callId)).toEqual({ type: 'call', callId, state, peer: 'student', media: 'audio' });
    expect(await callee.call(callId)).toEqual({ type: 'call', callId, state, peer: 'teacher', media: 'audio' });
    expect((await records('teacher'))[0]).toMatchObject({ callId, outcome: state, direction: 'out', durationSeconds: 0 });
    expect((await records('student'))[0]).toMatchObject({ callId, outcome: state, direction: 'in', durationSeconds: 0 });
  });

  it('nobody answers → missed after the ring timeout, for both', async () => {
    await app.close();
    await start({ ringTimeoutMs: 400 });
    const caller = await phone('teacher');
    const callee = await phone('student');
    const callId = await ring(caller, callee);
    expect(await caller.call(callId, 'missed', 3000)).toMatchObject({ state: 'missed' });
    expect(await callee.call(callId, 'missed', 3000)).toMatchObject({ state: 'missed' });
    expect((await records('student'))[0]).toMatchObject({ callId, outcome: 'missed' });
  });
});
