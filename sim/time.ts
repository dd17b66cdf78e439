// Time helpers for tests against the simulation.
//
// Trap: under jest's modern fake timers (sinon), a setTimeout(fn, 0) scheduled WHILE timers are running
// fires 1 ms later, not at the same instant. The sim chains 0-delay hops (call → callback → cloud event), so
// `advanceTimersByTimeAsync(0)` is not enough: advance a few ms, or use flush().

/** True when jest modern fake timers are installed. */
function usingFakeTimers(): boolean {
  return typeof (setTimeout as unknown as { clock?: unknown }).clock === 'object';
}

/**
 * Let the simulation settle: with fake timers, advance them by `ms` (default 10, enough for every
 * 0-latency hop) running await continuations; with real timers, wait `ms` for real.
 */
export async function flush(ms = 10): Promise<void> {
  if (usingFakeTimers()) {
    await jest.advanceTimersByTimeAsync(ms);
  } else {
    await new Promise<void>((resolve) => setTimeout(resolve, ms));
  }
}
