// Links checked before any platform call (issue 10, items 3 + R10): what the token in a room link says
// (read without the key) must fit the link's room and user and our own AppId, and must not have
// expired. Each refusal names its own cause and nothing reaches tt: no context, no permission read,
// no join. Links people really get wrong: cut short by a chat app, re-encoded, edited, forwarded to
// someone else, from another app, or old.
import { AccessToken, Privilege } from '../../server/src/token/access-token';
import { checkLinkToken } from '../../services/link-token';
import { SIM_APP_ID, SIM_APP_KEY } from '../../sim/cloud';
import { APP_ID, ME, ROOM, createRoomHarness, unverifiableToken, type RoomHarness } from '../../sim/helpers/room-harness';

const OTHER_APP = '0123456789abcdef01234567';
const NOW = Date.UTC(2026, 2, 1, 8, 0, 0);
const nowS = NOW / 1000;

let h: RoomHarness;
beforeEach(() => {
  jest.useFakeTimers({ now: NOW });
  h = createRoomHarness({ cloud: { apps: { [SIM_APP_ID]: SIM_APP_KEY, [OTHER_APP]: 'other0app0key0000000000000000000' } } });
});
afterEach(async () => {
  await Promise.all([h.store.leave(), h.settle(100)]);
  jest.useRealTimers();
});

