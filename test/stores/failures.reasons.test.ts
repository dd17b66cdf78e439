// Which failed state each platform error leads to, and whether the network coming back may cure it.
import { PlatformError, type ErrorCategory } from '../../services/platform/errors';
import { isNetworkish, reasonForError } from '../../stores/failures';
import type { FailureReason } from '../../stores/messages';

test.each<[ErrorCategory, string, FailureReason]>([
  ['capability-denied', 'ctx.joinRtcRoom', 'capability-denied'],
  ['component-unavailable', 'createRtcRoomContext', 'capability-denied'],
  ['unsupported', 'createRtcRoomContext', 'unsupported'],
  ['bad-parameter', 'createRtcRoomContext', 'not-configured'],
  ['bad-parameter', 'ctx.joinRtcRoom', 'join-failed'],
  ['invalid-token', 'ctx.joinRtcRoom', 'token-expired'],
  ['join-failed', 'ctx.joinRtcRoom', 'join-failed'],
  ['timeout', 'ctx.joinRtcRoom', 'join-failed'],
  ['unknown', 'createRtcRoomContext', 'join-failed'],
])('%s from %s → %s', (category, api, reason) => {
  expect(reasonForError(new PlatformError(api, category, undefined, ''))).toBe(reason);
});

test.each<[FailureReason, boolean]>([
  ['join-failed', true],
  ['reconnect-exhausted', true],
  ['token-expired', false],
  ['capability-denied', false],
  ['duplicate-login', false],
  ['kicked', false],
])('isNetworkish(%s) = %p', (reason, networkish) => {
  expect(isNetworkish(reason)).toBe(networkish);
});
