// Brings the platform's subscriptions to the plan, without a storm: changes wait for a quiet moment
// (but never longer than maxWaitMs), run one at a time, unsubscribes first, and at most
// maxOpsPerSecond calls go out. If the platform refuses streamType 'audio'/'video' (only 'both' is
// documented), it falls back to 'both' for the people on screen and says so in the diagnostics log.
import { isPlatformError, toPlatformError } from '../services/platform/errors';
import type { RtcRoom } from '../services/rtc/rtc-room';
import type { SubscriptionPlan } from './subscription-plan';

export interface SubscriptionSyncOptions {
  /** Quiet time before a change is applied (ms). */
  debounceMs?: number;
  /** Under constant churn a change is applied at the latest this long after it came (ms). */
  maxWaitMs?: number;
  maxOpsPerSecond?: number;
  /** Diagnostics: what was refused, and the fallback. */
  log(message: string, code?: number): void;
}

type Kind = 'audio' | 'video' | 'both' | 'screen';
interface Op {
  userId: string;
  kind: Kind;
  on: boolean;
}

const EMPTY: SubscriptionPlan = { screen: [], video: [], audio: [], both: [] };

export class SubscriptionSync {
  /** 'split' subscribes audio and video apart; 'both' after the platform refused that. */
  mode: 'split' | 'both' = 'split';
  /** Platform calls made (for the bench and diagnostics). */
  calls = 0;

  private rtc: RtcRoom | null = null;
  private desired: SubscriptionPlan = EMPTY;
  /** Where the plan comes from (follow), and whether it changed since `desired` was read from it. */
  private source: () => SubscriptionPlan = () => EMPTY;
  private stale = false;
  private applied: Record<Kind, Set<string>> = fresh();
  private timer: number | undefined;
  /** When the armed timer fires, and when the flush is due (later while changes keep coming). */
  private timerAt = 0;
  private dueAt = 0;
  private pendingSince: number | null = null;
  /** The context a round is running on (one call at a time per context); null: none. */
  private running: RtcRoom | null = null;
  private readonly sent: number[] = [];
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly maxOps: number;
  private readonly log: (message: string, code?: number) => void;

  constructor(options: SubscriptionSyncOptions) {
    this.debounceMs = options.debounceMs === undefined ? 300 : options.debounceMs;
    this.maxWaitMs = options.maxWaitMs === undefined ? 1000 : options.maxWaitMs;
    this.maxOps = options.maxOpsPerSecond === undefined ? 10 : options.maxOpsPerSecond;
    this.log = options.log;
  }

  /** A joined context: it starts with nothing subscribed (autoSubscribe: false); the plan applies now. */
  attach(rtc: RtcRoom): void {
    this.rtc = rtc;
    this.applied = fresh();
    // The whole current plan, including what the last context refused (giveUp).
    this.stale = true;
    this.schedule(0);
  }

  /** The context is gone: forget what it had. */
  detach(): void {
    this.rtc = null;
    this.applied = fresh();
    this.cancelTimer();
    this.pendingSince = null;
  }

  /** Brings the platform to this plan (after the quiet time). */
  update(plan: SubscriptionPlan): void {
    this.follow(() => plan);
  }

  /**
   * Takes the plan from `plan()`, read when the sync needs it, not on every change: the inputs change
   * many times a second (who talks) and cost one plan per flush instead of one per event. Call
   * changed() when an input changes.
   */
  follow(plan: () => SubscriptionPlan): void {
    this.source = plan;
    this.changed();
  }

  /** Something the plan depends on changed: flush after the quiet time (but within maxWaitMs). */
  changed(): void {
    this.stale = true;
    if (!this.rtc) return;
    const now = Date.now();
    if (this.pendingSince === null) this.pendingSince = now;
    // Debounced, but bounded: constant churn still converges within maxWaitMs.
    const wait = Math.min(this.debounceMs, Math.max(0, this.pendingSince + this.maxWaitMs - now));
    this.schedule(wait);
  }

  /**
   * Flush `ms` from now. One timer, re-armed only when it would fire too early when it comes due (not
   * on every change): a speaker event every few hundred ms costs no timer calls.
   */
  private schedule(ms: number): void {
    const dueAt = Date.now() + ms;
    this.dueAt = dueAt;
    if (this.timer !== undefined && this.timerAt <= dueAt) return;
    this.arm(dueAt);
  }

