// Who and where: the room as people read it in the navigation bar, on failures and on the recap.
// Rooms have ids only (the token service names none), so the title is a friendly form of the id.
import { ROOM_TITLE } from './messages';

/** Longer ids are shortened in the middle so the bar (≈ 12 CJK characters wide) shows both ends. */
const TITLE_ID_MAX = 14;

/** 「房间 math-101」, 「房间 a1b2c3…e5f6」 for a long id, or the app's default without an id. */
export function roomTitle(roomId: string | null | undefined): string {
  if (!roomId) return ROOM_TITLE.fallback;
  const id = roomId.length > TITLE_ID_MAX ? `${roomId.slice(0, 7)}…${roomId.slice(-4)}` : roomId;
  return ROOM_TITLE.room(id);
}
