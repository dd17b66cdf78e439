// What a room link's token says, read without the key (services/token-info.ts), checked against the
// link and the app before anything touches the platform. The RTC server would refuse each of these
// with one opaque 21101; here the person holding the link learns which one it is.
import { readTokenInfo, type TokenInfo } from './token-info';

export type LinkTokenProblem = 'token-unreadable' | 'token-other-app' | 'token-other-room' | 'token-other-user' | 'token-expired';

export type LinkTokenCheck =
  | { ok: true; info: TokenInfo; /** unix seconds; null = never */ expireAt: number | null }
  | { ok: false; problem: LinkTokenProblem };

/** A token's expiry as read without the key: unix seconds, null = never expires, or unreadable. */
export type TokenExpiry = number | null | 'unreadable';

/** The one adapter the pages hand to stores (room and pre-join agree: null = never expires). */
export function readTokenExpiry(token: string): TokenExpiry {
  const info = readTokenInfo(token);
  return info ? tokenExpiry(info) : 'unreadable';
}

/**
 * When the token stops working, in unix seconds, or null for never: the earliest of the token-level
 * expireAt and the privileges' expiries, 0 meaning "no expiry" for each (Volcengine token format).
 * A publish or subscribe right that ran out ends the call as surely as the token itself.
 */
function tokenExpiry(info: TokenInfo): number | null {
  let min = info.expireAt > 0 ? info.expireAt : Infinity;
  for (const id of Object.keys(info.privileges)) {
    const ts = info.privileges[Number(id)];
    if (ts > 0 && ts < min) min = ts;
  }
  return isFinite(min) ? min : null;
}

/**
 * Checks a link token against the link's room and user and the app's own AppId. The AppId is not
 * signed, and we never join with one read from a link: a crafted link must not send the camera into
 * a stranger's RTC app. roomId "*" is Volcengine's documented wildcard token (通配 Token).
 * Order: unreadable, then which app, room, user, and last expiry (the only one a token service can cure).
 */
export function checkLinkToken(token: string, expected: { roomId: string; userId: string; appId: string }, nowMs: number): LinkTokenCheck {
  const info = readTokenInfo(token);
  if (!info) return { ok: false, problem: 'token-unreadable' };
  if (info.appId !== expected.appId) return { ok: false, problem: 'token-other-app' };
  if (info.roomId !== expected.roomId && info.roomId !== '*') return { ok: false, problem: 'token-other-room' };
  if (info.userId !== expected.userId) return { ok: false, problem: 'token-other-user' };
  const expireAt = tokenExpiry(info);
  if (expireAt !== null && expireAt * 1000 <= nowMs) return { ok: false, problem: 'token-expired' };
  return { ok: true, info, expireAt };
}

export type TokenRole = 'member' | 'viewer';

/**
 * What the token lets its holder do: a token without any publish privilege (ids 0..3) is a viewer's,
 * subscribe-only (the token service mints those for viewer invites). Unreadable → member (the RTC
 * server is the judge then).
 */
export function roleOfToken(token: string): TokenRole {
  const info = readTokenInfo(token);
  if (!info) return 'member';
  for (const id of [0, 1, 2, 3]) if (info.privileges[id] !== undefined) return 'member';
  return 'viewer';
}
