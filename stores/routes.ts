// Page paths the stores hand to pages for navigation (stores never navigate themselves).
import { buildRoomPath } from '../services/link';

export const HOME_PAGE = '/pages/index/index';
const PREJOIN_PAGE = '/pages/prejoin/prejoin';
export const ROOM_PAGE_PATH = '/pages/room/room';

/** Pre-join for a room, with the invite when there is one (what home, recents and share cards open). */
export function prejoinPath(roomId: string, invite?: string): string {
  return buildRoomPath(invite ? { roomId, invite } : { roomId }, PREJOIN_PAGE);
}

const OUTGOING_CALL_PAGE = '/pages/call/outgoing';
const INCOMING_CALL_PAGE = '/pages/call/incoming';

export function outgoingCallPath(callee: string, media: 'audio' | 'video'): string {
  return `${OUTGOING_CALL_PAGE}?callee=${encodeURIComponent(callee)}&media=${media}`;
}

export function incomingCallPath(callId: string): string {
  return `${INCOMING_CALL_PAGE}?callId=${encodeURIComponent(callId)}`;
}

/** The room page for an accepted call: its room, this user's own token, and the call id (hang-up). */
export function callRoomPath(roomId: string, userId: string, token: string, callId: string): string {
  return buildRoomPath({ roomId, userId, token, callId });
}
