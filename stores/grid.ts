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
  const present = new Set(remotes);
  const order = prev.order.filter((id) => present.has(id));
  const known = new Set(order);
  for (const id of remotes) {
    if (!known.has(id)) {
      order.push(id);
      known.add(id);
    }
  }
  const movedAt: { [userId: string]: number } = {};
  for (const id of order) if (prev.movedAt[id] !== undefined) movedAt[id] = prev.movedAt[id];
  const speaking = new Set(speakers);
  const free = (id: string): boolean => movedAt[id] === undefined || now - movedAt[id] >= opts.holdMs;
  const firstPage = Math.min(opts.pageSize, order.length);
  for (let i = firstPage; i < order.length; i++) {
    const id = order[i];
    if (!speaking.has(id) || !free(id)) continue;
    // The silent page-1 tile furthest down gives way; page 1 keeps its order otherwise.
    let victim = -1;
    for (let j = firstPage - 1; j >= 0; j--) {
      if (!speaking.has(order[j]) && free(order[j])) {
        victim = j;
        break;
      }
    }
    if (victim < 0) break;
    const out = order[victim];
    order[victim] = id;
    order[i] = out;
    movedAt[id] = now;
    movedAt[out] = now;
  }
  return { order, movedAt };
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
