// Pure mapping from platform facts to pre-join check lines (state + plain Chinese result).
// 'fail' means "cannot join" (blocks the button); 'warn' means "can join, but know this".
import type { TokenExpiry } from '../services/link-token';
import { compareVersion, MIN_RTC_SDK_VERSION } from '../services/device';
import type { LinkProblem } from '../services/link';
import type { PermissionState } from '../services/permissions';
import type { PlatformError } from '../services/platform/errors';
import type { NetworkType } from '../services/platform/tt-types';
import { TokenServiceError } from '../services/token-client';
import { COMPONENT_ERROR_TEXT, LINK_PROBLEM_TEXT, PREJOIN_TEXT, type CheckState } from './messages';

export type CheckId = 'link' | 'token' | 'version' | 'capability' | 'camera' | 'mic' | 'network';
export const CHECK_ORDER: readonly CheckId[] = ['link', 'token', 'version', 'capability', 'camera', 'mic', 'network'];

export interface CheckLine {
  state: CheckState;
  text: string;
}

export const PENDING: CheckLine = { state: 'pending', text: PREJOIN_TEXT.checking };

export function linkLine(roomId: string | null, problems: LinkProblem[]): CheckLine {
  if (roomId && problems.length === 0) return { state: 'ok', text: PREJOIN_TEXT.linkOk(roomId) };
  return { state: 'fail', text: problems.map((p) => LINK_PROBLEM_TEXT[p]).join('；') };
}

/** expireAt in unix seconds (Infinity = never expires), or null when the token cannot be read without the key. */
export function tokenLine(expireAt: TokenExpiry, nowMs: number): CheckLine {
  if (expireAt === 'unreadable') return { state: 'warn', text: PREJOIN_TEXT.tokenUnreadable };
  if (expireAt === null) return { state: 'ok', text: PREJOIN_TEXT.tokenOk };
  const leftMs = expireAt * 1000 - nowMs;
  if (leftMs <= 0) return { state: 'fail', text: PREJOIN_TEXT.tokenExpired };
  return { state: 'ok', text: PREJOIN_TEXT.tokenOkFor(Math.round(leftMs / 60000)) };
}

/** What the token service's refusal means to the person holding the link. Retryable = a network problem. */
export function tokenErrorLine(e: unknown): CheckLine & { retryable: boolean } {
  if (e instanceof TokenServiceError) {
    if (e.kind === 'network' || e.kind === 'timeout') return { state: 'fail', text: PREJOIN_TEXT.tokenNetwork, retryable: true };
    if (e.code === 'invite_required') return { state: 'fail', text: PREJOIN_TEXT.tokenInviteNeeded, retryable: false };
    if (e.code === 'invalid_invite') return { state: 'fail', text: PREJOIN_TEXT.tokenInviteInvalid, retryable: false };
    if (e.code === 'invite_expired') return { state: 'fail', text: PREJOIN_TEXT.tokenInviteExpired, retryable: false };
    if (e.code === 'login_required' || e.code === 'login_failed' || e.code === 'invalid_login_code') {
      return { state: 'fail', text: PREJOIN_TEXT.tokenLoginRequired, retryable: true };
    }
  }
  return { state: 'fail', text: PREJOIN_TEXT.tokenRejected, retryable: true };
}

export function versionLine(sdkVersion: string | undefined): CheckLine {
  if (!sdkVersion) return { state: 'warn', text: PREJOIN_TEXT.versionUnknown };
  if (compareVersion(sdkVersion, MIN_RTC_SDK_VERSION) < 0) {
    return { state: 'fail', text: PREJOIN_TEXT.versionTooOld };
  }
  return { state: 'ok', text: PREJOIN_TEXT.versionOk };
}

/** From createRtcRoom's PlatformError (116183, missing API, no AppId), or null when it worked. */
export function capabilityLine(e: PlatformError | null): CheckLine {
  if (!e) return { state: 'ok', text: PREJOIN_TEXT.capabilityOk };
  if (e.category === 'unsupported') return { state: 'fail', text: PREJOIN_TEXT.capabilityUnsupported };
  if (e.category === 'bad-parameter') return { state: 'fail', text: PREJOIN_TEXT.notConfigured };
  return { state: 'fail', text: PREJOIN_TEXT.capabilityDenied };
}

/** <rtc-room binderror> on the preview: the component cannot show video here (§2.4). */
export function componentErrorLine(code: number | undefined): CheckLine {
  return { state: 'fail', text: (code !== undefined && COMPONENT_ERROR_TEXT[code]) || PREJOIN_TEXT.capabilityDenied };
}

export function permissionLine(kind: 'camera' | 'mic', state: PermissionState): CheckLine {
  if (state === 'granted') return { state: 'ok', text: PREJOIN_TEXT.granted };
  if (state === 'refused') return { state: 'warn', text: kind === 'camera' ? PREJOIN_TEXT.refusedCamera : PREJOIN_TEXT.refusedMic };
  return { state: 'warn', text: PREJOIN_TEXT.neverAsked };
}

export function networkLine(connected: boolean, type: NetworkType): CheckLine {
  if (!connected || type === 'none') return { state: 'fail', text: PREJOIN_TEXT.networkNone };
  if (type === '2g') return { state: 'warn', text: PREJOIN_TEXT.networkSlow(type.toUpperCase()) };
  return { state: 'ok', text: PREJOIN_TEXT.networkOk(type) };
}
