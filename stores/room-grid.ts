import { action, computed, makeObservable, observable } from 'mobx-miniprogram';
import { DEFAULT_GRID, nextGridOrder, pageCount, pageOf, type GridOptions } from './grid';

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
  private talkingSince: { [userId: string]: number } = {};

  constructor(options: Partial<GridOptions> = {}) {
    this.options = {
      pageSize: options.pageSize || DEFAULT_GRID.pageSize,
      holdMs: options.holdMs === undefined ? DEFAULT_GRID.holdMs : options.holdMs,
      dwellMs: options.dwellMs === undefined ? DEFAULT_GRID.dwellMs : options.dwellMs,
    };
    makeObservable(this, {
      order: observable.ref,
      page: observable,
      pageIds: computed,
      pageCount: computed,
      currentPage: computed,
      update: action,
      setPage: action,
      reset: action,
    });
  }

  get pageCount(): number {
    return pageCount(this.order.length, this.options.pageSize);
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
   */
  update(remotes: readonly string[], speakers: readonly string[], now: number): number | null {
    const since: { [userId: string]: number } = {};
    const settled: string[] = [];
    let nextDue: number | null = null;
    for (const id of speakers) {
      since[id] = this.talkingSince[id] !== undefined ? this.talkingSince[id] : now;
      const due = since[id] + this.options.dwellMs - now;
      if (due <= 0) settled.push(id);
      else if (nextDue === null || due < nextDue) nextDue = due;
    }
    this.talkingSince = since;
    const next = nextGridOrder({ order: this.order, movedAt: this.movedAt }, remotes, settled, now, this.options);
    this.movedAt = next.movedAt;
    const same = next.order.length === this.order.length && next.order.every((id, i) => id === this.order[i]);
    if (!same) this.order = next.order;
    return nextDue;
  }

  setPage(index: number): void {
    const last = this.pageCount - 1;
    this.page = Math.max(0, Math.min(Math.floor(index), last));
  }

  reset(): void {
    this.order = [];
    this.movedAt = {};
    this.talkingSince = {};
    this.page = 0;
  }
}
