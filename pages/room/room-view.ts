import { LINK_PROBLEM_TEXT, SPEAKING_LABEL } from '../../stores/messages';
import type { RoomStore } from '../../stores/room-store';
import { SPEAKING_MEANS, type Tile } from '../../stores/tiles';
import { selectRoomExtras, type RoomExtras, type RoomExtrasView } from './room-extras';

export interface TileView {
  /**
   * Also the tt:key. Tile.key is left out: it equals userId for every tile the view shows, and a
   * departure re-sends the whole remotes array, so each byte per tile counts (docs/perf.md).
   */
  userId: string;
  cameraOn: boolean;
  speaking: boolean;
  sharing: boolean;
  /** Placeholder text when the camera is off: the first two characters of the id. */
  initials: string;
}

/** Everything room.ttml binds to, as plain JSON (the binding diffs it path by path). */
export interface RoomView extends Record<string, unknown>, RoomExtrasView {
  phase: string;
  banner: { kind: string; text: string } | null;
  failure: { title: string; detail: string; retryable: boolean; problems: string[] } | null;
  self: TileView | null;
  remotes: TileView[];
  stage: { userId: string; others: string[] } | null;
  controls: { micOn: boolean; cameraOn: boolean; front: boolean; speaker: boolean; audioOnly: boolean };
  listenOnly: boolean;
  permissionHint: boolean;
  memberCount: number;
  speakingLabel: string;
}

function tileView(t: Tile): TileView {
  return {
    userId: t.userId,
    cameraOn: t.cameraOn,
    speaking: t.speaking,
    sharing: t.sharing,
    initials: t.userId.slice(0, 2).toUpperCase(),
  };
}

/** extras: the leave recap, invitation and diagnostics sheet (room-extras.ts); absent in bare tests. */
export function selectRoomView(store: RoomStore, extras?: RoomExtras): RoomView {
  const media = store.media;
  const tiles = store.tiles;
  const inRoomish = store.phase === 'joining' || store.phase === 'preparing' || store.inRoom;
  const failure = store.failure;
  return {
    phase: store.phase,
    banner: store.banner,
    failure: failure
      ? {
          title: failure.title,
          detail: failure.detail,
          retryable: failure.retryable,
          problems: store.linkProblems.map((p) => LINK_PROBLEM_TEXT[p]),
        }
      : null,
    self: inRoomish && tiles.length ? tileView(tiles[0]) : null,
    remotes: inRoomish ? tiles.slice(1).map(tileView) : [],
    stage: store.stage,
    controls: {
      micOn: store.micShownOn,
      cameraOn: store.cameraShownOn,
      front: media.facing === 'front',
      speaker: media.route === 'speakerphone',
      audioOnly: media.audioOnly,
    },
    listenOnly: media.camera === 'refused' && media.mic === 'refused',
    permissionHint: media.camera === 'refused' || media.mic === 'refused',
    memberCount: store.memberCount,
    speakingLabel: SPEAKING_LABEL[SPEAKING_MEANS],
    ...selectRoomExtras(store, extras),
  };
}

/** mm:ss, or h:mm:ss past an hour. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}
