// Pure derivation of render-ready tiles from the platform's four full-snapshot lists.
// Kept free of MobX and of the platform so it can be property-tested and benchmarked alone.

export interface Tile {
  /** Also the tt:key. The self tile is the first of the room's tiles (mode camera), remotes mode video. */
  userId: string;
  cameraOn: boolean;
  /** From the speakers list; see SPEAKING_MEANS for what that list really means. */
  speaking: boolean;
  sharing: boolean;
}

/**
 * The docs disagree on whether onRtcChatSpeakersChanged lists people talking or people with the mic
 * on. This is the one place that decides how the UI labels it; change it once verified on a device.
 */
export const SPEAKING_MEANS: 'talking' | 'mic-on' = 'talking';

export interface RoomLists {
  members: readonly string[];
  videoMembers: readonly string[];
  speakers: readonly string[];
  screenMembers: readonly string[];
}

/** What the self tile shows of this device's media (the LocalMedia class in local-media.ts owns the state). */
export interface SelfMedia {
  userId: string;
  /** Camera captured and published (what others can see). */
  cameraOn: boolean;
  micOn: boolean;
}

function toSet(list: readonly string[]): Record<string, true> {
  const s: Record<string, true> = {};
  for (const id of list) s[id] = true;
  return s;
}

/**
 * Remote people in a stable order: members list order first, then anyone who appears only in
 * another list (list events race: a video event can precede the members event).
 */
export function remoteIds(lists: Pick<RoomLists, 'members' | 'videoMembers' | 'screenMembers'>, selfId: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  seen.add(selfId);
  addUnseen(lists.members, seen, out);
  addUnseen(lists.videoMembers, seen, out);
  addUnseen(lists.screenMembers, seen, out);
  return out;
}

/** Runs on every list event for every member: a Set and an indexed loop, no closure or dictionary object. */
function addUnseen(list: readonly string[], seen: Set<string>, out: string[]): void {
  for (let i = 0; i < list.length; i++) {
    const id = list[i];
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  }
}

/** Membership of the lists a tile reads, as sets (the store keeps one per list, rebuilt with that list only). */
export interface ListSets {
  video: ReadonlySet<string>;
  speakers: ReadonlySet<string>;
  screen: ReadonlySet<string>;
}

export function selfTile(local: SelfMedia, speakers: ReadonlySet<string>): Tile {
  return {
    userId: local.userId,
    cameraOn: local.cameraOn,
    // The platform may or may not list self among speakers (unverified): fall back to mic state.
    speaking: local.micOn && (speakers.has(local.userId) || (SPEAKING_MEANS as string) === 'mic-on'),
    sharing: false,
  };
}

export function remoteTile(id: string, sets: ListSets): Tile {
  return {
    userId: id,
    cameraOn: sets.video.has(id),
    speaking: sets.speakers.has(id),
    sharing: sets.screen.has(id),
  };
}

/**
 * Remote sharers, oldest first. `previous` is the last order we saw, so a new sharer goes to the
 * end (the most recent wins the stage) and a sharer who stops is dropped.
 */
export function nextShareOrder(previous: readonly string[], screenMembers: readonly string[], selfId: string): string[] {
  const now = toSet(screenMembers);
  const kept = previous.filter((id) => now[id] && id !== selfId);
  const keptSet = toSet(kept);
  for (const id of screenMembers) {
    if (id !== selfId && !keptSet[id]) {
      kept.push(id);
      keptSet[id] = true;
    }
  }
  return kept;
}

/** Who is on stage: the pinned sharer while still sharing, else the most recent sharer, else nobody. */
export function stageSharer(shareOrder: readonly string[], pinned: string | null): string | null {
  if (pinned && shareOrder.indexOf(pinned) >= 0) return pinned;
  return shareOrder.length ? shareOrder[shareOrder.length - 1] : null;
}

/** Tiles equal by what renders, so an unrelated list event does not recompute the view. */
export function sameTile(x: Tile, y: Tile): boolean {
  return x.userId === y.userId && x.cameraOn === y.cameraOn && x.speaking === y.speaking && x.sharing === y.sharing;
}

export function sameTiles(a: Tile[], b: Tile[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameTile(a[i], b[i])) return false;
  return true;
}
