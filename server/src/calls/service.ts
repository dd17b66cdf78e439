// Call handling independent of sockets: validates an action against the stored call, stores the
// decision (compare-and-set, retried on a lost race), and says which frames go where.
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import { BUS_CHANNEL, type BusMessage, type Delivery } from './bus';
import { type Action, type Call, decide, decideSystem, type Decision, isFinal, type Media, recordsOf, type SystemAction } from './model';
import type { Notifier } from './notice';
import type { CallStore } from './store';

/** A frame for the socket that sent the action (after its ack); roomId → a token is minted for it. */
export interface OwnFrame {
  frame: Record<string, unknown>;
  roomId?: string;
}

type ErrorCode = 'bad_request' | 'rate_limited' | 'unavailable' | 'not_found';
export type ActResult = { ok: true; frames: OwnFrame[] } | { ok: false; code: ErrorCode };

const CAS_ATTEMPTS = 8;
const SWEEP_BATCH = 500;

function peerOf(call: Call, user: string): string {
  return user === call.caller ? call.callee : call.caller;
}

function callFrame(call: Call, user: string, reason?: string): Record<string, unknown> {
  const r = reason ?? call.reason;
  return {
    type: 'call',
    callId: call.id,
    state: call.state,
    ...(r !== undefined ? { reason: r } : {}),
    ...(call.by !== undefined && call.state === 'ended' ? { by: call.by } : {}),
    peer: peerOf(call, user),
    media: call.media,
  };
}

function ringFrame(call: Call): Record<string, unknown> {
  return { type: 'ring', callId: call.id, caller: call.caller, media: call.media, expiresAt: call.expiresAt };
}

/** Who hears about a stored change. */
function deliveriesFor(prev: Call, next: Call, actor: string | null): Delivery[] {
  const { caller, callee, callerDevice } = next;
  const calleeDevice = next.acceptedDevice;
  if (next.state === 'accepted' && prev.state === 'accepted') {
    // media switch: relayed to the other side's device in the call
    const frame = { type: 'media', callId: next.id, media: next.media, by: actor };
    return actor === caller ? [{ to: callee, device: calleeDevice, frame }] : [{ to: caller, device: callerDevice, frame }];
  }
  if (next.state === 'accepted') {
    return [
      { to: caller, device: callerDevice, frame: callFrame(next, caller), roomId: next.roomId },
      { to: callee, device: calleeDevice, frame: callFrame(next, callee), roomId: next.roomId },
      { to: callee, except: calleeDevice, frame: callFrame(next, callee, 'elsewhere') },
    ];
  }
  if (next.state === 'ended') {
    return [
      { to: caller, device: callerDevice, frame: callFrame(next, caller) },
      { to: callee, device: calleeDevice, frame: callFrame(next, callee) },
    ];
  }
  // final from ringing: the inviting device and every device of the callee (stops the ringing)
  return [
    { to: caller, device: callerDevice, frame: callFrame(next, caller) },
    { to: callee, frame: callFrame(next, callee) },
  ];
}

/** What this (user, device) should see of the call now (late actions, repeats, replays). */
function currentFrames(call: Call, user: string, device: string): OwnFrame[] {
  const isCaller = user === call.caller;
  if (call.state === 'ringing') return [{ frame: isCaller ? callFrame(call, user) : ringFrame(call) }];
  if (call.state === 'accepted') {
    const inCall = isCaller ? device === call.callerDevice : device === call.acceptedDevice;
    if (inCall) return [{ frame: callFrame(call, user), roomId: call.roomId }];
    return [{ frame: callFrame(call, user, isCaller ? undefined : 'elsewhere') }];
  }
  return [{ frame: callFrame(call, user) }];
}

export interface CallServiceDeps {
  config: Config;
  store: CallStore;
  publish: (msg: BusMessage) => Promise<void>;
  notifier: Notifier | null;
  log: FastifyBaseLogger;
  /** ms epoch */
  now?: () => number;
}

export class CallService {
  private readonly now: () => number;

  constructor(private readonly d: CallServiceDeps) {
    this.now = d.now ?? Date.now;
  }

