import { reaction } from 'mobx-miniprogram';
import { diff, type Patch } from './diff';

export interface SetDataTarget {
  setData(patch: Record<string, unknown>, callback?: () => void): void;
}

export interface ViewBinding {
  /** Sends pending changes now (e.g. before the page hides). */
  flush(): void;
  dispose(): void;
}

/** ~one frame: bursts of platform events inside it become one setData. */
export const FRAME_MS = 16;

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * Binds a view of the stores to a page: the first view is sent whole and synchronously, later
 * changes are coalesced into at most one setData per frame that carries only changed paths, and
 * nothing is sent when nothing changed. `select` must build plain JSON data from observables.
 */
export function bindView<V extends Record<string, unknown>>(
  page: SetDataTarget,
  select: () => V,
  frameMs: number = FRAME_MS,
): ViewBinding {
  let sent: V = clone(select());
  page.setData(sent);
  let pending: V | null = null;
  let timer: number | undefined;
  let disposed = false;

  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!pending || disposed) return;
    const next = clone(pending);
    pending = null;
    const patch: Patch = diff(sent, next);
    sent = next;
    if (Object.keys(patch).length > 0) page.setData(patch);
  };

  const stop = reaction(select, (view) => {
    pending = view;
    if (timer === undefined) timer = setTimeout(flush, frameMs) as unknown as number;
  });

  return {
    flush,
    dispose() {
      if (disposed) return;
      disposed = true;
      stop();
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
