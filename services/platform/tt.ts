import type { TtPlatform } from './tt-types';

// Douyin's logic layer (JavaScriptCore on iOS, V8 on Android) provides `tt` as a bare identifier and
// does not promise it on the global object (and `globalThis` itself is missing on iOS < 12.2), so it
// is read by its bare name only, as the official samples do (docs/platform.md, rule R6). Our own
// module-scoped declaration replaces the typings' `tt` type here; it emits nothing.
declare const tt: unknown;

/**
 * The one loose cast in the app: the host's `tt` as our declared subset. Services take a TtPlatform
 * as a parameter (so tests can hand each simulated user its own), and only app wiring calls this.
 */
export function globalPlatform(): TtPlatform {
  if (typeof tt === 'undefined' || !tt) throw new Error('tt is not available: not running inside Douyin');
  return tt as TtPlatform;
}