  async invite(user: string, device: string, callId: string, callee: string, media: Media): Promise<ActResult> {
    const { store, config } = this.d;
    if (callee === user) return { ok: false, code: 'bad_request' };
    if (config.mode === 'douyin' && (await store.openidOf(callee)) === null) return { ok: false, code: 'bad_request' };
    const limit = { key: `invite:${user}`, windowMs: 60_000, max: config.calls.invitesPerMinute };
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const now = this.now();
      const call: Call = {
        v: 1,
        id: callId,
        caller: user,
        callee,
        callerDevice: device,
        media,
        state: 'ringing',
        roomId: 'c' + randomBytes(12).toString('base64url'),
        createdAt: now,
        expiresAt: now + config.calls.ringTimeoutMs,
      };
      const ring: BusMessage = { d: [{ to: callee, frame: ringFrame(call) }] };
      // On Redis the store publishes the ring inside the create script: one round trip less per ring.
      const res = await store.create(call, now + config.calls.dropGraceMs, limit, store.publishesRing ? { channel: BUS_CHANNEL, message: JSON.stringify(ring) } : undefined);
      if (res === 'rate_limited') return { ok: false, code: 'rate_limited' };
      if (res === 'exists') {
        const existing = await store.get(callId);
        if (!existing) continue; // a final call expired in between: try again
        // A retried invite is the same call; a callId someone else made is not this caller's.
        if (existing.caller !== user || existing.callee !== callee) return { ok: false, code: 'bad_request' };
        return { ok: true, frames: currentFrames(existing, user, device) };
      }
      if (res === 'caller_busy' || res === 'callee_busy') {
        const busy: Call = { ...call, state: 'busy', reason: res, endedAt: now };
        if ((await store.createFinal(busy, recordsOf(busy))) === 'exists') continue;
        this.logFinal(busy);
        return { ok: true, frames: [{ frame: callFrame(busy, user) }] };
      }
      if (!store.publishesRing) await this.d.publish(ring);
      if (this.d.notifier) void this.noticeIfAway(call);
      return { ok: true, frames: [{ frame: callFrame(call, user) }] };
    }
    return { ok: false, code: 'unavailable' };
  }

  async act(user: string, device: string, action: Action, callId: string, media?: Media): Promise<ActResult> {
    const r = await this.apply(callId, (call, now) => decide(call, action, user, device, now, media), user);
    if (r === 'missing' || r === 'forbidden') return { ok: false, code: 'bad_request' };
    if (r === 'contended') return { ok: false, code: 'unavailable' };
    if (r.kind === 'changed') return { ok: true, frames: [] };
    return { ok: true, frames: currentFrames(r.call, user, device) };
  }

  /**
   * "Where is this call now?" (a socket that dropped while it rang, a page opened from a notice): what
   * this device should see of it, or not_found when it is unknown, forgotten, or not this user's.
   */
  async query(user: string, device: string, callId: string): Promise<ActResult> {
    const call = await this.d.store.get(callId);
    if (!call || (user !== call.caller && user !== call.callee)) return { ok: false, code: 'not_found' };
    return { ok: true, frames: currentFrames(call, user, device) };
  }

  /** The user's live call (at most one) and what this device should be shown of it. */
  async replay(user: string, device: string): Promise<{ live: string[]; frames: OwnFrame[] }> {
    const id = await this.d.store.activeCallId(user);
    const call = id === null ? null : await this.d.store.get(id);
    if (!call || isFinal(call)) return { live: [], frames: [] };
    const isCaller = user === call.caller;
    let frames: OwnFrame[] = [];
    if (call.state === 'ringing') {
      if (!isCaller || device === call.callerDevice) frames = currentFrames(call, user, device);
    } else if (isCaller ? device === call.callerDevice : device === call.acceptedDevice) {
      frames = currentFrames(call, user, device);
    }
    return { live: [call.id], frames };
  }

  private async apply(
    callId: string,
    decideFn: (call: Call, now: number) => Decision,
    actor: string | null,
  ): Promise<'missing' | 'forbidden' | 'contended' | { kind: 'changed'; call: Call } | { kind: 'unchanged'; call: Call }> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const call = await this.d.store.get(callId);
      if (!call) return 'missing';
      const now = this.now();
      const decision = decideFn(call, now);
      if (decision.kind === 'forbidden') return 'forbidden';
      if (decision.kind !== 'change') return { kind: 'unchanged', call };
      const { next, final } = decision;
      if (!(await this.d.store.update(next, call.v, final ? recordsOf(next) : null))) continue;
      await this.d.publish({ d: deliveriesFor(call, next, actor) });
      if (final) this.logFinal(next);
      return { kind: 'changed', call: next };
    }
    return 'contended';
  }

  private async system(callId: string, action: SystemAction, goneUser?: string): Promise<void> {
    await this.apply(callId, (call, now) => decideSystem(call, action, now, goneUser), goneUser ?? null);
  }

  /** One pass: expired rings become missed; calls with a party gone past the grace end as dropped. */
  async sweep(): Promise<void> {
    const { store, config } = this.d;
    const grace = config.calls.dropGraceMs;
    let now = this.now();
    for (const id of await store.dueRings(now, SWEEP_BATCH)) await this.system(id, 'expire');
    now = this.now();
    for (const id of await store.dueChecks(now, SWEEP_BATCH)) {
      const call = await store.get(id);
      if (!call || isFinal(call)) {
        await store.forget(id);
        continue;
      }
      const parties = call.state === 'ringing' ? [call.caller] : [call.caller, call.callee];
      let next = now + grace / 2;
      let gone: string | undefined;
      for (const u of parties) {
        const seen = await store.lastSeen(u, now);
        if (seen === now) continue;
        if (now - seen >= grace) gone = u;
        else next = Math.min(next, seen + grace);
      }
      if (gone !== undefined) await this.system(id, 'drop', gone);
      else await store.scheduleCheck(id, Math.max(next, now + config.calls.sweepMs));
    }
  }

  private async noticeIfAway(call: Call): Promise<void> {
    const { store, notifier, log } = this.d;
    try {
      const now = this.now();
      if ((await store.lastSeen(call.callee, now)) === now) return;
      // Douyin allows one message per user per second.
      if ((await store.hit(`notice:${call.callee}`, 1000)) > 1) {
        log.info({ callId: call.id, notice: 'throttled' }, 'call notice');
        return;
      }
      const openid = await store.openidOf(call.callee);
      if (openid === null || notifier === null) return;
      const r = await notifier.notify(openid, call);
      // Result codes only: never the openid, the token or upstream text.
      log.info({ callId: call.id, notice: r.result, ...('errNo' in r ? { errNo: r.errNo } : {}), ...('status' in r ? { status: r.status } : {}) }, 'call notice');
    } catch {
      log.warn({ callId: call.id, notice: 'state_unavailable' }, 'call notice');
    }
  }

  private logFinal(call: Call): void {
    const [rec] = recordsOf(call);
    this.d.log.info(
      { callId: call.id, outcome: rec.outcome, ...(call.reason ? { reason: call.reason } : {}), media: call.media, durationS: rec.durationSeconds },
      'call over',
    );
  }
}
