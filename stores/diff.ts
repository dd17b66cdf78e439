// Path-level diff for setData: send 'tiles[3].speaking': true instead of the whole tiles array.

export type Patch = Record<string, unknown>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Adds to `out` the smallest set of setData paths that turns `prev` into `next`.
 * Arrays that shrink are sent whole (setData paths cannot truncate an array); so are arrays whose
 * elements mostly changed, where one value is cheaper than many paths.
 */
export function diffInto(prev: unknown, next: unknown, path: string, out: Patch): void {
  if (prev === next) return;
  if (Array.isArray(prev) && Array.isArray(next)) {
    if (next.length < prev.length) {
      out[path] = next;
      return;
    }
    const sub: Patch = {};
    for (let i = 0; i < next.length; i++) {
      if (i >= prev.length) sub[`${path}[${i}]`] = next[i];
      else diffInto(prev[i], next[i], `${path}[${i}]`, sub);
    }
    const keys = Object.keys(sub);
    if (keys.length > 1 && keys.length * 2 > next.length + 1) out[path] = next;
    else for (const k of keys) out[k] = sub[k];
    return;
  }
  if (isPlainObject(prev) && isPlainObject(next)) {
    for (const k of Object.keys(next)) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in prev)) out[p] = next[k];
      else diffInto(prev[k], next[k], p, out);
    }
    // Keys that disappeared become null: setData cannot delete a key.
    for (const k of Object.keys(prev)) {
      if (!(k in next)) out[path ? `${path}.${k}` : k] = null;
    }
    return;
  }
  out[path] = next;
}

export function diff(prev: Record<string, unknown>, next: Record<string, unknown>): Patch {
  const out: Patch = {};
  diffInto(prev, next, '', out);
  return out;
}
