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
async function phone(userId: string, deviceId?: string, silent = false): Promise<Phone> {
  const p = await Phone.connect(app.wsUrl, { userId }, deviceId, silent);
  phones.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.kill()));
  await app?.close();
});

async function records(userId: string): Promise<Record<string, unknown>[]> {
  const res = await request(`${app.url}/v1/calls`, { headers: { 'x-user-id': userId } });
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

  it('query: a device asks where a call stands — ringing, then accepted with its own room; strangers and unknown ids get not_found', async () => {
    const doctor = await phone('doctor');
    const patient = await phone('patient', 'patient-phone');
    const stranger = await phone('stranger');
    const callId = await ring(doctor, patient, 'audio');
    // A second device of the patient (opened from the notice) asks.
    const other = await phone('patient', 'patient-pad');
    await other.drain();
    expect(await other.request({ type: 'query', callId })).toMatchObject({ type: 'ack' });
    expect(await other.ring(callId)).toMatchObject({ type: 'ring', callId, caller: 'doctor', media: 'audio' });
    expect(await stranger.request({ type: 'query', callId })).toMatchObject({ type: 'error', code: 'not_found' });
    expect(await stranger.request({ type: 'query', callId: newCallId() })).toMatchObject({ type: 'error', code: 'not_found' });
    await patient.request({ type: 'accept', callId });
    expectRoomFor(await patient.call(callId, 'accepted'), 'patient');
    await other.drain();
    expect(await patient.request({ type: 'query', callId })).toMatchObject({ type: 'ack' });
    expectRoomFor(await patient.call(callId, 'accepted'), 'patient');
    expect(await other.request({ type: 'query', callId })).toMatchObject({ type: 'ack' });
    expect(await other.call(callId, 'accepted')).toMatchObject({ reason: 'elsewhere' });
    expect((await other.drain()).some((f) => 'room' in f)).toBe(false);
  });

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

describe('races and several devices', () => {
  beforeEach(() => start());

  it('a callee on two devices: both ring, the first accept wins, the other device is told 「已在其他设备接听」', async () => {
    const doctor = await phone('doctor');
    const phoneA = await phone('patient', 'patient-phone');
    const padB = await phone('patient', 'patient-pad');
    const callId = await ring(doctor, phoneA);
    await padB.ring(callId);
    const [ackA, ackB] = await Promise.all([phoneA.request({ type: 'accept', callId }), padB.request({ type: 'accept', callId })]);
    expect([ackA.type, ackB.type]).toEqual(['ack', 'ack']);
    const a = await phoneA.call(callId, 'accepted');
    const b = await padB.call(callId, 'accepted');
    const [winner, loser] = a.room ? [a, b] : [b, a];
    expect(winner.room).toBeDefined();
    expect(loser).toEqual({ type: 'call', callId, state: 'accepted', reason: 'elsewhere', peer: 'doctor', media: 'video' });
    // The caller hears exactly one accept.
    expect((await doctor.call(callId, 'accepted')).room).toBeDefined();
    expect((await doctor.drain()).filter((f) => f.type === 'call')).toEqual([]);
  });

  it('accept and cancel at the same moment: one outcome, both phones and both records agree', async () => {
    for (let i = 0; i < 5; i++) {
      const caller = await phone(`c${i}`);
      const callee = await phone(`e${i}`);
      const callId = await ring(caller, callee);
      await Promise.all([caller.request({ type: 'cancel', callId }), callee.request({ type: 'accept', callId })]);
      const seenByCaller = (await caller.next((f) => f.type === 'call' && f.callId === callId && f.state !== 'ringing')).state;
      const seenByCallee = (await callee.next((f) => f.type === 'call' && f.callId === callId)).state;
      expect(['accepted', 'cancelled']).toContain(seenByCaller);
      expect(seenByCallee).toBe(seenByCaller);
      if (seenByCaller === 'accepted') {
        await caller.request({ type: 'hangup', callId });
        await callee.call(callId, 'ended');
      }
      const outcome = seenByCaller === 'accepted' ? 'completed' : 'cancelled';
      expect((await records(`c${i}`)).map((r) => r.outcome)).toEqual([outcome]);
      expect((await records(`e${i}`)).map((r) => r.outcome)).toEqual([outcome]);
    }
  });

  it('two people calling each other at once: exactly one call rings, the other is busy', async () => {
    const a = await phone('anna');
    const b = await phone('ben');
    const ab = newCallId();
    const ba = newCallId();
    await Promise.all([
      a.request({ type: 'invite', callId: ab, callee: 'ben', media: 'audio' }),
      b.request({ type: 'invite', callId: ba, callee: 'anna', media: 'audio' }),
    ]);
    const sa = (await a.call(ab)).state;
    const sb = (await b.call(ba)).state;
    expect([sa, sb].sort()).toEqual(['busy', 'ringing']);
    const ringing = sa === 'ringing' ? ab : ba;
    const callee = sa === 'ringing' ? b : a;
    await callee.ring(ringing);
    expect(await callee.drain()).toEqual([]); // no ring for the busy call
  });

  it('a third phone calling someone already in a call gets busy (callee_busy) and does not ring them', async () => {
    const doctor = await phone('doctor');
    const patient = await phone('patient');
    const other = await phone('other-doctor');
    const callId = await ring(doctor, patient);
    await patient.request({ type: 'accept', callId });
    const second = newCallId();
    await other.request({ type: 'invite', callId: second, callee: 'patient', media: 'audio' });
    expect(await other.call(second)).toEqual({ type: 'call', callId: second, state: 'busy', reason: 'callee_busy', peer: 'patient', media: 'audio' });
    expect((await patient.drain()).filter((f) => f.callId === second)).toEqual([]);
    // And a caller already in a call gets busy for a new one.
    const third = newCallId();
    await doctor.request({ type: 'invite', callId: third, callee: 'other-doctor', media: 'audio' });
    expect(await doctor.call(third)).toMatchObject({ state: 'busy', reason: 'caller_busy' });
    expect((await records('other-doctor')).map((r) => [r.callId, r.outcome])).toEqual([[third, 'busy'], [second, 'busy']]);
  });

  it('a retried invite and a repeated accept are the same call: acked again, one ring, the token re-sent', async () => {
    const doctor = await phone('doctor');
    const patient = await phone('patient');
    const callId = await ring(doctor, patient);
    expect(await doctor.request({ type: 'invite', callId, callee: 'patient', media: 'video' })).toMatchObject({ type: 'ack' });
    expect(await doctor.call(callId, 'ringing')).toBeDefined();
    expect((await patient.drain()).filter((f) => f.type === 'ring')).toEqual([]);
    await patient.request({ type: 'accept', callId });
    const first = await patient.call(callId, 'accepted');
    expect(await patient.request({ type: 'accept', callId })).toMatchObject({ type: 'ack' });
    const again = await patient.call(callId, 'accepted');
    expect((again.room as { roomId: string }).roomId).toBe((first.room as { roomId: string }).roomId);
    await doctor.call(callId, 'accepted');
    expect((await doctor.drain()).filter((f) => f.type === 'call')).toEqual([]);
    // Someone else re-using this callId is refused.
    const stranger = await phone('stranger');
    expect(await stranger.request({ type: 'invite', callId, callee: 'patient', media: 'video' })).toMatchObject({ type: 'error', code: 'bad_request' });
    expect(await stranger.request({ type: 'hangup', callId })).toMatchObject({ type: 'error', code: 'bad_request' });
  });

  it('a late action is acked and answered with the current state (decline after cancel)', async () => {
    const doctor = await phone('doctor');
    const patient = await phone('patient');
    const callId = await ring(doctor, patient);
    await doctor.request({ type: 'cancel', callId });
    await patient.call(callId, 'cancelled');
    expect(await patient.request({ type: 'decline', callId })).toMatchObject({ type: 'ack' });
    expect(await patient.call(callId)).toMatchObject({ state: 'cancelled' });
    expect((await records('patient')).map((r) => r.outcome)).toEqual(['cancelled']);
  });

  it('media switch during the call is relayed to the other side and the record follows it', async () => {
    const doctor = await phone('doctor');
    const patient = await phone('patient');
    const callId = await ring(doctor, patient, 'video');
    await patient.request({ type: 'accept', callId });
    expect(await doctor.request({ type: 'media', callId, media: 'audio' })).toMatchObject({ type: 'ack' });
    expect(await patient.next((f) => f.type === 'media')).toEqual({ type: 'media', callId, media: 'audio', by: 'doctor' });
    await doctor.request({ type: 'hangup', callId });
    await patient.call(callId, 'ended');
    expect((await records('patient'))[0]).toMatchObject({ media: 'audio', outcome: 'completed' });
  });
});

describe('sockets coming and going', () => {
  it('the callee\'s socket drops while it rings: on reconnect welcome lists the call, the ring is replayed, accept works', async () => {
    await start();
    const doctor = await phone('doctor');
    let patient = await phone('patient', 'patient-phone');
    const callId = await ring(doctor, patient);
    await patient.kill();
    patient = await phone('patient', 'patient-phone');
    expect(patient.welcome?.live).toEqual([callId]);
    await patient.ring(callId);
    await patient.request({ type: 'accept', callId });
    expect((await doctor.call(callId, 'accepted')).room).toBeDefined();
    // A phone opening the app after the call is over: not live (「通话已结束」).
    await doctor.request({ type: 'hangup', callId });
    await patient.call(callId, 'ended');
    const later = await phone('patient', 'patient-pad');
    expect(later.welcome?.live).toEqual([]);
  });

  it('the caller\'s socket drops while it rings: back within the grace it gets the accept; gone past it the call is cancelled (dropped)', async () => {
    await start({ dropGraceMs: 600, heartbeatMs: 200 });
    const doctor = await phone('doctor', 'doctor-phone');
    const patient = await phone('patient');
    const callId = await ring(doctor, patient);
    await doctor.kill();
    const back = await phone('doctor', 'doctor-phone');
    expect(back.welcome?.live).toEqual([callId]);
    expect(await back.call(callId, 'ringing')).toBeDefined();
    await patient.request({ type: 'accept', callId });
    expect((await back.call(callId, 'accepted')).room).toBeDefined();
    await back.request({ type: 'hangup', callId });

    const second = await ring(back, patient);
    await back.kill();
    expect(await patient.call(second, 'cancelled', 4000)).toMatchObject({ reason: 'dropped' });
    expect((await records('patient'))[0]).toMatchObject({ callId: second, outcome: 'cancelled' });
  });

  it('a party that vanishes during an accepted call: the call ends (dropped) after the grace, both users are free again', async () => {
    await start({ dropGraceMs: 500, heartbeatMs: 200 });
    const doctor = await phone('doctor');
    const patient = await phone('patient');
    const callId = await ring(doctor, patient);
    await patient.request({ type: 'accept', callId });
    await doctor.call(callId, 'accepted');
    await patient.kill();
    expect(await doctor.call(callId, 'ended', 4000)).toMatchObject({ reason: 'dropped', by: 'patient' });
    expect((await records('doctor'))[0]).toMatchObject({ outcome: 'completed' });
    const p2 = await phone('patient');
    await ring(doctor, p2);
  });

  it('one socket per device: a second hello with the same deviceId closes the older one (4000)', async () => {
    await start();
    const old = await phone('patient', 'same-device');
    await phone('patient', 'same-device');
    expect(await old.closed).toEqual({ code: 4000, reason: 'replaced' });
  });

  it('heartbeats: ping → pong; a silent socket is closed (4002); no hello in time → 4001', async () => {
    await start({ heartbeatMs: 200, helloTimeoutMs: 300 });
    const p = await phone('patient', undefined, true);
    expect(p.welcome?.heartbeatMs).toBe(200);
    expect(await p.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
    expect(await p.closed).toMatchObject({ code: 4002 });
    const mute = await Phone.open(app.wsUrl);
    phones.push(mute);
    expect(await mute.closed).toMatchObject({ code: 4001 });
    // A phone that keeps pinging (every heartbeatMs / 2) stays.
    const alive = await phone('alive');
    await new Promise((r) => setTimeout(r, 800));
    expect(alive.ws.readyState).toBe(alive.ws.OPEN);
  });
});

describe('bad input changes nothing', () => {
  beforeEach(() => start({ invitesPerMinute: 3 }));

  it('binary, malformed, oversized, unknown, incomplete frames: error frames that echo nothing; the call still rings', async () => {
    const doctor = await phone('doctor');
    const patient = await phone('patient');
    const callId = await ring(doctor, patient);
    const bad: [string | Buffer, boolean, string][] = [
      [Buffer.from([1, 2, 3]), true, 'bad_frame'],
      ['{"type":"accept", SECRET-ECHO', false, 'bad_frame'],
      ['[1,2]', false, 'bad_frame'],
      [JSON.stringify({ type: 'accept', callId, pad: 'x'.repeat(5000) }), false, 'too_large'],
      [JSON.stringify({ type: 'teleport', callId }), false, 'unknown_type'],
      [JSON.stringify({ type: 'accept' }), false, 'bad_request'],
      [JSON.stringify({ type: 'accept', callId: 'bad id with spaces SECRET-ECHO' }), false, 'bad_request'],
      [JSON.stringify({ type: 'invite', callId: newCallId(), callee: 'patient', media: 'hologram' }), false, 'bad_request'],
      [JSON.stringify({ type: 'hello', deviceId: 'x', auth: { userId: 'patient' } }), false, 'bad_request'],
    ];
    for (const [data, binary, code] of bad) {
      patient.sendRaw(data, binary);
      const err = await patient.next((f) => f.type === 'error');
      expect(err).toEqual({ type: 'error', code });
    }
    const withId = await patient.request({ type: 'accept' });
    expect(withId).toEqual({ type: 'error', code: 'bad_request', id: expect.any(String) });
    expect(JSON.stringify(patient.frames)).not.toContain('SECRET-ECHO');
    expect((await doctor.drain()).filter((f) => f.type === 'call')).toEqual([]);
    // Still ringing: the accept now works.
    await patient.request({ type: 'accept', callId });
    await doctor.call(callId, 'accepted');
  });

  it('frames before hello are refused and the socket is closed (4001); a bad hello too', async () => {
    const p = await Phone.open(app.wsUrl);
    phones.push(p);
    expect(await p.request({ type: 'invite', callId: newCallId(), callee: 'x', media: 'audio' })).toMatchObject({ type: 'error', code: 'bad_request' });
    expect(await p.closed).toMatchObject({ code: 4001 });
    const q = await Phone.open(app.wsUrl);
    phones.push(q);
    expect(await q.request({ type: 'hello', deviceId: 'd1', auth: {} })).toMatchObject({ type: 'error', code: 'bad_request' });
    expect(await q.closed).toMatchObject({ code: 4001 });
  });

  it('calling yourself or an invalid user: bad_request, no call, no record; an invite flood is rate_limited', async () => {
    const doctor = await phone('doctor');
    expect(await doctor.request({ type: 'invite', callId: newCallId(), callee: 'doctor', media: 'audio' })).toMatchObject({ code: 'bad_request' });
    expect(await doctor.request({ type: 'invite', callId: newCallId(), callee: 'no spaces allowed', media: 'audio' })).toMatchObject({ code: 'bad_request' });
    expect(await records('doctor')).toEqual([]);
    const patient = await phone('patient');
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const callId = newCallId();
      const r = await doctor.request({ type: 'invite', callId, callee: 'patient', media: 'audio' });
      codes.push(r.type === 'ack' ? 'ack' : String(r.code));
      if (r.type === 'ack') await doctor.request({ type: 'cancel', callId });
    }
    expect(codes).toEqual(['ack', 'ack', 'ack', 'rate_limited', 'rate_limited']);
    expect((await patient.drain(100)).filter((f) => f.type === 'ring')).toHaveLength(3);
  });
});

describe('records', () => {
  beforeEach(() => start());

  it('each user sees only their own, newest first, at most 50; a bad query is a 400', async () => {
    const doctor = await phone('doctor');
    const patient = await phone('patient');
    await phone('bystander');
    for (let i = 0; i < 52; i++) {
      const callId = newCallId();
      await doctor.request({ type: 'invite', callId, callee: 'patient', media: 'audio' });
      await doctor.request({ type: 'cancel', callId });
    }
    const mine = await records('doctor');
    expect(mine).toHaveLength(50);
    expect(mine.every((r) => r.direction === 'out' && r.peer === 'patient')).toBe(true);
    expect(Number(mine[0]?.startedAt)).toBeGreaterThanOrEqual(Number(mine[49]?.startedAt));
    expect(await records('bystander')).toEqual([]);
    expect((await request(`${app.url}/v1/calls`)).status).toBe(400);
    expect((await request(`${app.url}/v1/calls`, { headers: { 'x-user-id': 'not an id' } })).status).toBe(400);
    void patient;
  });
});
