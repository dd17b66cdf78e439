// CallService on the in-memory store with a hand-driven clock: where each change is delivered, what a
// device is shown on query / replay, when the sweeper drops a vanished party, the "call over" and
// "call notice" log lines, and giving up (unavailable) when a store keeps losing the race.
import type { FastifyBaseLogger } from 'fastify';
import type { BusMessage, Delivery } from '../src/calls/bus';
import type { Notifier } from '../src/calls/notice';
import { CallService } from '../src/calls/service';
import { MemoryCallStore } from '../src/calls/store';
import { testConfig } from './helpers';

const GRACE = 20_000;
const SWEEP = 50;
let now: number;
let store: MemoryCallStore;
let published: BusMessage[];
let logs: Record<string, unknown>[];
let notified: string[];

const log = {
  info: (obj: object, msg: string) => logs.push({ level: 'info', ...obj, msg }),
  warn: (obj: object | string, msg?: string) => logs.push(typeof obj === 'string' ? { level: 'warn', msg: obj } : { level: 'warn', ...obj, msg }),
} as unknown as FastifyBaseLogger;
const fakeNotifier = {
  notify: async (openid: string) => {
    notified.push(openid);
    return { result: 'sent' as const };
  },
} as unknown as Notifier;

function service(opts: { invitesPerMinute?: number; notifier?: Notifier | null; store?: MemoryCallStore } = {}): CallService {
  const base = testConfig('dev');
  const config = { ...base, calls: { ...base.calls, dropGraceMs: GRACE, sweepMs: SWEEP, invitesPerMinute: opts.invitesPerMinute ?? 1000 } };
  return new CallService({ config, store: opts.store ?? store, publish: async (m) => void published.push(m), notifier: opts.notifier ?? null, log, now: () => now });
}
const online = (user: string, member = `${user}-sock`) => store.touch([{ userId: user, member }], now);
const deliveries = () => published.flatMap((m) => ('d' in m ? m.d : [])) as Delivery[];
const settle = () => new Promise((r) => setImmediate(r));
const ID = 'call-0001';

beforeEach(() => {
  now = 1_000_000;
  // Presence never lapses by itself here: who is online is what the test says.
  store = new MemoryCallStore(1e12);
  published = [];
  logs = [];
  notified = [];
});

async function accepted(s: CallService): Promise<void> {
  await online('doc');
  await online('pat');
  expect(await s.invite('doc', 'doc-phone', ID, 'pat', 'video')).toMatchObject({ ok: true });
  expect(await s.act('pat', 'pat-phone', 'accept', ID)).toEqual({ ok: true, frames: [] });
  published = [];
}

describe('deliveries', () => {
  it('a media switch goes to the other side\'s device in the call, whichever side switches', async () => {
    const s = service();
    await accepted(s);
    await s.act('pat', 'pat-phone', 'media', ID, 'audio');
    await s.act('doc', 'doc-phone', 'media', ID, 'video');
    expect(deliveries()).toEqual([
      { to: 'doc', device: 'doc-phone', frame: { type: 'media', callId: ID, media: 'audio', by: 'pat' } },
      { to: 'pat', device: 'pat-phone', frame: { type: 'media', callId: ID, media: 'video', by: 'doc' } },
    ]);
  });

  it('the end of an accepted call reaches only the two devices in it (not the callee\'s other devices)', async () => {
    const s = service();
    await accepted(s);
    await s.act('doc', 'doc-phone', 'hangup', ID);
    expect(deliveries().map((d) => [d.to, d.device, d.except, (d.frame as { state: string }).state])).toEqual([
      ['doc', 'doc-phone', undefined, 'ended'],
      ['pat', 'pat-phone', undefined, 'ended'],
    ]);
  });
});

