// Room links: `pages/room/room?roomId=…&userId=…&token=…` (token URL-encoded once).

import type { LinkTokenProblem } from './link-token';

/** Volcengine rule for roomId/userId: 1–128 of letters, digits, @ . _ - */
export const ID_PATTERN = /^[a-zA-Z0-9@._-]{1,128}$/;
/** Real tokens are ~150–400 characters; anything far longer is not a token. */
const MAX_TOKEN_LENGTH = 2048;

const ROOM_PAGE = '/pages/room/room';

export type LinkProblem =
  | 'missing-room'
  | 'invalid-room'
  | 'missing-user'
  | 'invalid-user'
  | 'missing-token'
  | 'invalid-token'
  | 'undecodable-token'
  // What the token itself says does not fit (services/link-token.ts). Expiry is not a link problem.
  | Exclude<LinkTokenProblem, 'token-expired'>;

export interface RoomLink {
  roomId: string;
  userId: string;
  token: string;
}

export type LinkResult = { ok: true; link: RoomLink } | { ok: false; problems: LinkProblem[] };

export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && ID_PATTERN.test(id);
}

/** Printable ASCII without spaces: what a Volcengine token (and any sane token) looks like. */
function isSaneToken(token: unknown): token is string {
  return typeof token === 'string' && token.length > 0 && token.length <= MAX_TOKEN_LENGTH && /^[\x21-\x7e]+$/.test(token);
}

function decodeOnce(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch (e) {
    return null;
  }
}

/**
 * Validates a page query before anything touches the platform. Values are decoded exactly once
 * (the link encodes them once; base64 and valid ids have no '%', so a value the host already
 * decoded survives).
 */
export function parseRoomLink(query: Record<string, string | undefined> | undefined | null): LinkResult {
  const q = query || {};
  const problems: LinkProblem[] = [];
  // Ids are decoded once too: a link builder may have escaped '@' as %40. A bad escape stays as-is
  // and then fails the id pattern.
  const roomId = q.roomId === undefined ? undefined : decodeOnce(q.roomId) || q.roomId;
  const userId = q.userId === undefined ? undefined : decodeOnce(q.userId) || q.userId;
  if (roomId === undefined || roomId === '') problems.push('missing-room');
  else if (!isValidId(roomId)) problems.push('invalid-room');
  if (userId === undefined || userId === '') problems.push('missing-user');
  else if (!isValidId(userId)) problems.push('invalid-user');
  let token: string | null = null;
  if (q.token === undefined || q.token === '') problems.push('missing-token');
  else {
    token = decodeOnce(q.token);
    if (token === null) problems.push('undecodable-token');
    else if (!isSaneToken(token)) problems.push('invalid-token');
  }
  if (problems.length > 0 || token === null) return { ok: false, problems };
  return { ok: true, link: { roomId: roomId as string, userId: userId as string, token } };
}

/** The path a share card or the CLI puts in front of people. */
export function buildRoomPath(params: Record<string, string>, page: string = ROOM_PAGE): string {
  const parts: string[] = [];
  for (const k of Object.keys(params)) parts.push(`${k}=${encodeURIComponent(params[k])}`);
  return parts.length ? `${page}?${parts.join('&')}` : page;
}
