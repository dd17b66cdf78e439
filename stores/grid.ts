// Pure paging of remote tiles: a stable order in which active speakers move to page 1, but no tile
// moves more than once per hold period (speaker lists can change every few hundred ms).

export interface GridOptions {
  /** Tiles per page on a phone. */
  pageSize: number;
  /** A tile that moved stays put at least this long (ms). */
  holdMs: number;
  /** Someone must have been talking this long (ms) before moving to page 1: a cough is not a turn. */
  dwellMs: number;
}

export const DEFAULT_GRID: GridOptions = { pageSize: 6, holdMs: 4000, dwellMs: 1500 };

export interface GridOrder {
  /** Remote user ids in display order. */
  order: string[];
  /** When each id last moved (ms); absent = never. */
  movedAt: { [userId: string]: number };
}

/**
 * The next display order: people who left drop out, newcomers go to the end, and each active speaker
 * not on page 1 swaps with the last page-1 tile that is silent, when both are past their hold.
 * `speakers` are those who have been talking for at least dwellMs (see RoomGrid).
 */
export function nextGridOrder(prev: GridOrder, remotes: readonly string[], speakers: readonly string[], now: number, opts: Pick<GridOptions, 'pageSize' | 'holdMs'>): GridOrder {
  const order = syncOrder(prev.order, remotes);
  const movedAt: { [userId: string]: number } = {};
  for (const id of order) if (prev.movedAt[id] !== undefined) movedAt[id] = prev.movedAt[id];
  const promoted = promoteSpeakers(order, movedAt, new Set(speakers), now, opts);
  return { order: promoted || order.slice(), movedAt };
}

/**
 * The membership half of nextGridOrder: who left drops out, newcomers go to the end in `remotes`
 * order. Returns `prev` itself when nobody joined or left (RoomGrid then skips the rest).
 */
export function syncOrder(prev: readonly string[], remotes: readonly string[]): readonly string[] {
  const present = new Set(remotes);
  let kept = 0;
  for (let i = 0; i < prev.length; i++) if (present.has(prev[i])) kept++;
  if (kept === prev.length && kept === present.size) return prev;
  const order = prev.filter((id) => present.has(id));
  const known = new Set(order);
  for (const id of remotes) {
    if (!known.has(id)) {
      order.push(id);
      known.add(id);
    }
  }
  return order;
}

/** Who counts as speaking for promotion: a Set, or anything that answers the same two questions. */
export interface SpeakingSet {
  has(userId: string): boolean;
  readonly size: number;
}

/** A tile may move when it never moved or its hold ran out (a function, not a closure per call). */
function isFree(movedAt: { [userId: string]: number }, id: string, now: number, holdMs: number): boolean {
  return movedAt[id] === undefined || now - movedAt[id] >= holdMs;
}

/**
 * The promotion half of nextGridOrder: each speaker past page 1 that is free takes the place of the
 * silent, free page-1 tile furthest down. Returns the new order (a copy; `movedAt` is updated in
 * place), or null when nobody moved. Page 1 is looked at first, so the common cases (nobody talking off page 1, or no
 * page-1 tile free to give way) cost a look at page 1, not a pass over the room.
 */
export function promoteSpeakers(
  given: readonly string[],
  movedAt: { [userId: string]: number },
  speaking: SpeakingSet,
  now: number,
  opts: Pick<GridOptions, 'pageSize' | 'holdMs'>,
): string[] | null {
  const firstPage = Math.min(opts.pageSize, given.length);
  if (speaking.size === 0 || firstPage === given.length) return null;
  let order = given as string[];
  let onFirstPage = 0;
  let victims = 0;
  for (let j = 0; j < firstPage; j++) {
    if (speaking.has(given[j])) onFirstPage++;
    else if (isFree(movedAt, given[j], now, opts.holdMs)) victims++;
  }
  // Nobody could give way, or every speaker is already on page 1 (speaking may name people not in the
  // grid, e.g. oneself: then the pass below runs and finds nobody, which is still correct).
  if (victims === 0 || onFirstPage === speaking.size) return null;
  let moved = false;
  for (let i = firstPage; i < order.length; i++) {
    const id = order[i];
    if (!speaking.has(id) || !isFree(movedAt, id, now, opts.holdMs)) continue;
    // The silent page-1 tile furthest down gives way; page 1 keeps its order otherwise.
    let victim = -1;
    for (let j = firstPage - 1; j >= 0; j--) {
      if (!speaking.has(order[j]) && isFree(movedAt, order[j], now, opts.holdMs)) {
        victim = j;
        break;
      }
    }
    if (victim < 0) break;
    if (!moved) order = given.slice();
    const out = order[victim];
    order[victim] = id;
    order[i] = out;
    movedAt[id] = now;
    movedAt[out] = now;
    moved = true;
  }
  return moved ? order : null;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The ids on page `index` (clamped to the last page). */
export function pageOf(order: readonly string[], index: number, pageSize: number): string[] {
  const last = pageCount(order.length, pageSize) - 1;
  const i = Math.max(0, Math.min(index, last));
  return order.slice(i * pageSize, i * pageSize + pageSize);
}
