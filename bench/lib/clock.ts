// A deterministic virtual clock for benchmarks (jest-free): replaces the global timer functions and
// Date.now so the real store, services and simulated runtime run in simulated time.
//
// Unlike sinon's fake timers it never pushes a 0 ms timer to +1 ms, so simulated latencies are exact:
// a chain of two calls with latency L ends at exactly 2L.
import { setImmediate as realSetImmediate } from 'node:timers';

interface Timer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
  /** Interval period, or undefined for a one-shot timer. */
  every?: number;
}

type TimerFn = (...args: unknown[]) => void;

interface SavedGlobals {
  setTimeout: typeof globalThis.setTimeout;
  clearTimeout: typeof globalThis.clearTimeout;
  setInterval: typeof globalThis.setInterval;
  clearInterval: typeof globalThis.clearInterval;
  now: () => number;
}

/** Lets every pending promise continuation run (a real macrotask drains the microtask queue). */
function drainMicrotasks(): Promise<void> {
  return new Promise<void>((resolve) => realSetImmediate(resolve));
}

export class VirtualClock {
  now: number;
  private timers = new Map<number, Timer>();
  private nextId = 1;
  private seq = 0;
  private saved: SavedGlobals | null = null;

  constructor(start = 1_700_000_000_000) {
    this.now = start;
  }

  install(): this {
    if (this.saved) return this;
    const g = globalThis as unknown as Record<string, unknown>;
    this.saved = {
      setTimeout: globalThis.setTimeout,
      clearTimeout: globalThis.clearTimeout,
      setInterval: globalThis.setInterval,
      clearInterval: globalThis.clearInterval,
      now: Date.now,
    };
    const add = (fn: unknown, ms: unknown, every: boolean, args: unknown[]): number => {
      const delay = Math.max(0, Number(ms) || 0);
      const id = this.nextId++;
      const call = (): void => (fn as TimerFn)(...args);
      this.timers.set(id, { id, at: this.now + delay, seq: this.seq++, fn: call, every: every ? Math.max(1, delay) : undefined });
      return id;
    };
    const clear = (id: unknown): void => {
      if (typeof id === 'number') this.timers.delete(id);
    };
    g.setTimeout = (fn: unknown, ms?: unknown, ...args: unknown[]) => add(fn, ms, false, args);
    g.setInterval = (fn: unknown, ms?: unknown, ...args: unknown[]) => add(fn, ms, true, args);
    g.clearTimeout = clear;
    g.clearInterval = clear;
    Date.now = () => this.now;
    return this;
  }

  uninstall(): void {
    const s = this.saved;
    if (!s) return;
    const g = globalThis as unknown as Record<string, unknown>;
    g.setTimeout = s.setTimeout;
    g.clearTimeout = s.clearTimeout;
    g.setInterval = s.setInterval;
    g.clearInterval = s.clearInterval;
    Date.now = s.now;
    this.saved = null;
    this.timers.clear();
  }

  get pending(): number {
    return this.timers.size;
  }

  private nextDue(until: number): Timer | null {
    let best: Timer | null = null;
    for (const t of this.timers.values()) {
      if (t.at > until) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }

  private fire(t: Timer): void {
    this.now = Math.max(this.now, t.at);
    if (t.every !== undefined) {
      t.at += t.every;
      t.seq = this.seq++;
    } else {
      this.timers.delete(t.id);
    }
    t.fn();
  }

  /** Runs timers due up to now + ms in order, letting promise continuations run after each. */
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    await drainMicrotasks();
    for (;;) {
      const t = this.nextDue(until);
      if (!t) break;
      this.fire(t);
      await drainMicrotasks();
    }
    this.now = until;
    await drainMicrotasks();
  }

  /** Advances until `done()` holds (checked after every timer), or throws after `limitMs`. */
  async advanceUntil(done: () => boolean, limitMs: number): Promise<number> {
    const start = this.now;
    const until = start + limitMs;
    await drainMicrotasks();
    while (!done()) {
      const t = this.nextDue(until);
      if (!t) throw new Error(`VirtualClock: condition not met within ${limitMs} ms`);
      this.fire(t);
      await drainMicrotasks();
    }
    return this.now - start;
  }

  /** Synchronous variant for code paths without promises (timing loops): fires due timers only. */
  advanceSync(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const t = this.nextDue(until);
      if (!t) break;
      this.fire(t);
    }
    this.now = until;
  }
}
