import { action, computed, makeObservable, observable } from 'mobx-miniprogram';
import { sameIds } from './id-lists';
import { DEFAULT_GRID, pageCount, pageOf, promoteSpeakers, syncOrder, type GridOptions, type SpeakingSet } from './grid';

/**
 * The paged grid of remote tiles: the display order (speakers promoted to page 1, with a hold so
 * tiles do not jump) and the page the user is looking at. Only that page is rendered and subscribed.
 */
export class RoomGrid {
  /** Remote ids in display order. */
  order: string[] = [];
  page = 0;
  readonly options: GridOptions;
  /** When each tile last moved; not observable (nothing renders it). */
  private movedAt: { [userId: string]: number } = {};
  /** Since when each current speaker has been in the speakers list. */
  private talkingSince = new Map<string, number>();
  /** The remotes list the order was last synced with: the same array again means nobody joined or left. */
  private syncedWith: readonly string[] | null = null;
  /** The speakers list talkingSince was built from. */
  private sinceOf: readonly string[] | null = null;

  constructor(options: Partial<GridOptions> = {}) {
    this.options = {
      pageSize: options.pageSize || DEFAULT_GRID.pageSize,
      holdMs: options.holdMs === undefined ? DEFAULT_GRID.holdMs : options.holdMs,
      dwellMs: options.dwellMs === undefined ? DEFAULT_GRID.dwellMs : options.dwellMs,
    };
    makeObservable(this, {
      order: observable.ref,
      page: observable,
      // The same array while the page shows the same people: a join or leave elsewhere in the room
      // then recomputes nothing that depends on the page (tiles, subscriptions).
      pageIds: computed({ equals: sameIds }),
      pageCount: computed,
      paged: computed,
      currentPage: computed,
      update: action,
      setPage: action,
      reset: action,
    });
  }

  get pageCount(): number {
    return pageCount(this.order.length, this.options.pageSize);
  }

  /** More than one page (the pager shows): changes far less often than the page count. */
  get paged(): boolean {
    return this.pageCount > 1;
  }

  /** The page shown, clamped when people leave and the last page disappears. */
  get currentPage(): number {
    return Math.min(this.page, this.pageCount - 1);
  }

  get pageIds(): string[] {
    return pageOf(this.order, this.currentPage, this.options.pageSize);
  }

  /**
   * New lists arrived (or a dwell ran out): recompute the order; no change → no new array, so nothing
   * re-renders. Returns in how many ms someone's dwell ends (call again then), or null.
   * Same result as nextGridOrder (grid.ts), but the membership pass is skipped when `remotes` is the
   * array it last saw (the store passes a cached one), and the promotion pass looks at page 1 first:
   * a speaker event costs the speakers list and page 1, not the whole room.
   */
  update(remotes: readonly string[], speakers: readonly string[], now: number, speakerSet?: ReadonlySet<string>): number | null {
    // The same speakers array (a dwell timer, or another list's event) leaves talkingSince as it is.
    // Otherwise it is updated in place: who stopped goes, who started gets `now` (no new map per
    // event; `speakerSet`, when the caller keeps one, saves building a set of the list here).
    if (speakers !== this.sinceOf) {
      const talking = speakerSet || new Set(speakers);
      const since = this.talkingSince;
      for (const id of since.keys()) if (!talking.has(id)) since.delete(id);
      for (let i = 0; i < speakers.length; i++) if (!since.has(speakers[i])) since.set(speakers[i], now);
      this.sinceOf = speakers;
    }
    const dwell = this.options.dwellMs;
    let settledCount = 0;
    let nextDue: number | null = null;
    // A plain loop and no closures: this runs on every list event.
    for (const t of this.talkingSince.values()) {
      const due = t + dwell - now;
      if (due <= 0) settledCount++;
      else if (nextDue === null || due < nextDue) nextDue = due;
    }
    let order: readonly string[] = this.order;
    if (remotes !== this.syncedWith) {
      const one = this.syncedWith ? oneChange(this.syncedWith, remotes) : null;
      this.syncedWith = remotes;
      if (one && one.joined !== null) {
        order = order.concat([one.joined]);
      } else if (one && one.left !== null) {
        const left = one.left;
        order = order.filter((id) => id !== left);
        delete this.movedAt[left];
      } else if (!one) {
        order = syncOrder(order, remotes);
      }
      if (!one && order !== this.order) {
        // Forget when people who left last moved.
        const movedAt: { [userId: string]: number } = {};
        for (const id of order) if (this.movedAt[id] !== undefined) movedAt[id] = this.movedAt[id];
        this.movedAt = movedAt;
      }
    }
    if (settledCount > 0) {
      const settled = new SettledSpeakers(this.talkingSince, now - dwell, settledCount);
      const promoted = promoteSpeakers(order, this.movedAt, settled, now, this.options);
      if (promoted) order = promoted;
    }
    if (order !== this.order) this.order = order as string[];
    return nextDue;
  }

  setPage(index: number): void {
    const last = this.pageCount - 1;
    this.page = Math.max(0, Math.min(Math.floor(index), last));
  }

  reset(): void {
    this.order = [];
    this.movedAt = {};
    this.talkingSince = new Map();
    this.syncedWith = null;
    this.sinceOf = null;
    this.page = 0;
  }
}

/** Speakers whose dwell has run out (talking since `cutoff` or earlier): the ones promotion may move. */
class SettledSpeakers implements SpeakingSet {
  constructor(
    private readonly since: ReadonlyMap<string, number>,
    private readonly cutoff: number,
    readonly size: number,
  ) {}

  has(id: string): boolean {
    const t = this.since.get(id);
    return t !== undefined && t <= this.cutoff;
  }
}

/**
 * The common membership changes, found by comparing the remotes list with the one the order was last
 * synced with, without sets: exactly one newcomer appended, or exactly one person gone (who appears
 * nowhere in the new list). `{ joined: null, left: null }` = same people; null = anything else (the
 * full syncOrder pass decides). Same result as syncOrder, as the order holds exactly `prev`'s people.
 */
function oneChange(prev: readonly string[], next: readonly string[]): { joined: string | null; left: string | null } | null {
  if (next.length === prev.length + 1) {
    for (let i = 0; i < prev.length; i++) if (prev[i] !== next[i]) return null;
    const id = next[prev.length];
    return prev.indexOf(id) < 0 ? { joined: id, left: null } : { joined: null, left: null };
  }
  if (next.length === prev.length - 1) {
    let i = 0;
    while (i < next.length && prev[i] === next[i]) i++;
    const id = prev[i];
    for (let j = i; j < next.length; j++) if (prev[j + 1] !== next[j]) return null;
    // A duplicate in prev could make "gone" someone still present. (Checking next covers prev's tail
    // too: it was just matched to be next's from i on.)
    return next.indexOf(id) < 0 ? { joined: null, left: id } : null;
  }
  return null;
}
