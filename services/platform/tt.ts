import type { TtPlatform } from './tt-types';

/**
 * The one loose cast in the app: the global `tt` as our declared subset. Services take a TtPlatform
 * as a parameter (so tests can hand each simulated user its own), and only app wiring calls this.
 */
export function globalPlatform(): TtPlatform {
  const g = globalThis as unknown as { tt?: unknown };
  if (!g.tt) throw new Error('tt is not available: not running inside Douyin');
  return g.tt as TtPlatform;
}
