// The mini-program page path that joins a room with a given token; paste its query part into the
// Douyin IDE's compile mode (启动参数) or open it from a share card.
const ROOM_PAGE = 'pages/room/room';

export function roomSharePath(p: { roomId: string; userId: string; token: string }): string {
  const q = (k: string, v: string) => `${k}=${encodeURIComponent(v)}`;
  return `${ROOM_PAGE}?${q('roomId', p.roomId)}&${q('userId', p.userId)}&${q('token', p.token)}`;
}
