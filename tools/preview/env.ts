// What the preview needs outside jest: a DOM for miniprogram-simulate (jsdom) and a fake clock for the
// simulated runtime, so states are reached in simulated time and every run renders the same pictures.

import { JSDOM } from 'jsdom';
import type { Clock } from '../../sim/render/render-page';

/** Make jsdom's window the global DOM (what jest's jsdom environment does for tests). Idempotent. */
export function installDom(): void {
  const G = globalThis as unknown as Record<string, unknown>;
  if (G.document) return;
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { pretendToBeVisual: true });
  const win = dom.window as unknown as Record<string, unknown>;
  const names = ['window', 'document', 'Node', 'Element', 'HTMLElement', 'Text', 'Event', 'CustomEvent', 'TouchEvent', 'getComputedStyle'];
  for (const name of names) {
    const value = name === 'window' ? dom.window : win[name];
    if (value !== undefined) Object.defineProperty(G, name, { value, configurable: true, writable: true });
  }
}

// ---- @sinonjs/fake-timers (jest's own fake-timer engine, installed with jest; it ships no types) ----

/** The part of @sinonjs/fake-timers' clock the preview uses. */
interface SinonClock {
  now: number;
  tickAsync(ms: number): Promise<number>;
  setSystemTime(now: number): void;
  uninstall(): void;
}
interface SinonFakeTimers {
  install(config: { now: number; toFake: string[] }): SinonClock;
}

export interface InstalledClock extends Clock {
  uninstall(): void;
}

/**
 * Fake setTimeout/setInterval/Date on globalThis starting at `now`. setImmediate and nextTick stay real,
 * so promise continuations run between timers (like jest's advanceTimersByTimeAsync).
 */
export function installClock(now: number): InstalledClock {
  // Library boundary: untyped package, shape asserted by SinonFakeTimers.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const timers = require('@sinonjs/fake-timers') as SinonFakeTimers;
  const clock = timers.install({ now, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  return {
    advance: async (ms) => {
      await clock.tickAsync(ms);
    },
    jump: (ms) => clock.setSystemTime(clock.now + ms),
    uninstall: () => clock.uninstall(),
  };
}

/**
 * Run a CLI entry point. With fake timers, awaiting something only simulated time resolves empties the
 * event loop and Node would exit 0 without a word: report that as a failure instead.
 */
export function runCli(main: () => Promise<void>): void {
  let finished = false;
  process.on('exit', (code) => {
    if (!finished && code === 0) {
      console.error('preview: a state never finished (it awaits something that only simulated time resolves: advance the clock first)');
      process.exitCode = 1;
    }
  });
  main().then(
    () => {
      finished = true;
    },
    (e: unknown) => {
      finished = true;
      console.error(e instanceof Error ? e.stack || e.message : e);
      process.exitCode = 1;
    },
  );
}
