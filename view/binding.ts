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
 * Copies of deeply frozen view objects: they cannot change, so one copy serves every frame, and an
 * unchanged tile is the same object in the previous and the next view (the diff skips it by identity
 * instead of walking its fields). Weak: a tile nobody references any more is collected.
 */
const frozenCopies = new WeakMap<object, unknown>();

/** Set by toPlain: whether the value it just copied was deeply frozen (so its copy may be shared). */
let lastDeepFrozen = true;

/**
 * A private copy of the view with JSON's semantics (what setData would carry): later mutations of
 * whatever `select` returned cannot change what we diff against. A hand-written walk because this
 * runs once per frame on the whole view, and JSON.parse(JSON.stringify()) was the costliest step.
 * Deeply frozen objects (select may return memoized, frozen tiles) are copied once and shared.
 */
function toPlain(v: unknown): unknown {
  if (typeof v === 'number') {
    lastDeepFrozen = true;
    return isFinite(v) ? v : null;
  }
  if (v === null || typeof v !== 'object') {
    lastDeepFrozen = true;
    return v;
  }
  const cached = frozenCopies.get(v);
  if (cached !== undefined) {
    lastDeepFrozen = true;
    return cached;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    lastDeepFrozen = false;
    return JSON.parse(JSON.stringify(v)) as unknown;
  }
  let deep = Object.isFrozen(v);
  let out: unknown;
  if (Array.isArray(v)) {
    const arr: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      if (dropped(v[i])) arr[i] = null;
      else {
        arr[i] = toPlain(v[i]);
        deep = deep && lastDeepFrozen;
      }
    }
    out = arr;
  } else {
    const obj: Record<string, unknown> = {};
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!dropped(o[k])) {
        obj[k] = toPlain(o[k]);
        deep = deep && lastDeepFrozen;
      }
    }
    out = obj;
  }
  if (deep) {
    // Frozen too: the shared copy goes out in patches and must not be changed by anyone.
    Object.freeze(out);
    frozenCopies.set(v, out);
  }
  lastDeepFrozen = deep;
  return out;
}

function clone<T>(v: T): T {
  return toPlain(v) as T;
}

/** One part of a page's data: a function of observables returning some of the page's top-level keys. */
export type ViewSection = () => object;

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
  return bindSections(page, [select], frameMs);
}

interface BoundSection {
  select: ViewSection;
  reaction: Reaction;
  stale: boolean;
  sent: Record<string, unknown>;
}

/**
 * bindView for a page whose data is made of independent sections (each owns its top-level keys):
 * each section is tracked on its own, so a change rebuilds and diffs only the sections that read it
 * (a speaker event rebuilds the tiles, not the layout, labels and sheets). Still one setData per frame.
 */
export function bindSections(page: SetDataTarget, sections: readonly ViewSection[], frameMs: number = FRAME_MS): ViewBinding {
  let timer: number | undefined;
  let disposed = false;

  const schedule = (): void => {
    if (timer === undefined) timer = setTimeout(flush, frameMs) as unknown as number;
  };
  const bound: BoundSection[] = sections.map((select) => {
    const s: BoundSection = {
      select,
      stale: false,
      sent: {},
      reaction: new Reaction('bindView', () => {
        if (disposed) return;
        s.stale = true;
        schedule();
      }),
    };
    return s;
  });

  /** Builds a section and (re)subscribes to exactly what it read. */
  const build = (s: BoundSection): Record<string, unknown> => {
    let view: Record<string, unknown> | undefined;
    s.reaction.track(() => {
      view = clone(s.select()) as Record<string, unknown>;
    });
    return view as Record<string, unknown>;
  };

  const first: Record<string, unknown> = {};
  for (const s of bound) {
    s.sent = build(s);
    for (const k of Object.keys(s.sent)) {
      // Two sections writing one key would undo each other's patches: a wiring error, said at once.
      if (k in first) throw new Error(`bindSections: key "${k}" is in two sections`);
      first[k] = s.sent[k];
    }
  }
  page.setData(first);

  function flush(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (disposed) return;
    let patch: Patch | null = null;
    for (const s of bound) {
      if (!s.stale) continue;
      s.stale = false;
      const next = build(s);
      const part = diff(s.sent, next);
      s.sent = next;
      for (const k in part) {
        if (!patch) patch = {};
        patch[k] = part[k];
      }
    }
    if (patch) page.setData(patch);
  }

  return {
    flush,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const s of bound) s.reaction.dispose();
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
