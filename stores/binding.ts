import { Reaction } from 'mobx-miniprogram';
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

function dropped(x: unknown): boolean {
  return x === undefined || typeof x === 'function' || typeof x === 'symbol';
}

/**
 * A private copy of the view with JSON's semantics (what setData would carry): later mutations of
 * whatever `select` returned cannot change what we diff against. A hand-written walk because this
 * runs once per frame on the whole view, and JSON.parse(JSON.stringify()) was the costliest step.
 */
function toPlain(v: unknown): unknown {
  if (typeof v === 'number') return isFinite(v) ? v : null;
  if (v === null || typeof v !== 'object') return v;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return JSON.parse(JSON.stringify(v)) as unknown;
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = dropped(v[i]) ? null : toPlain(v[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!dropped(o[k])) out[k] = toPlain(o[k]);
  }
  return out;
}

function clone<T>(v: T): T {
  return toPlain(v) as T;
}

/**
 * Binds a view of the stores to a page: the first view is sent whole and synchronously, later
 * changes are coalesced into at most one setData per frame that carries only changed paths, and
 * nothing is sent when nothing changed. `select` must build plain JSON data from observables.
 *
 * A store change only marks the view stale; `select` and the diff run once, when the frame's
 * setData is due. A burst of N platform events therefore costs N store updates plus one view
 * build, not N view builds (MobX's Reaction tracks what `select` read without re-running it).
 */
export function bindView<V extends Record<string, unknown>>(
  page: SetDataTarget,
  select: () => V,
  frameMs: number = FRAME_MS,
): ViewBinding {
  let timer: number | undefined;
  let stale = false;
  let disposed = false;

  const reaction = new Reaction('bindView', () => {
    if (disposed) return;
    stale = true;
    if (timer === undefined) timer = setTimeout(flush, frameMs) as unknown as number;
  });

  /** Builds the view and (re)subscribes to exactly what it read. */
  const build = (): V => {
    let view: V | undefined;
    reaction.track(() => {
      view = clone(select());
    });
    return view as V;
  };

  let sent: V = build();
  page.setData(sent);

  function flush(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!stale || disposed) return;
    stale = false;
    const next = build();
    const patch: Patch = diff(sent, next);
    sent = next;
    if (Object.keys(patch).length > 0) page.setData(patch);
  }

  return {
    flush,
    dispose() {
      if (disposed) return;
      disposed = true;
      reaction.dispose();
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
