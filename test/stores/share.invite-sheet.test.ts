// What a room invitation shares per role, the invitation sheet's initial state and which invites it
// accepts, and when an invite counts as expired (its readable `<unix seconds>.` prefix only).
import { InviteSheet, shareInfo } from '../../stores/share';
import { inviteExpired } from '../../stores/invite';
import { SHARE_TEXT } from '../../stores/messages';

test('the share title names the role the invite grants', () => {
  expect(shareInfo('math-101', '1999999999.sig', true).title).toBe(SHARE_TEXT.title('math-101'));
  expect(shareInfo('math-101', '1999999999.sig', true, 'member').title).toBe(SHARE_TEXT.title('math-101'));
  expect(shareInfo('math-101', '1999999999.v.sig', true, 'viewer').title).toBe(SHARE_TEXT.viewerTitle('math-101'));
});

test('the sheet starts closed; only a viewer invite becomes the viewer invite', () => {
  const sheet = new InviteSheet('1999999999.sig');
  expect(sheet.open).toBe(false);
  sheet.setViewer('1999999999.other');
  expect(sheet.inviteFor('viewer')).toBeUndefined();
  sheet.setViewer('1999999999.v.sig');
  expect(sheet.inviteFor('viewer')).toBe('1999999999.v.sig');
  expect(sheet.inviteFor('member')).toBe('1999999999.sig');
  sheet.show();
  expect(sheet.open).toBe(true);
});

test.each<[string, number, boolean]>([
  ['1000.sig', 999_999, false],
  // Expired from the very second it names.
  ['1000.sig', 1_000_000, true],
  ['1000.sig', 1_000_001, true],
  // Digits not at the start are no expiry: usable, the server decides.
  ['x1000.sig', 5_000_000, false],
  ['ab.1000.sig', 5_000_000, false],
  ['sig', 5_000_000, false],
])('inviteExpired(%s, %d) = %p', (invite, now, expired) => {
  expect(inviteExpired(invite, now)).toBe(expired);
});
