import type { PlatformError } from '../services/platform/errors';
import type { LinkProblem } from '../services/link';
import { FAILURE_TEXT, LINK_REFUSAL_TEXT, type FailureReason } from './messages';

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

/**
 * The failed state for a refused link, titled by its cause: a bad room or user id is 「链接无效」,
 * a token that belongs elsewhere says where, and a missing, cut or garbled token is 「链接不完整」.
 */
export function linkFailure(problems: LinkProblem[]): Failure {
  const f = failureFor('invalid-link');
  const has = (p: LinkProblem): boolean => problems.indexOf(p) >= 0;
  if (has('missing-room') || has('invalid-room') || has('missing-user') || has('invalid-user')) return f;
  const t = has('token-other-app')
    ? LINK_REFUSAL_TEXT.otherApp
    : has('token-other-room')
      ? LINK_REFUSAL_TEXT.otherRoom
      : has('token-other-user')
        ? LINK_REFUSAL_TEXT.otherUser
        : LINK_REFUSAL_TEXT.incomplete;
  f.title = t.title;
  f.detail = t.detail;
  return f;
}