describe('what a device is shown', () => {
  it('query: the devices in the call get the room, other devices only the state; an ended call no room', async () => {
    const s = service();
    await accepted(s);
    const room = (r: Awaited<ReturnType<CallService['query']>>) => (r.ok ? r.frames.map((f) => f.roomId !== undefined) : null);
    expect(await s.query('doc', 'doc-phone', ID)).toMatchObject({ ok: true, frames: [{ frame: { state: 'accepted', peer: 'pat' } }] });
    expect(room(await s.query('doc', 'doc-phone', ID))).toEqual([true]);
    expect(room(await s.query('doc', 'doc-pad', ID))).toEqual([false]);
    expect(await s.query('doc', 'doc-pad', ID)).toEqual({ ok: true, frames: [{ frame: { type: 'call', callId: ID, state: 'accepted', peer: 'pat', media: 'video' } }] });
    expect(room(await s.query('pat', 'pat-phone', ID))).toEqual([true]);
    expect(await s.query('pat', 'pat-pad', ID)).toEqual({ ok: true, frames: [{ frame: { type: 'call', callId: ID, state: 'accepted', reason: 'elsewhere', peer: 'doc', media: 'video' } }] });
    await s.act('pat', 'pat-phone', 'hangup', ID);
    expect(await s.query('doc', 'doc-phone', ID)).toEqual({ ok: true, frames: [{ frame: { type: 'call', callId: ID, state: 'ended', reason: 'hangup', by: 'pat', peer: 'pat', media: 'video' } }] });
    expect(await s.act('pat', 'pat-phone', 'hangup', ID)).toEqual({ ok: true, frames: [{ frame: expect.objectContaining({ state: 'ended' }) }] });
  });

  it('replay while ringing: the inviting device and the callee see it, the caller\'s other devices only learn it is live', async () => {
    const s = service();
    await online('doc');
    await s.invite('doc', 'doc-phone', ID, 'pat', 'audio');
    expect(await s.replay('doc', 'doc-phone')).toEqual({ live: [ID], frames: [{ frame: expect.objectContaining({ type: 'call', state: 'ringing' }) }] });
    expect(await s.replay('doc', 'doc-pad')).toEqual({ live: [ID], frames: [] });
    expect(await s.replay('pat', 'any')).toEqual({ live: [ID], frames: [{ frame: expect.objectContaining({ type: 'ring', caller: 'doc' }) }] });
  });

  it('replay while accepted: only the two devices in the call get the call (with its room)', async () => {
    const s = service();
    await accepted(s);
    const shown = async (user: string, device: string) => (await s.replay(user, device)).frames.map((f) => [f.frame.state, f.roomId !== undefined]);
    expect(await shown('doc', 'doc-phone')).toEqual([['accepted', true]]);
    expect(await shown('doc', 'doc-pad')).toEqual([]);
    expect(await shown('pat', 'pat-phone')).toEqual([['accepted', true]]);
    expect(await shown('pat', 'pat-pad')).toEqual([]);
  });
});

describe('invites', () => {
  it('the invite budget is per caller', async () => {
    const s = service({ invitesPerMinute: 1 });
    expect(await s.invite('a', 'd', 'call-aaaa', 'x', 'audio')).toMatchObject({ ok: true });
    expect(await s.invite('b', 'd', 'call-bbbb', 'y', 'audio')).toMatchObject({ ok: true });
    expect(await s.invite('a', 'd', 'call-aaab', 'z', 'audio')).toEqual({ ok: false, code: 'rate_limited' });
  });

  it('re-using a callId for another callee is bad_request', async () => {
    const s = service();
    await s.invite('doc', 'd', ID, 'pat', 'audio');
    expect(await s.invite('doc', 'd', ID, 'someone-else', 'audio')).toEqual({ ok: false, code: 'bad_request' });
  });

  it('a store that publishes the ring itself is not asked to publish it again', async () => {
    const ringing = new MemoryCallStore(1e12);
    Object.defineProperty(ringing, 'publishesRing', { value: true });
    await service({ store: ringing }).invite('doc', 'd', ID, 'pat', 'audio');
    expect(published).toEqual([]);
    await service().invite('doc', 'd', ID, 'pat', 'audio');
    expect(deliveries()).toEqual([{ to: 'pat', frame: expect.objectContaining({ type: 'ring', callId: ID }) }]);
  });

  it('a store that keeps losing the race gives unavailable', async () => {
    const racing = new MemoryCallStore(1e12);
    racing.create = async () => 'exists';
    racing.get = async () => null;
    expect(await service({ store: racing }).invite('doc', 'd', ID, 'pat', 'audio')).toEqual({ ok: false, code: 'unavailable' });
    const s = service();
    await s.invite('doc', 'd', ID, 'pat', 'audio');
    store.update = async () => false;
    expect(await s.act('pat', 'p', 'decline', ID)).toEqual({ ok: false, code: 'unavailable' });
  });
});

