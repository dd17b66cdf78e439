// Page paths the stores hand to pages for navigation (stores never navigate themselves).
import { buildRoomPath } from '../services/link';

export const HOME_PAGE = '/pages/index/index';
export const PREJOIN_PAGE = '/pages/prejoin/prejoin';
export const ROOM_PAGE_PATH = '/pages/room/room';

/** Pre-join for a room, with the invite when there is one (what home, recents and share cards open). */
export function prejoinPath(roomId: string, invite?: string): string {
  return buildRoomPath(invite ? { roomId, invite } : { roomId }, PREJOIN_PAGE);
}
