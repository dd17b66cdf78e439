// Signed room invites: `<expireAt>.<base64url(HMAC-SHA256(INVITE_SECRET, "invite/v1|roomId|expireAt")[0..16])>`.
// Stateless on purpose: no database, and a leaked invite dies on its own at expireAt.
import { createHmac, timingSafeEqual } from 'node:crypto';

// 128 bits of HMAC are plenty against forgery and keep the share link short.
const SIG_BYTES = 16;

function sign(secret: string, roomId: string, expireAt: number): Buffer {
  return createHmac('sha256', secret).update(`invite/v1|${roomId}|${expireAt}`).digest().subarray(0, SIG_BYTES);
}

export function createInvite(secret: string, roomId: string, expireAt: number): string {
  return `${expireAt}.${sign(secret, roomId, expireAt).toString('base64url')}`;
}

export type InviteCheck = 'ok' | 'malformed' | 'bad-signature' | 'expired';

export function checkInvite(secret: string, roomId: string, invite: string, nowSeconds: number): InviteCheck {
  const m = /^([0-9]{1,10})\.([A-Za-z0-9_-]{22})$/.exec(invite);
  if (!m || m[1] === undefined || m[2] === undefined) return 'malformed';
  const expireAt = Number(m[1]);
  const given = Buffer.from(m[2], 'base64url');
  if (given.length !== SIG_BYTES) return 'malformed';
  // Signature first: an attacker learns nothing about expiry from a forged invite.
  if (!timingSafeEqual(given, sign(secret, roomId, expireAt))) return 'bad-signature';
  return nowSeconds > expireAt ? 'expired' : 'ok';
}
