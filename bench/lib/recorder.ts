// A setData target that measures what crosses the logic → render bridge: call times and the JSON
// byte length of each patch, and applies the patch with real mini-program path semantics so the
// bench can check the rendered data ends up equal to the store's view.
import { applySetData } from '../../sim/mini-program';
import type { SetDataTarget } from '../../view/binding';

const FRAME_MS = 16;

export interface SetDataStats {
  calls: number;
  bytes: number;
  /** Most setData calls inside any 16 ms window (half-open, sliding). */
  maxPerFrame: number;
}

export class SetDataRecorder implements SetDataTarget {
  data: Record<string, unknown> = {};
  readonly times: number[] = [];
  bytes = 0;

  constructor(private readonly apply = true) {}

  setData(patch: Record<string, unknown>, callback?: () => void): void {
    this.times.push(Date.now());
    this.bytes += Buffer.byteLength(JSON.stringify(patch), 'utf8');
    if (this.apply) applySetData(this.data, patch);
    // As on the platform (and sim/mini-program.ts): the callback runs after the render, asynchronously.
    if (callback) setTimeout(callback, 0);
  }

  stats(): SetDataStats {
    return { calls: this.times.length, bytes: this.bytes, maxPerFrame: maxPerWindow(this.times, FRAME_MS) };
  }
}

/** Largest number of timestamps in any window [t, t + windowMs). `times` must be ascending. */
function maxPerWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi] - times[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
