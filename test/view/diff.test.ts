// The setData diff: what it sends for each kind of change, and (property) that applying its patch
// with real mini-program path semantics to the old view always yields the new one.
import fc from 'fast-check';
import { diff, jsonBytes, utf8Length, type Patch } from '../../view/diff';
import { applySetData } from '../../sim/mini-program';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type View = Record<string, Json>;

function copy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The old view after the patch, as the render side would hold it. */
function applied(prev: View, patch: Patch): View {
  const data = copy(prev);
  applySetData(data, patch);
  return data;
}

/**
 * The page data with the leftovers of deleted keys removed: setData cannot delete a key, so a key
 * that disappeared from `next` may remain as null (or be gone, if its parent was sent whole).
 * Any other leftover stays and makes the comparison with `next` fail.
 */
function withoutTombstones(actual: Json, next: Json): Json {
  if (isObject(actual) && isObject(next)) {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(actual)) {
      if (k in next) out[k] = withoutTombstones(actual[k], next[k]);
      else if (actual[k] !== null) out[k] = actual[k];
    }
    return out;
  }
  if (Array.isArray(actual) && Array.isArray(next)) return actual.map((x, i) => (i < next.length ? withoutTombstones(x, next[i]) : x));
  return actual;
}

function isObject(v: Json): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bytes(p: Patch): number {
  return Buffer.byteLength(JSON.stringify(p), 'utf8');
}

const tile = (userId: string, over: Partial<Record<'cameraOn' | 'speaking' | 'sharing', boolean>> = {}) => ({
  userId,
  mode: 'video',
  cameraOn: true,
  speaking: false,
  sharing: false,
  initials: userId.slice(0, 2).toUpperCase(),
  ...over,
});

describe('diff', () => {
  const remotes = ['bob', 'carol', 'dave', 'erin', 'frank'].map((id) => tile(id));

  test('one field of one tile → exactly that path', () => {
    const next = remotes.map((t, i) => (i === 3 ? { ...t, speaking: true } : t));
    expect(diff({ remotes, memberCount: 6 }, { remotes: copy(next), memberCount: 6 })).toEqual({ 'remotes[3].speaking': true });
  });

  test('equal views → empty patch, however deep', () => {
    const view = { remotes, stage: { userId: 'bob', others: ['dave'] }, banner: null };
    expect(diff(view, copy(view))).toEqual({});
  });

  test('nested object fields become dotted paths', () => {
    const prev = { controls: { micOn: true, cameraOn: true, front: true, speaker: true, audioOnly: false } };
    const next = copy(prev);
    next.controls.micOn = false;
    expect(diff(prev, next)).toEqual({ 'controls.micOn': false });
  });

  test('a growing array sends only the new elements by index', () => {
    const next = [...remotes, tile('gina')];
    expect(diff({ remotes }, { remotes: next })).toEqual({ 'remotes[5]': tile('gina') });
  });

  test('a shrinking array is sent whole (paths cannot truncate)', () => {
    const next = remotes.filter((t) => t.userId !== 'carol');
    expect(diff({ remotes }, { remotes: next })).toEqual({ remotes: next });
  });

  test('a key that disappears is sent as null', () => {
    expect(diff({ a: 1, gone: { x: 1 } }, { a: 1 })).toEqual({ gone: null });
    expect(diff({ o: { keep: 1, drop: 2 } }, { o: { keep: 1 } })).toEqual({ 'o.drop': null });
  });

  test('type changes replace the value at that path', () => {
    expect(diff({ banner: null }, { banner: { kind: 'warn', text: '重连中' } })).toEqual({ banner: { kind: 'warn', text: '重连中' } });
    expect(diff({ stage: { userId: 'bob', others: [] } }, { stage: null })).toEqual({ stage: null });
    expect(diff({ x: [1] }, { x: { 0: 1 } })).toEqual({ x: { 0: 1 } });
  });

  test('when most of a value changed, one whole value is sent because it is smaller than the paths', () => {
    const prev = { controls: { micOn: true, cameraOn: true, front: true, speaker: true, audioOnly: false } };
    const next = { controls: { micOn: false, cameraOn: false, front: false, speaker: false, audioOnly: true } };
    const patch = diff(prev, next);
    expect(patch).toEqual({ controls: next.controls });
    const allPaths = { 'controls.micOn': false, 'controls.cameraOn': false, 'controls.front': false, 'controls.speaker': false, 'controls.audioOnly': true };
    expect(bytes(patch)).toBeLessThan(bytes(allPaths));
  });

  test('two flips in a long list stay paths (the whole list would be far larger)', () => {
    const many = Array.from({ length: 50 }, (_, i) => tile(`user-${i}`));
    const next = copy(many);
    next[7].speaking = true;
    next[40].cameraOn = false;
    expect(diff({ remotes: many }, { remotes: next })).toEqual({ 'remotes[7].speaking': true, 'remotes[40].cameraOn': false });
  });
});

