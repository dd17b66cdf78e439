// Calls across two instances sharing a real Redis: a ring reaches a callee connected to the other
// instance (pub/sub), first accept wins across instances, ring timers and calls survive the instance
// that created them going away, and Redis down fails closed (unavailable) without changing anything.
import { request, type RunningApp, startApp } from './helpers';
import { newCallId, Phone } from './phone';
import { twoInstancesOnRedis } from './two-instances';

const t = twoInstancesOnRedis();
async function records(app: RunningApp, userId: string): Promise<Record<string, unknown>[]> {
  const res = await request(`${app.url}/v1/calls`, { headers: { 'x-user-id': userId } });
  expect(res.status).toBe(200);
  return (res.json as { calls: Record<string, unknown>[] }).calls;
}
let uniq = 0;
const user = (name: string) => `${name}-${Date.now().toString(36)}-${uniq++}`;

async function ring(caller: Phone, callee: Phone): Promise<string> {
  const callId = newCallId();
  expect(await caller.request({ type: 'invite', callId, callee: callee.userId, media: 'video' })).toMatchObject({ type: 'ack' });
  await caller.call(callId, 'ringing');
  await callee.ring(callId);
  return callId;
}

describe('two instances on one Redis', () => {
  it('every outcome with caller on one instance and callee on the other; records match on both', async () => {
    await t.start({ ringTimeoutMs: 500 });
    const cases = [
      ['accept', 'completed'],
      ['decline', 'declined'],
      ['busy', 'busy'],
      ['cancel', 'cancelled'],
      ['wait', 'missed'],
    ] as const;
    for (const [action, outcome] of cases) {
      const doctor = await t.phone(t.a, user('doctor'));
      const patient = await t.phone(t.b, user('patient'));
      const callId = await ring(doctor, patient);
      if (action === 'accept') {
        await patient.request({ type: 'accept', callId });
        const d = await doctor.call(callId, 'accepted');
        const p = await patient.call(callId, 'accepted');
        expect((d.room as { roomId: string }).roomId).toBe((p.room as { roomId: string }).roomId);
        await doctor.request({ type: 'hangup', callId });
        await patient.call(callId, 'ended');
      } else if (action === 'cancel') {
        await doctor.request({ type: 'cancel', callId });
        await patient.call(callId, 'cancelled');
      } else if (action === 'wait') {
        await doctor.call(callId, 'missed', 4000);
        await patient.call(callId, 'missed', 4000);
      } else {
        await patient.request({ type: action, callId });
        await doctor.call(callId, action === 'decline' ? 'declined' : 'busy');
      }
      const mine = await records(t.b, doctor.userId);
      const theirs = await records(t.a, patient.userId);
      expect(mine).toEqual([expect.objectContaining({ callId, outcome, direction: 'out', peer: patient.userId })]);
      expect(theirs).toEqual([{ ...mine[0], direction: 'in', peer: doctor.userId }]);
    }
  });

  it('a callee with a device on each instance: both ring, one accept wins, the other is told elsewhere; accept vs cancel across instances agrees', async () => {
    await t.start();
    const doctor = await t.phone(t.a, user('doctor'));
    const pid = user('patient');
    const onA = await t.phone(t.a, pid, 'phone');
    const onB = await t.phone(t.b, pid, 'pad');
    const callId = await ring(doctor, onB);
    await onA.ring(callId);
    await Promise.all([onA.request({ type: 'accept', callId }), onB.request({ type: 'accept', callId })]);
    const fa = await onA.call(callId, 'accepted');
    const fb = await onB.call(callId, 'accepted');
    expect([fa.reason, fb.reason].filter((r) => r === 'elsewhere')).toHaveLength(1);
    expect([fa.room, fb.room].filter((r) => r !== undefined)).toHaveLength(1);
    await doctor.call(callId, 'accepted');
    await doctor.request({ type: 'hangup', callId });

    for (let i = 0; i < 4; i++) {
      const c = await t.phone(t.a, user('c'));
      const e = await t.phone(t.b, user('e'));
      const id = await ring(c, e);
      await Promise.all([c.request({ type: 'cancel', callId: id }), e.request({ type: 'accept', callId: id })]);
      const sc = (await c.next((f) => f.type === 'call' && f.callId === id && f.state !== 'ringing')).state;
      const se = (await e.next((f) => f.type === 'call' && f.callId === id)).state;
      expect(se).toBe(sc);
    }
  });

  it('the instance that created the call goes away: the ring still times out (other instance sweeps) and a reconnected caller gets the accept', async () => {
    await t.start({ ringTimeoutMs: 600, dropGraceMs: 5000 });
    // Missed survives the creator closing.
    let doctor = await t.phone(t.a, user('doctor'), 'doc-phone');
    const patient = await t.phone(t.b, user('patient'));
    const first = await ring(doctor, patient);
    await t.a.close();
    expect(await patient.call(first, 'missed', 4000)).toBeDefined();

    // A restart: the caller reconnects (same device) to the other instance, then the callee accepts.
    t.a = await startApp(t.config({ ringTimeoutMs: 10_000, dropGraceMs: 5000 }));
    doctor = await t.phone(t.a, doctor.userId, 'doc-phone');
    const second = await ring(doctor, patient);
    await t.a.close();
    doctor = await t.phone(t.b, doctor.userId, 'doc-phone');
    expect(doctor.welcome?.live).toEqual([second]);
    await doctor.call(second, 'ringing');
    await patient.request({ type: 'accept', callId: second });
    expect((await doctor.call(second, 'accepted')).room).toBeDefined();
    t.a = await startApp(t.config());
    expect((await records(t.a, patient.userId)).map((r) => r.outcome)).toEqual(['missed']);
  }, 20_000);

  it('Redis down: actions get unavailable and change nothing; back up, the call goes on', async () => {
    await t.start();
    const doctor = await t.phone(t.a, user('doctor'));
    const patient = await t.phone(t.b, user('patient'));
    const callId = await ring(doctor, patient);
    await t.redis.stop();
    expect(await patient.request({ type: 'accept', callId })).toMatchObject({ type: 'error', code: 'unavailable' });
    expect(await doctor.request({ type: 'invite', callId: newCallId(), callee: patient.userId, media: 'audio' })).toMatchObject({ code: 'unavailable' });
    expect((await request(`${t.a.url}/v1/calls`, { headers: { 'x-user-id': doctor.userId } })).status).toBe(503);
    expect((await doctor.drain()).filter((f) => f.type === 'call')).toEqual([]);
    // New sockets are refused at the upgrade (the per-IP limiter fails closed, as for HTTP).
    await expect(Phone.open(t.a.wsUrl)).rejects.toThrow(/503/);
    await t.redis.start(); // empty: as after a Redis restart, the call is gone
    const deadline = Date.now() + 10_000;
    while ((await request(`${t.a.url}/healthz`)).status !== 200 || (await request(`${t.b.url}/healthz`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('no reconnect');
      await new Promise((r) => setTimeout(r, 100));
    }
    // After Redis came back empty the old call is unknown; a new call works end to end across instances.
    const again = await ring(doctor, patient);
    await patient.request({ type: 'accept', callId: again });
    expect((await doctor.call(again, 'accepted')).room).toBeDefined();
  }, 30_000);
});
