// The invite format is anchored at both ends: a valid invite with anything before or after it is not
// an invite (checkInvite says "malformed", parseInvite gives null), so a pasted link with junk around
// the invite is refused instead of quietly validated.
import { checkInvite, createInvite, parseInvite } from '../src/auth/invite';

const SECRET = 's'.repeat(32);

it.each(['member', 'viewer'] as const)('a %s invite with junk before or after it is malformed', (role) => {
  const inv = createInvite(SECRET, 'room', 1000, role);
  expect(checkInvite(SECRET, 'room', inv, 0)).toBe('ok');
  expect(parseInvite(inv)).toEqual({ expireAt: 1000, role });
  for (const bad of [`${inv}A`, `${inv}.x`, `x.${inv}`, ` ${inv}`, `${inv}\n`]) {
    expect(checkInvite(SECRET, 'room', bad, 0)).toBe('malformed');
    expect(parseInvite(bad)).toBeNull();
  }
});

it('parseInvite of something that is not an invite at all is null', () => {
  expect(parseInvite('garbage')).toBeNull();
  expect(parseInvite('')).toBeNull();
});