describe('sizes', () => {
  test('utf8Length matches Buffer for ASCII, CJK, and astral characters', () => {
    for (const s of ['', 'abc', '正在说话', 'é', '🎙 mic', '\u0000\u007f\u0080\u07ff\u0800\uffff']) {
      expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
    }
  });

  test('jsonBytes equals the serialized length, and stops early past the cap', () => {
    const v = { a: [1, 2.5, -3, null, true, false, '说话'], b: { c: 'x"y\\z', d: [] as Json[], e: {} }, n: 1e21 };
    expect(jsonBytes(v)).toBe(Buffer.byteLength(JSON.stringify(v), 'utf8'));
    const big = Array.from({ length: 1000 }, (_, i) => ({ userId: `user-${i}`, speaking: false }));
    const capped = jsonBytes(big, 100);
    expect(capped).toBeGreaterThan(100);
    expect(capped).toBeLessThan(Buffer.byteLength(JSON.stringify(big), 'utf8'));
  });

  test('jsonBytes leaves out object fields JSON drops (undefined, functions), as JSON.stringify does', () => {
    // diff's own inputs never hold them (bindView copies with JSON semantics), but jsonBytes is exported.
    const v = { a: undefined, f: () => 1, b: 1, o: { g: () => 2, u: undefined } };
    expect(jsonBytes(v)).toBe(Buffer.byteLength(JSON.stringify(v), 'utf8'));
  });
});

// ---- properties ------------------------------------------------------------------------------

const key = fc.constantFrom('a', 'b', 'c', 'userId', 'speaking', 'remotes');
const leaf: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom('', 'x', 'bob', '正在说话', 'a.b', 'a[0]'),
);
const { json } = fc.letrec<{ json: Json }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('json'), { maxLength: 5 }),
    fc.dictionary(key, tie('json'), { maxKeys: 4 }),
  ),
}));
const view: fc.Arbitrary<View> = fc.dictionary(key, json, { maxKeys: 5 });

/** A next view that mostly resembles prev (small edits), so paths are exercised, not just replacement. */
function edited(prev: Json, rnd: () => number, fresh: Json): Json {
  const r = rnd();
  if (r < 0.1) return fresh;
  if (Array.isArray(prev)) {
    const out = prev.map((x) => edited(x, rnd, fresh));
    if (r < 0.2) out.push(fresh);
    else if (r < 0.3 && out.length) out.splice(Math.floor(rnd() * out.length), 1);
    return out;
  }
  if (isObject(prev)) {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(prev)) {
      if (rnd() < 0.1) continue;
      out[k] = edited(prev[k], rnd, fresh);
    }
    if (r < 0.25) out.extra = fresh;
    return out;
  }
  return r < 0.4 ? fresh : prev;
}

describe('diff properties (mini-program setData path semantics)', () => {
  test('applying the patch to the old view yields the new view (unrelated views)', () => {
    fc.assert(
      fc.property(view, view, (prev, next) => {
        expect(withoutTombstones(applied(prev, diff(copy(prev), copy(next))), next)).toEqual(next);
      }),
      { numRuns: 500 },
    );
  });

  test('applying the patch to the old view yields the new view (small edits)', () => {
    fc.assert(
      fc.property(view, json, fc.integer(), (prev, fresh, seed) => {
        let s = seed >>> 0;
        const rnd = (): number => {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          return s / 4294967296;
        };
        const e = edited(prev, rnd, fresh);
        // A page's data is always an object: an edit that replaced the root becomes one key.
        const next: View = isObject(e) ? e : { replaced: e };
        const patch = diff(copy(prev), copy(next));
        expect(withoutTombstones(applied(prev, patch), next)).toEqual(next);
      }),
      { numRuns: 1000 },
    );
  });

  test('the patch is never larger than re-sending every changed top-level key', () => {
    fc.assert(
      fc.property(view, view, (prev, next) => {
        const patch = diff(copy(prev), copy(next));
        const naive: Patch = {};
        for (const k of Object.keys(next)) if (JSON.stringify(prev[k]) !== JSON.stringify(next[k])) naive[k] = next[k];
        for (const k of Object.keys(prev)) if (!(k in next)) naive[k] = null;
        expect(bytes(patch)).toBeLessThanOrEqual(bytes(naive));
        if (Object.keys(naive).length === 0) expect(patch).toEqual({});
      }),
      { numRuns: 500 },
    );
  });
});
