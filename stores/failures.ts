import type { PlatformError } from '../services/platform/errors';
import { FAILURE_TEXT, type FailureReason } from './messages';

export interface Failure {
  reason: FailureReason;
  title: string;
  detail: string;
  retryable: boolean;
  code?: number;
}

export function failureFor(reason: FailureReason, code?: number): Failure {
  const t = FAILURE_TEXT[reason];
  const f: Failure = { reason, title: t.title, detail: t.detail, retryable: t.retryable };
  if (code !== undefined) f.code = code;
  return f;
}

/** Which failed state a platform error that ends a join leads to. */
export function reasonForError(e: PlatformError): FailureReason {
  if (e.category === 'capability-denied' || e.category === 'component-unavailable') return 'capability-denied';
  if (e.category === 'unsupported') return 'unsupported';
  if (e.category === 'bad-parameter' && e.api === 'createRtcRoomContext') return 'not-configured';
  if (e.category === 'invalid-token') return 'token-expired';
  return 'join-failed';
}

/** Failures the network coming back may cure: worth one automatic retry. */
export function isNetworkish(reason: FailureReason): boolean {
  return reason === 'join-failed' || reason === 'reconnect-exhausted';
}
