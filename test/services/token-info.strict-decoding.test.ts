// token-info edges: the UTF-8 decoder accepts exactly the valid boundaries (U+0080, U+10FFFF) and
// rejects stray continuation bytes as leads, bad continuations, surrogates and leads above F4; and a
// token whose message stops right where a count or a privilege expiry should be is unreadable (null),
// never read as 0.
import { decodeUtf8, readTokenInfo } from '../../services/token-info';

test.each<[string, number[], string | null]>([
  ['U+0000', [0x00], '\u0000'],
  ['U+0080 (smallest two-byte)', [0xc2, 0x80], '\u0080'],
  ['U+0800 (smallest three-byte)', [0xe0, 0xa0, 0x80], '\u0800'],
  ['U+10000 (smallest four-byte)', [0xf0, 0x90, 0x80, 0x80], '\u{10000}'],
  ['U+10FFFF (largest)', [0xf4, 0x8f, 0xbf, 0xbf], '\u{10ffff}'],
  ['continuation byte as a two-byte lead', [0x9f, 0xbf], null],
  ['continuation byte as a three-byte lead', [0x8f, 0xbf, 0xbf], null],
  ['continuation byte as a four-byte lead', [0x81, 0x90, 0x80, 0x80], null],
  ['F8 lead', [0xf8, 0x90, 0x80, 0x80], null],
  ['ASCII where a continuation must be', [0xc3, 0x41], null],
  ['lead where a continuation must be', [0xe4, 0xb8, 0xe4], null],
  ['U+DFFF (low surrogate)', [0xed, 0xbf, 0xbf], null],
  ['U+D800 (high surrogate)', [0xed, 0xa0, 0x80], null],
  ['U+110000', [0xf4, 0x90, 0x80, 0x80], null],
])('decodeUtf8: %s', (_name, bytes, expected) => {
  expect(decodeUtf8(new Uint8Array(bytes))).toBe(expected);
});

const u16 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff];
const u32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const text = (s: string): number[] => [...u16(Buffer.byteLength(s)), ...Buffer.from(s, 'utf8')];
/** "001" + appId + base64(u16 len ‖ msg ‖ u16 len ‖ sig), the layout token-info.ts documents. */
function token(msg: number[], sig: number[] = [1, 2, 3, 4]): string {
  return '001' + 'a'.repeat(24) + Buffer.from([...u16(msg.length), ...msg, ...u16(sig.length), ...sig]).toString('base64');
}
const head = [...u32(7), ...u32(1700000000), ...u32(1700003600), ...text('r1'), ...text('alice')];

test('the hand-built token reads (so the nulls below are about what is cut off)', () => {
  expect(readTokenInfo(token([...head, ...u16(1), ...u16(4), ...u32(1700003600)]))).toEqual({
    appId: 'a'.repeat(24),
    roomId: 'r1',
    userId: 'alice',
    issuedAt: 1700000000,
    expireAt: 1700003600,
    privileges: { 4: 1700003600 },
  });
});

test.each<[string, number[]]>([
  ['no privilege count', head],
  ['a privilege without its expiry', [...head, ...u16(1), ...u16(4)]],
  ['a privilege with half its expiry', [...head, ...u16(1), ...u16(4), 0x10, 0x0e]],
])('%s -> null', (_name, msg) => {
  expect(readTokenInfo(token(msg))).toBeNull();
});

test('a token without a signature length -> null', () => {
  const msg = [...head, ...u16(0)];
  const noSig = '001' + 'a'.repeat(24) + Buffer.from([...u16(msg.length), ...msg]).toString('base64');
  expect(readTokenInfo(noSig)).toBeNull();
});
