import { LINK_PROBLEM_TEXT, SPEAKING_LABEL } from '../stores/messages';
import { isInRoom, type RoomStore } from '../stores/room-store';
import { SPEAKING_MEANS, type Tile } from '../stores/tiles';
import type { ViewSection } from './binding';
import { selectRoomExtras, selectRoomUiSection, type RoomExtras, type RoomExtrasView } from './room-extras';

interface TileView {
  /**
   * Also the tt:key (a Tile has no separate key: it was always the userId). A
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
  /** The paged grid: 1-based page shown and how many; only that page's tiles are in `remotes`. */
  grid: { page: number; pages: number };
  /** A screen share on stage shown full screen (landscape, rotated when the page cannot rotate). */
  stageFull: boolean;
  /** Joined with a viewer invite: watching only, no mic or camera controls, no own tile. */
  viewer: boolean;
}

/** Last tile view per user, per store: an unchanged tile keeps its (frozen) view object. */
interface TileViewCache {
  byUser: Record<string, TileView>;
  size: number;
  /** Last frame's parts that are rebuilt every frame but rarely change: kept (frozen) while equal. */
  remotes: TileView[] | null;
  controls: RoomView['controls'] | null;
  grid: RoomView['grid'] | null;
}
const tileViewCache = new WeakMap<RoomStore, TileViewCache>();

/**
 * The same frozen object while the tile renders the same, so the binding copies it once and its
 * diff skips it by identity: a 50-tile room with one speaker flip compares 50 references, not 250 fields.
 */
function tileView(t: Tile, cache: TileViewCache): TileView {
  const old = cache.byUser[t.userId];
  if (old && old.cameraOn === t.cameraOn && old.speaking === t.speaking && old.sharing === t.sharing) return old;
  const view: TileView = Object.freeze({
    userId: t.userId,
    cameraOn: t.cameraOn,
    speaking: t.speaking,
    sharing: t.sharing,
    initials: t.userId.slice(0, 2).toUpperCase(),
  });
  if (!old) cache.size++;
  cache.byUser[t.userId] = view;
  return view;
}

function tileViews(store: RoomStore, self: Tile, page: readonly Tile[]): { self: TileView | null; remotes: TileView[] } {
  let cache = tileViewCache.get(store);
  // Rebuilt from scratch when the previous one holds many departed users, so it stays bounded.
  if (!cache || cache.size > 2 * (page.length + 1) + 16) {
    // Only the per-user views go: the frame parts are still what was sent last.
    cache = cache
      ? { byUser: {}, size: 0, remotes: cache.remotes, controls: cache.controls, grid: cache.grid }
      : { byUser: {}, size: 0, remotes: null, controls: null, grid: null };
    tileViewCache.set(store, cache);
  }
  const remotes: TileView[] = new Array(page.length);
  for (let i = 0; i < page.length; i++) remotes[i] = tileView(page[i], cache);
  cache.remotes = keepList(cache.remotes, remotes);
  return { self: tileView(self, cache), remotes: cache.remotes };
}

function memo(store: RoomStore): TileViewCache {
  let cache = tileViewCache.get(store);
  if (!cache) {
    cache = { byUser: {}, size: 0, remotes: null, controls: null, grid: null };
    tileViewCache.set(store, cache);
  }
  return cache;
}

/**
 * The previous (frozen) object while `next` has the same fields and values, else `next` frozen: the
 * binding then copies it once and its diff skips it by identity (flat objects of primitives only).
 */
function keep<T extends object>(prev: T | null, next: T): T {
  if (prev) {
    const a = prev as Record<string, unknown>;
    const b = next as Record<string, unknown>;
    const keys = Object.keys(b);
    let same = keys.length === Object.keys(a).length;
    for (let i = 0; same && i < keys.length; i++) same = a[keys[i]] === b[keys[i]];
    if (same) return prev;
  }
  return Object.freeze(next);
}

/** The same for a list of frozen tile views: the previous list while it holds the same objects. */
function keepList(prev: TileView[] | null, next: TileView[]): TileView[] {
  if (prev && prev.length === next.length) {
    let same = true;
    for (let i = 0; same && i < next.length; i++) same = prev[i] === next[i];
    if (same) return prev;
  }
  return Object.freeze(next) as TileView[];
}

/** Who is on screen: my tile, the page's tiles, the pager and the count (what list events change). */
function selectTiles(store: RoomStore): Pick<RoomView, 'self' | 'remotes' | 'grid' | 'memberCount'> {
  // Each observable read once (this runs on most platform events).
  const phase = store.phase;
  const viewer = store.role === 'viewer';
  const count = store.memberCount;
  const grid = store.grid;
  const inRoomish = phase === 'joining' || phase === 'preparing' || isInRoom(phase);
  const m = memo(store);
  m.grid = keep(m.grid, { page: grid.currentPage + 1, pages: grid.pageCount });
  // Only the page shown goes to the page data: setData traffic does not grow with the room.
  const views = inRoomish ? tileViews(store, store.selfTile, store.pageTiles) : null;
  return {
    self: views && !viewer ? views.self : null,
    remotes: views ? views.remotes : [],
    grid: m.grid,
    // A viewer is invisible: it counts the people it can see.
    memberCount: viewer ? Math.max(0, count - 1) : count,
  };
}

type RoomStateView = Omit<RoomView, keyof RoomExtrasView | 'self' | 'remotes' | 'grid' | 'memberCount' | 'banner'>;

/** The call's state and my controls (what my taps and the lifecycle change). */
function selectState(store: RoomStore): RoomStateView {
  const media = store.media;
  const failure = store.failure;
  const m = memo(store);
  m.controls = keep(m.controls, {
    micOn: store.micShownOn,
    cameraOn: store.cameraShownOn,
    front: media.facing === 'front',
    speaker: media.route === 'speakerphone',
    audioOnly: media.audioOnly,
  });
  return {
    phase: store.phase,
    failure: failure
      ? {
          title: failure.title,
          detail: failure.detail,
          retryable: failure.retryable,
          problems: store.linkProblems.map((p) => LINK_PROBLEM_TEXT[p]),
        }
      : null,
    stage: store.stage,
    controls: m.controls,
    listenOnly: media.camera === 'refused' && media.mic === 'refused',
    permissionHint: media.camera === 'refused' || media.mic === 'refused',
    speakingLabel: SPEAKING_LABEL[SPEAKING_MEANS],
    stageFull: store.stageFull && !!store.stage,
    viewer: store.role === 'viewer',
  };
}

/**
 * The room page's data as independent sections (bindSections): a speaker or camera event rebuilds
 * the tiles section only, not the layout, labels and sheets around it (docs/perf.md, CPU).
 * extras: the leave recap, invitation and diagnostics sheet (room-extras.ts); absent in bare tests.
 */
export function roomViewSections(store: RoomStore, extras?: RoomExtras): ViewSection[] {
  return [
    () => selectTiles(store),
    () => selectState(store),
    // banner: from the UI section (room-ui.ts: reconnect attempt n/N, token minutes left).
    () => selectRoomUiSection(store, extras),
    () => selectRoomExtras(store, extras),
  ];
}

/** The whole room view at once (what the sections add up to). */
export function selectRoomView(store: RoomStore, extras?: RoomExtras): RoomView {
  const view = {} as RoomView;
  for (const section of roomViewSections(store, extras)) Object.assign(view, section());
  return view;
}