describe('"call over" log line', () => {
  it('one per final call: outcome, reason when there is one, media and duration', async () => {
    const s = service();
    await accepted(s);
    now += 42_000;
    await s.act('doc', 'doc-phone', 'hangup', ID);
    await s.invite('eve', 'e', 'call-0002', 'doc', 'audio'); // doc is in no call now; pat neither
    await s.act('doc', 'x', 'decline', 'call-0002');
    await s.invite('eve', 'e', 'call-0003', 'zed', 'audio');
    await s.invite('amy', 'a', 'call-0004', 'zed', 'video'); // zed rings for eve: busy
    expect(logs.filter((l) => l.msg === 'call over')).toEqual([
      { level: 'info', msg: 'call over', callId: ID, outcome: 'completed', reason: 'hangup', media: 'video', durationS: 42 },
      { level: 'info', msg: 'call over', callId: 'call-0002', outcome: 'declined', media: 'audio', durationS: 0 },
      { level: 'info', msg: 'call over', callId: 'call-0004', outcome: 'busy', reason: 'callee_busy', media: 'video', durationS: 0 },
    ]);
    expect(await store.records('amy')).toEqual([expect.objectContaining({ callId: 'call-0004', outcome: 'busy' })]);
  });
});

describe('the sweeper drops a party gone past the grace, not before', () => {
  it('gone 17 s at the first check: checked again when the grace runs out and dropped exactly then', async () => {
    const s = service();
    await accepted(s);
    const invitedAt = now;
    now += 3_000;
    await store.leave('pat', 'pat-sock', now);
    const leftAt = now;
    now = invitedAt + GRACE; // the first check of the call
    await s.sweep();
    expect(published).toEqual([]);
    now = leftAt + GRACE - 1;
    await s.sweep();
    expect(published).toEqual([]);
    now = leftAt + GRACE;
    await s.sweep();
    expect(deliveries().map((d) => d.frame)).toEqual([
      expect.objectContaining({ state: 'ended', reason: 'dropped', by: 'pat' }),
      expect.objectContaining({ state: 'ended', reason: 'dropped', by: 'pat' }),
    ]);
  });

  it('both online at a check: the next one comes half a grace later, so a party leaving then is dropped one grace after it left', async () => {
    const s = service();
    await accepted(s);
    now += GRACE; // first check: both online
    await s.sweep();
    now += 1_000;
    await store.leave('pat', 'pat-sock', now);
    const leftAt = now;
    now += GRACE / 2 - 1_000; // second check: pat gone 9 s
    await s.sweep();
    expect(published).toEqual([]);
    now = leftAt + GRACE;
    await s.sweep();
    expect(deliveries()).toHaveLength(2);
  });
});

describe('"call notice"', () => {
  it('only for a callee who is away, at most one per callee per second (throttled is logged), each callee on their own', async () => {
    const s = service({ notifier: fakeNotifier });
    await store.rememberUser('pat', 'openid-pat');
    await store.rememberUser('ann', 'openid-ann');
    await store.rememberUser('bob', 'openid-bob');
    await online('bob');
    await s.invite('doc', 'd', 'call-1111', 'bob', 'audio');
    await s.invite('eve', 'd', 'call-2222', 'pat', 'audio');
    await settle();
    await s.act('eve', 'd', 'cancel', 'call-2222');
    await s.invite('eve', 'd', 'call-3333', 'pat', 'audio');
    await s.invite('amy', 'd', 'call-4444', 'ann', 'audio');
    await settle();
    expect(notified).toEqual(['openid-pat', 'openid-ann']);
    expect(logs.filter((l) => l.msg === 'call notice')).toEqual([
      { level: 'info', msg: 'call notice', callId: 'call-2222', notice: 'sent' },
      { level: 'info', msg: 'call notice', callId: 'call-3333', notice: 'throttled' },
      { level: 'info', msg: 'call notice', callId: 'call-4444', notice: 'sent' },
    ]);
  });

  it('no notifier: nothing is looked up or logged', async () => {
    const s = service({ notifier: null });
    await store.rememberUser('pat', 'openid-pat');
    await s.invite('eve', 'd', 'call-2222', 'pat', 'audio');
    await s.act('eve', 'd', 'cancel', 'call-2222');
    await s.invite('eve', 'd', 'call-3333', 'pat', 'audio');
    await settle();
    expect(logs.filter((l) => l.msg === 'call notice')).toEqual([]);
  });

  it('state unavailable while deciding: a warning, the invite itself went through', async () => {
    const s = service({ notifier: fakeNotifier });
    store.lastSeen = async () => {
      throw new Error('redis down');
    };
    expect(await s.invite('eve', 'd', 'call-2222', 'pat', 'audio')).toMatchObject({ ok: true });
    await settle();
    expect(logs.filter((l) => l.msg === 'call notice')).toEqual([{ level: 'warn', msg: 'call notice', callId: 'call-2222', notice: 'state_unavailable' }]);
    expect(notified).toEqual([]);
  });
});

