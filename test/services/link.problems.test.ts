// parseRoomLink: which problems a page query has (the link line the person sees is chosen from them),
// and the token length limit at its exact edge.
import { parseRoomLink } from '../../services/link';

const OK = { roomId: 'r1', userId: 'u1', token: 'abc' };

test.each<[string, Record<string, string | undefined>, string[]]>([
  ['no roomId', { userId: 'u1', token: 'abc' }, ['missing-room']],
  ['empty roomId', { ...OK, roomId: '' }, ['missing-room']],
  ['bad roomId', { ...OK, roomId: 'a b' }, ['invalid-room']],
  ['no userId', { roomId: 'r1', token: 'abc' }, ['missing-user']],
  ['empty userId', { ...OK, userId: '' }, ['missing-user']],
  ['bad userId', { ...OK, userId: 'a/b' }, ['invalid-user']],
  ['no token', { roomId: 'r1', userId: 'u1' }, ['missing-token']],
  ['empty token', { ...OK, token: '' }, ['missing-token']],
  ['token with a space', { ...OK, token: 'a%20b' }, ['invalid-token']],
  ['token too long', { ...OK, token: 'a'.repeat(2049) }, ['invalid-token']],
  ['nothing at all', {}, ['missing-room', 'missing-user', 'missing-token']],
])('%s → %j', (_name, query, problems) => {
  expect(parseRoomLink(query)).toEqual({ ok: false, problems });
});

test('a token of exactly 2048 characters is accepted', () => {
  const token = 'a'.repeat(2048);
  expect(parseRoomLink({ ...OK, token })).toEqual({ ok: true, link: { roomId: 'r1', userId: 'u1', token } });
});
