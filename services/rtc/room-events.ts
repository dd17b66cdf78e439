import type { RtcInterruptPayload, RtcStatePayload } from '../platform/tt-types';

/** What a state/interrupt event means for the room. */
export type RoomEventMeaning = 'info' | 'lost' | 'token-expired' | 'duplicate-login' | 'kicked';

/**
 * A state or interrupt event as stores see it: classified here, below the stores, so no store reads
 * the platform's raw payload. `code` is the payload's own code (as sent: number or string), for
 * diagnostics; `message` its text, or a fallback when it has none.
 */
export interface RoomEvent {
  meaning: RoomEventMeaning;
  code?: number | string;
  message: string;
}

// Douyin does not document these codes (docs/platform.md R7). These are the Volcengine native
// room-state codes the platform most likely forwards; unknown codes are logged as 'info'.
const STATE_CODES: Readonly<Record<number, RoomEventMeaning>> = {
  [-1000]: 'token-expired', // invalid token
  [-1009]: 'token-expired', // token expired, removed from the room
  [-1004]: 'duplicate-login', // same userId joined elsewhere
  [-1006]: 'kicked', // removed by the server / admin
  [-1011]: 'kicked', // room dismissed
  [-1001]: 'lost', // join failure reported asynchronously
};

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

function byMessage(msg: string): RoomEventMeaning | undefined {
  if (/duplicate|same user|other device|异地|重复登录/i.test(msg)) return 'duplicate-login';
  if (/token/i.test(msg) && /expire|invalid|过期/i.test(msg)) return 'token-expired';
  if (/kick|dismiss|踢/i.test(msg)) return 'kicked';
  return undefined;
}

// "<api>:fail …": the state event also reports errors of API calls (R7); those never end a call.
const API_ERROR = /^[\w.]+:fail/;

/**
 * onRtcStateChange(d) carries state and API errors with undocumented text (R7): only a room-state
 * code we know changes the room; everything else, and any text, is diagnostics.
 */
export function classifyStateEvent(p: RtcStatePayload): RoomEvent {
  const code = p.errNo !== undefined ? p.errNo : p.code !== undefined ? p.code : p.errCode;
  let meaning: RoomEventMeaning = 'info';
  if (!API_ERROR.test(p.errMsg || '')) {
    const n = num(p.errNo) !== undefined ? num(p.errNo) : num(p.code) !== undefined ? num(p.code) : num(p.errCode);
    meaning = (n !== undefined && STATE_CODES[n]) || 'info';
  }
  return withCode({ meaning, message: p.errMsg || meaning }, code);
}

/** onRtcChatInterrupted always means we are out of the room; the payload may say why. */
export function classifyInterruption(p: RtcInterruptPayload): RoomEvent {
  const n = num(p.errNo) !== undefined ? num(p.errNo) : num(p.errCode);
  const byCode = n !== undefined ? STATE_CODES[n] : undefined;
  const meaning = (byCode && byCode !== 'info' ? byCode : byMessage(p.errMsg || '')) || 'lost';
  return withCode({ meaning, message: p.errMsg || 'interrupted' }, p.errNo !== undefined ? p.errNo : p.errCode);
}

function withCode(e: RoomEvent, code: number | string | undefined): RoomEvent {
  if (code !== undefined) e.code = code;
  return e;
}
