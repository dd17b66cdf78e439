// Sizes the diff decides by (path form or whole value): exact for what the page can receive, and cheap
// for large values — counting stops soon after the budget, whatever the value is made of.
import { jsonBytes, utf8Length } from '../../view/diff';

const bytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v), 'utf8');

test('utf8Length: characters whose high surrogate is the first or last one count 4 bytes, as Buffer says', () => {
  // U+10000 is \ud800\udc00 and U+10FFFF is \udbff\udfff: the bounds of the surrogate range.
  for (const s of ['\u{10000}', '\u{103ff}', '\u{10fc00}', '\u{10ffff}', 'a\u{10000}b\u{10ffff}c']) {
    expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
  }
});

test('jsonBytes stops counting a long list of strings soon after the cap', () => {
  const list = Array.from({ length: 1000 }, (_, i) => `user-${i}`);
  const capped = jsonBytes(list, 50);
  expect(capped).toBeGreaterThan(50);
  // At most one element past the cap, far from the whole list's size.
  expect(capped).toBeLessThanOrEqual(50 + 1 + bytes('user-999'));
  expect(jsonBytes(list)).toBe(bytes(list));
});

test('jsonBytes stops counting an object with many fields soon after the cap', () => {
  const o: Record<string, number> = {};
  for (let i = 0; i < 1000; i++) o[`k${i}`] = i;
  const capped = jsonBytes(o, 50);
  expect(capped).toBeGreaterThan(50);
  expect(capped).toBeLessThanOrEqual(50 + 1 + bytes('k999') + 1 + bytes(999));
  expect(jsonBytes(o)).toBe(bytes(o));
});
