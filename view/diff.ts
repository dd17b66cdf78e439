// Path-level diff for setData: send 'remotes[3].speaking': true instead of the whole remotes array.

export type Patch = Record<string, unknown>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** UTF-8 length without Buffer (absent in the mini-program runtime); surrogate pairs count 4. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * JSON byte length of `v` (as JSON.stringify would write it), or a number > `cap` as soon as it is
 * known to exceed `cap`: deciding "paths or whole value" must not serialize a large array each time.
 */
export function jsonBytes(v: unknown, cap: number = Infinity): number {
  if (v === null) return 4;
  switch (typeof v) {
    case 'string':
      return utf8Length(JSON.stringify(v));
    case 'number':
      return isFinite(v) ? String(v).length : 4;
    case 'boolean':
      return v ? 4 : 5;
    case 'object':
      break;
    default:
      return 4; // undefined / functions: written as null inside arrays, the worst case for a size
  }
  let n = 2;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length && n <= cap; i++) n += (i ? 1 : 0) + jsonBytes(v[i], cap - n);
    return n;
  }
  let first = true;
  const o = v as Record<string, unknown>;
  for (const k in o) {
    if (n > cap) break;
    const x = o[k];
    if (x === undefined || typeof x === 'function') continue;
    n += (first ? 0 : 1) + utf8Length(JSON.stringify(k)) + 1 + jsonBytes(x, cap - n);
    first = false;
  }
  return n;
}

/** Bytes `"key":value,` adds to the serialized setData payload (or > cap once known to be larger). */
function entryBytes(key: string, value: unknown, cap: number = Infinity): number {
  const k = utf8Length(JSON.stringify(key)) + 2;
  return k + jsonBytes(value, cap - k);
}

/**
 * Moves `sub` into `out`, unless one entry with the whole `next` at `path` serializes no larger:
 * many changed elements or fields cost more as paths than as one value (and even one path into a
 * one-element array is longer than the array). The whole value is sized only up to the paths' size,
 * so a small change inside a large list stays cheap to decide.
 */
function emit(sub: Patch, keys: string[], path: string, next: unknown, out: Patch): void {
  if (keys.length > 0 && path) {
    let paths = 0;
    for (const k of keys) paths += entryBytes(k, sub[k]);
    if (entryBytes(path, next, paths) <= paths) {
      out[path] = next;
      return;
    }
  }
  for (const k of keys) out[k] = sub[k];
}

/**
 * Adds to `out` the setData paths that turn `prev` into `next`, preferring the smaller serialized
 * form at each level. Arrays that shrink are sent whole: setData paths cannot truncate an array.
 */
function diffInto(prev: unknown, next: unknown, path: string, out: Patch): void {
  if (prev === next) return;
  if (Array.isArray(prev) && Array.isArray(next)) {
    if (next.length < prev.length) {
      out[path] = next;
      return;
    }
    const sub: Patch = {};
    for (let i = 0; i < next.length; i++) {
      // Equal values are skipped before a path string is built: this loop runs on every tile.
      if (i >= prev.length) sub[`${path}[${i}]`] = next[i];
      else if (prev[i] !== next[i]) diffInto(prev[i], next[i], `${path}[${i}]`, sub);
    }
    emit(sub, Object.keys(sub), path, next, out);
    return;
  }
  if (isPlainObject(prev) && isPlainObject(next)) {
    const sub: Patch = {};
    for (const k of Object.keys(next)) {
      if (!(k in prev)) sub[path ? `${path}.${k}` : k] = next[k];
      else if (prev[k] !== next[k]) diffInto(prev[k], next[k], path ? `${path}.${k}` : k, sub);
    }
    // Keys that disappeared become null: setData cannot delete a key.
    for (const k of Object.keys(prev)) {
      if (!(k in next)) sub[path ? `${path}.${k}` : k] = null;
    }
    emit(sub, Object.keys(sub), path, next, out);
    return;
  }
  out[path] = next;
}

export function diff(prev: Record<string, unknown>, next: Record<string, unknown>): Patch {
  const out: Patch = {};
  diffInto(prev, next, '', out);
  return out;
}
