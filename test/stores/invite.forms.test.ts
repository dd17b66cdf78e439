// Which strings count as an invite (the whole string must be the allowed characters, 1–256 long:
// junk before or after a valid part is refused), what a link query yields, and which form makes a
// viewer invite (the `<expiry>.v.` prefix must start the invite).
import { inviteFromQuery, isValidInvite } from '../../stores/invite';
import { inviteRole } from '../../stores/share';

test.each<[string, unknown, boolean]>([
  ['an expiry and signature', '1700000000.abc_DEF-123', true],
  ['a viewer invite', '1700000000.v.abc', true],
  ['one character', 'a', true],
  ['256 characters', 'a'.repeat(256), true],
  ['257 characters', 'a'.repeat(257), false],
  ['empty', '', false],
  ['a space after a valid part', '1700000000.abc def', false],
  ['junk before a valid part', '<x>1700000000.abc', false],
  ['a slash inside', '1700000000/abc', false],
  ['a newline at the end', '1700000000.abc\n', false],
  ['a number', 1700000000, false],
])('%s: valid %p', (_n, v, ok) => {
  expect(isValidInvite(v)).toBe(ok);
});

test.each<[string, string | undefined, string | undefined]>([
  ['absent', undefined, undefined],
  ['an encoded invite', encodeURIComponent('1700000000.v.abc'), '1700000000.v.abc'],
  ['a malformed escape', '%E0%A4%A', undefined],
  ['decoding to junk after a valid part', encodeURIComponent('1700000000.abc&x=1'), undefined],
])('from the query, %s → %p', (_n, raw, out) => {
  expect(inviteFromQuery(raw)).toBe(out);
});

test.each<[string, 'viewer' | 'member']>([
  ['1700000000.v.sig', 'viewer'],
  ['1700000000.sig', 'member'],
  ['1700000000.vx.sig', 'member'],
  ['x1700000000.v.sig', 'member'],
  ['abc.1700000000.v.sig', 'member'],
  ['12345678901.v.sig', 'member'],
])('invite %p grants %p', (invite, role) => {
  expect(inviteRole(invite)).toBe(role);
});
