/**
 * One cancellable wait at a time: the reconnect loop sleeps here between attempts. wake() (network
 * back, app shown) or a new sleep cuts the current one short; a dropped waiter is resolved, not
 * leaked, so its loop can see that the lifecycle moved on and end.
 */
export class Waiter {
  private resolveCurrent: (() => void) | null = null;
  private timer: number | undefined;

  /** Resolves after ms, or earlier on wake(). Infinity = until woken. */
  sleep(ms: number): Promise<void> {
    this.wake();
    return new Promise<void>((resolve) => {
      this.resolveCurrent = resolve;
      if (ms !== Infinity) this.timer = setTimeout(() => this.wake(), ms) as unknown as number;
    });
  }

  wake(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const r = this.resolveCurrent;
    this.resolveCurrent = null;
    if (r) r();
  }
}
