// Signed room invites. A member invite: `<expireAt>.<sig>`; a viewer invite: `<expireAt>.v.<sig>`, where
// sig = base64url(HMAC-SHA256(INVITE_SECRET, "invite/v1|roomId|expireAt" + ("|viewer" for viewers))[0..16]).
// The role is inside the signed message, so a viewer invite cannot be turned into a member one.
// Stateless on purpose: no database, and a leaked invite dies on its own at expireAt.
import { createHmac, timingSafeEqual } from 'node:crypto';

// 128 bits of HMAC are plenty against forgery and keep the share link short.
const SIG_BYTES = 16;

export type InviteRole = 'member' | 'viewer';

function sign(secret: string, roomId: string, expireAt: number, role: InviteRole): Buffer {
  const msg = `invite/v1|${roomId}|${expireAt}${role === 'viewer' ? '|viewer' : ''}`;
  return createHmac('sha256', secret).update(msg).digest().subarray(0, SIG_BYTES);
}

export function createInvite(secret: string, roomId: string, expireAt: number, role: InviteRole = 'member'): string {
  const sig = sign(secret, roomId, expireAt, role).toString('base64url');
  return role === 'viewer' ? `${expireAt}.v.${sig}` : `${expireAt}.${sig}`;
}

export type InviteCheck = 'ok' | 'malformed' | 'bad-signature' | 'expired';

export interface ParsedInvite {
  expireAt: number;
  role: InviteRole;
}

const FORMAT = /^([0-9]{1,10})\.(?:(v)\.)?([A-Za-z0-9_-]{22})$/;

/** Expiry and claimed role, before any signature check (never trust the role without checkInvite). */
export function parseInvite(invite: string): ParsedInvite | null {
  const m = FORMAT.exec(invite);
  if (!m || m[1] === undefined) return null;
  return { expireAt: Number(m[1]), role: m[2] === 'v' ? 'viewer' : 'member' };
}

export function checkInvite(secret: string, roomId: string, invite: string, nowSeconds: number): InviteCheck {
  const m = FORMAT.exec(invite);
  if (!m || m[1] === undefined || m[3] === undefined) return 'malformed';
  const expireAt = Number(m[1]);
  const role: InviteRole = m[2] === 'v' ? 'viewer' : 'member';
  const given = Buffer.from(m[3], 'base64url');
  if (given.length !== SIG_BYTES) return 'malformed';
  // Signature first: an attacker learns nothing about expiry from a forged invite.
  if (!timingSafeEqual(given, sign(secret, roomId, expireAt, role))) return 'bad-signature';
  return nowSeconds > expireAt ? 'expired' : 'ok';
}