interface TokenSpec {
  appId?: string;
  roomId?: string;
  userId?: string;
  expireAt?: number;
  privileges?: number;
  issuedAt?: number;
}
/** A token signed with the cloud's key, as the real token service would mint it. */
function token(o: TokenSpec = {}): string {
  const t = new AccessToken({ appId: o.appId ?? APP_ID, appKey: SIM_APP_KEY, roomId: o.roomId ?? ROOM, userId: o.userId ?? ME, issuedAt: o.issuedAt ?? nowS, nonce: 7 });
  t.expireTime(o.expireAt ?? nowS + 3600);
  const p = o.privileges ?? o.expireAt ?? nowS + 3600;
  return t.addPrivilege(Privilege.PublishStream, p).addPrivilege(Privilege.SubscribeStream, p).serialize();
}
/** One that contains every base64 character a re-encoding mangles (+ / =). */
function manglable(): string {
  for (let i = 0; i < 500; i++) {
    const t = new AccessToken({ appId: APP_ID, appKey: SIM_APP_KEY, roomId: ROOM, userId: ME, issuedAt: nowS, nonce: 1000 + i }).expireTime(nowS + 3600).serialize();
    if (/\+/.test(t) && /\//.test(t) && /=$/.test(t)) return t;
  }
  throw new Error('no token with + / = found');
}
const enc = encodeURIComponent;
const link = (t: string | undefined, extra: Record<string, string> = {}): Record<string, string> => {
  const q: Record<string, string> = { roomId: ROOM, userId: ME, ...extra };
  if (t !== undefined) q.token = t;
  return q;
};
/** Change one base64 character of the token's content (position counted from the start of the token). */
function flipAt(t: string, i: number): string {
  const c = t.charAt(i);
  return t.slice(0, i) + (c === 'A' ? 'B' : 'A') + t.slice(i + 1);
}
/** Byte offset i of the decoded content → a token with that byte changed (xor 0x01). */
function flipByte(t: string, byte: number): string {
  const content = Buffer.from(t.slice(27), 'base64');
  content[byte] ^= 0x01;
  return t.slice(0, 27) + content.toString('base64');
}

const INCOMPLETE = '链接不完整';
const INVALID = '链接无效';
const OTHER_ROOM = '链接与房间不符';
const OTHER_USER = '这是别人的链接';
const OTHER_APP_TITLE = '链接不属于本小程序';
const EXPIRED = '链接已过期';

const good = token();
// content = u16 msgLen ‖ msg(nonce 4, issuedAt 4, expireAt 4, u16 roomLen, room, u16 userLen, user, …) ‖ u16 sigLen ‖ sig
const ROOM_BYTE = 2 + 12 + 2; // first byte of the roomId
const USER_BYTE = ROOM_BYTE + ROOM.length + 2; // first byte of the userId

const CASES: Array<[string, () => Record<string, string>, string]> = [
  ['cut to 10 characters', () => link(enc(good.slice(0, 10))), INCOMPLETE],
  ['cut after the AppId', () => link(enc(good.slice(0, 27))), INCOMPLETE],
  ['cut one character into the content', () => link(enc(good.slice(0, 28))), INCOMPLETE],
  ['cut at 40', () => link(enc(good.slice(0, 40))), INCOMPLETE],
  ['cut in half', () => link(enc(good.slice(0, Math.floor(good.length / 2)))), INCOMPLETE],
  ['last character lost (padding)', () => link(enc(good.slice(0, -1))), INCOMPLETE],
  ['last 4 characters lost (still valid base64, signature short)', () => link(enc(good.slice(0, -4))), INCOMPLETE],
  ['signature cut away (valid base64)', () => link(enc(good.slice(0, good.length - 44))), INCOMPLETE],
  ['a character base64 does not have', () => link(enc(`${good.slice(0, 50)}!${good.slice(51)}`)), INCOMPLETE],
  ['url-safe base64 (- and _)', () => link(enc(manglable().replace(/\+/g, '-').replace(/\//g, '_'))), INCOMPLETE],
  ['+ turned into a space by a form decoder', () => link(manglable().replace(/\+/g, ' ')), INCOMPLETE],
  ['padding stripped', () => link(enc(manglable().replace(/=+$/, ''))), INCOMPLETE],
  ['double-encoded', () => link(enc(enc(manglable()))), INCOMPLETE],
  ['version 002', () => link(enc(`002${good.slice(3)}`)), INCOMPLETE],
  ['no version prefix', () => link(enc(good.slice(3))), INCOMPLETE],
  ['message length bit-flipped (reads past the end)', () => link(enc(flipByte(good, 1))), INCOMPLETE],
  ['first content character changed', () => link(enc(flipAt(good, 27))), INCOMPLETE],
  ['% garbage', () => link(`${enc(good.slice(0, 50))}%E4%ZZ`), INCOMPLETE],
  ['a lone % at the end', () => link(`${enc(good)}%`), INCOMPLETE],
  ['empty token', () => link(''), INCOMPLETE],
  ['no token at all', () => link(undefined), INCOMPLETE],
  ['the word undefined', () => link('undefined'), INCOMPLETE],
  ['huge junk', () => link('A'.repeat(5000)), INCOMPLETE],
  ['a real token with 3000 characters appended', () => link(enc(good + 'A'.repeat(3000))), INCOMPLETE],
  ['unicode junk', () => link(enc('令牌🎉')), INCOMPLETE],
  ['a line break inside (copied across lines)', () => link(enc(`${good.slice(0, 60)}\n${good.slice(60)}`)), INCOMPLETE],
  ['JSON pasted instead of the token', () => link(enc(JSON.stringify({ token: good }))), INCOMPLETE],
  ['roomId bit-flipped in the token', () => link(enc(flipByte(good, ROOM_BYTE))), OTHER_ROOM],
  ['token for another room', () => link(enc(token({ roomId: 'room-2' }))), OTHER_ROOM],
  ['token for a unicode room', () => link(enc(token({ roomId: '房间🎉-1' }))), OTHER_ROOM],
  ['token with an empty roomId (RTS login token)', () => link(enc(token({ roomId: '' }))), OTHER_ROOM],
  ['link roomId edited, token kept', () => link(enc(good), { roomId: 'room-9' }), OTHER_ROOM],
  ['userId bit-flipped in the token', () => link(enc(flipByte(good, USER_BYTE))), OTHER_USER],
  ["someone else's link, my userId put in", () => link(enc(token({ userId: 'bob' }))), OTHER_USER],
  ['token for a unicode user', () => link(enc(token({ userId: '用户ü_名' }))), OTHER_USER],
  ['userId case differs (ids are case-sensitive)', () => link(enc(token({ userId: 'Alice' }))), OTHER_USER],
  ['token for another AppId the cloud knows', () => link(enc(h.cloud.mintToken(ROOM, ME, { appId: OTHER_APP }))), OTHER_APP_TITLE],
  ['AppId swapped in the string (unsigned)', () => link(enc(`001${OTHER_APP}${good.slice(27)}`)), OTHER_APP_TITLE],
  ['AppId upper-cased', () => link(enc(`001${APP_ID.toUpperCase()}${good.slice(27)}`)), OTHER_APP_TITLE],
  ['AppId bit-flipped', () => link(enc(flipAt(good, 3))), OTHER_APP_TITLE],
  ['expired an hour ago', () => link(enc(token({ expireAt: nowS - 3600 }))), EXPIRED],
  ['expires exactly now', () => link(enc(token({ expireAt: nowS }))), EXPIRED],
  ['token never expires but its privileges did', () => link(enc(token({ expireAt: 0, privileges: nowS - 1 }))), EXPIRED],
  ['minted by the cloud with a ttl that ran out', () => link(enc(h.cloud.mintToken(ROOM, ME, { ttlMs: -1000 }))), EXPIRED],
  ['missing roomId', () => ({ userId: ME, token: enc(good) }), INVALID],
  ['missing userId', () => ({ roomId: ROOM, token: enc(good) }), INVALID],
  ['unicode roomId in the link', () => link(enc(token({ roomId: '房间' })), { roomId: enc('房间') }), INVALID],
  ['% garbage in the userId', () => link(enc(good), { userId: 'ali%ZZce' }), INVALID],
];

test('there are at least 30 refused links', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(30);
});

test.each(CASES)('%s → refused before any platform call', async (_name, query, title) => {
  expect(() => h.store.open(query())).not.toThrow();
  await h.settle(100);
  expect(h.store.phase).toBe('failed');
  expect(h.store.failure).toMatchObject({ title, retryable: false });
  // Not a single tt call: no context, no permission read, no keep-screen-on, no join.
  expect(h.fake.control.calls).toEqual([]);
  expect(h.cloud.roomIds()).toEqual([]);
});

test.each([
  ['issued in the future (phone clock behind; Volcengine does not check issuedAt)', () => token({ issuedAt: nowS + 600 })],
  ['never expires (expireAt 0, privileges 0)', () => token({ expireAt: 0, privileges: 0 })],
  ['the "*" wildcard room', () => token({ roomId: '*' })],
])('accepted: %s', async (_name, t) => {
  h.store.open(link(enc(t())));
  await h.settle(100);
  expect(h.store.phase).toBe('joined');
});

test('a userId escaped as %40 in the link still matches the token', async () => {
  const t = token({ userId: 'a@b.c' });
  h.store.open({ roomId: ROOM, userId: 'a%40b.c', token: enc(t) });
  await h.settle(100);
  expect(h.store.phase).toBe('joined');
});

test('a token the app cannot fault (unknown signing key) reaches the join, and the 21101 says expired', async () => {
  h.store.open(link(enc(unverifiableToken())));
  await h.settle(100);
  expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(1);
  expect(h.store.failure).toMatchObject({ reason: 'token-expired', code: 21101 });
});

test('with a token service, an expired link token is replaced before the first join (no doomed join)', async () => {
  const fetched: string[] = [];
  h = createRoomHarness({
    tokenSource: { fetchToken: (roomId, userId) => (fetched.push(userId), Promise.resolve(h.cloud.mintToken(roomId, userId))) },
    readTokenExpiry: (t) => {
      const c = checkLinkToken(t, { roomId: ROOM, userId: ME, appId: APP_ID }, 0);
      return c.ok ? c.expireAt : null;
    },
  });
  h.store.open(link(enc(token({ expireAt: nowS - 60 }))));
  await h.settle(100);
  expect(h.store.phase).toBe('joined');
  expect(fetched).toEqual([ME]);
  expect(h.fake.control.callsTo('ctx.joinRtcRoom')).toHaveLength(1);
});

test('with a token service, a token for another user is still refused (a fresh token would not make it mine)', async () => {
  h = createRoomHarness({ tokenSource: { fetchToken: () => Promise.reject(new Error('must not be asked')) } });
  h.store.open(link(enc(token({ userId: 'bob' }))));
  await h.settle(100);
  expect(h.store.failure).toMatchObject({ title: OTHER_USER });
  expect(h.fake.control.calls).toEqual([]);
});

test('the problems line under the title names the token problem', () => {
  h.store.open(link(enc(good.slice(0, 40))));
  expect(h.store.linkProblems).toEqual(['token-unreadable']);
  expect(h.store.failure).toMatchObject({ reason: 'invalid-link', detail: '链接可能在转发时被截断或改动，请向邀请人重新索取完整链接。' });
});
