// Reconnect timing: exponential backoff with jitter, bounded attempts.

export interface BackoffPolicy {
  baseMs: number;
  factor: number;
  maxMs: number;
  /** 0.3 = each delay is scaled by a random factor in [0.7, 1.3]. */
  jitter: number;
  maxAttempts: number;
}

// 1 s, 2 s, 4 s, 8 s, 15 s, 15 s (± 30 %): about 45 s of trying before we give up and show Retry.
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, factor: 2, maxMs: 15000, jitter: 0.3, maxAttempts: 6 };

/** Delay before attempt n (1-based). `random` is injectable so tests and benchmarks are exact. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * Math.pow(policy.factor, Math.max(0, attempt - 1)));
  const scale = 1 - policy.jitter + 2 * policy.jitter * random();
  return Math.max(0, Math.round(raw * scale));
}
