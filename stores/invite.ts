// Signed room invites from the token service: `<expireAt>.<base64url signature>` (server/src/auth/invite.ts).
// The client never checks the signature (it has no secret); it only filters junk and reads the expiry
// so a stale invite is not offered as a way back in.

/** Anything else is dropped before it reaches the server. */
const INVITE_PATTERN = /^[A-Za-z0-9._-]{1,256}$/;

export function isValidInvite(v: unknown): v is string {
  return typeof v === 'string' && INVITE_PATTERN.test(v);
}

/** Unix seconds from the invite's prefix, or null when it has none. */
function inviteExpiry(invite: string): number | null {
  const m = /^([0-9]{1,10})\./.exec(invite);
  return m ? Number(m[1]) : null;
}

/** True when the invite's readable expiry has passed (unreadable = assume usable; the server decides). */
export function inviteExpired(invite: string, nowMs: number): boolean {
  const exp = inviteExpiry(invite);
  return exp !== null && exp * 1000 <= nowMs;
}

/** Decodes a query value once; null for a malformed escape or a value that is not an invite. */
export function inviteFromQuery(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let v: string;
  try {
    v = decodeURIComponent(raw);
  } catch (e) {
    return undefined;
  }
  return isValidInvite(v) ? v : undefined;
}