  private arm(at: number): void {
    this.cancelTimer();
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (Date.now() < this.dueAt) {
        this.arm(this.dueAt);
        return;
      }
      this.pendingSince = null;
      this.flush();
    }, at - Date.now()) as unknown as number;
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    const rtc = this.rtc;
    if (!rtc) return;
    // The round running on this context reads the plan afresh at each step (stale): it takes the change.
    if (this.running === rtc) return;
    // A round still waiting on a replaced context's call (its answer may never come) must not hold
    // back the new context: that round ends at its next step.
    this.running = rtc;
    const next = (): void => {
      if (this.rtc !== rtc) {
        if (this.running === rtc) this.running = null;
        return;
      }
      const op = this.nextOp();
      if (!op) {
        this.running = null;
        return;
      }
      const wait = this.rateWait();
      if (wait > 0) {
        setTimeout(next, wait);
        return;
      }
      this.sent.push(Date.now());
      this.calls++;
      this.run(rtc, op).then(next);
    };
    next();
  }

  /** ms until another call may go out under maxOpsPerSecond. */
  private rateWait(): number {
    const now = Date.now();
    while (this.sent.length && now - this.sent[0] >= 1000) this.sent.shift();
    return this.sent.length < this.maxOps ? 0 : 1000 - (now - this.sent[0]);
  }

  /** The next difference between plan and platform: removals first, so caps are never exceeded. */
  private nextOp(): Op | null {
    const want = this.wanted();
    const kinds: Kind[] = ['screen', 'both', 'video', 'audio'];
    for (const kind of kinds) {
      for (const id of this.applied[kind]) if (!want[kind].has(id)) return { userId: id, kind, on: false };
    }
    for (const kind of kinds) {
      for (const id of want[kind]) if (!this.applied[kind].has(id)) return { userId: id, kind, on: true };
    }
    return null;
  }

  private wanted(): Record<Kind, Set<string>> {
    // Each call works towards the newest plan: a change during a round redirects the rest of it.
    if (this.stale) {
      this.desired = this.source();
      this.stale = false;
    }
    const d = this.desired;
    if (this.mode === 'both') return { screen: new Set(d.screen), both: new Set(d.both), video: new Set(), audio: new Set() };
    return { screen: new Set(d.screen), both: new Set(), video: new Set(d.video), audio: new Set(d.audio) };
  }

  private run(rtc: RtcRoom, op: Op): Promise<void> {
    const call =
      op.kind === 'screen' ? rtc.setScreenSubscribeState(op.userId, op.on, 'both') : rtc.setSubscribeState(op.userId, op.on, op.kind);
    return call.then(
      () => {
        if (this.rtc !== rtc) return;
        if (op.on) this.applied[op.kind].add(op.userId);
        else this.applied[op.kind].delete(op.userId);
      },
      (e: unknown) => {
        if (this.rtc !== rtc) return;
        const err = toPlatformError('changeStreamSubscribeState', e);
        if ((op.kind === 'audio' || op.kind === 'video') && isPlatformError(err, 'bad-parameter') && this.mode === 'split') {
          this.mode = 'both';
          this.log(`streamType '${op.kind}' refused: subscribing 'both' for the people on screen only`, err.code);
          return;
        }
        // Left as it is; the next plan change tries again (no retry loop against a refusal).
        this.log(`subscribe ${op.kind} ${op.on ? 'on' : 'off'} ${op.userId}: ${err.rawMessage || err.category}`, err.code);
        if (op.on) this.giveUp(op);
        else this.applied[op.kind].delete(op.userId);
      },
    );
  }

  /** A refused subscribe is dropped from this round's plan so the loop moves on. */
  private giveUp(op: Op): void {
    const d = this.desired;
    const drop = (list: string[]): string[] => list.filter((id) => id !== op.userId);
    if (op.kind === 'screen') this.desired = { ...d, screen: drop(d.screen) };
    else if (op.kind === 'both') this.desired = { ...d, both: drop(d.both) };
    else if (op.kind === 'video') this.desired = { ...d, video: drop(d.video) };
    else this.desired = { ...d, audio: drop(d.audio) };
  }
}

function fresh(): Record<Kind, Set<string>> {
  return { audio: new Set(), video: new Set(), both: new Set(), screen: new Set() };
}
