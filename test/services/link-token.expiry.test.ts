// readTokenExpiry: a token stops working at the earliest of its own expireAt and its privileges'
// expiries, where 0 means "no expiry" and a later privilege never extends the token.
import { readTokenExpiry } from '../../services/link-token';
import { RtcCloud } from '../../sim/cloud';

const NOW_MS = 1_800_000_000_000;
const NOW_S = NOW_MS / 1000;

beforeEach(() => {
  jest.useFakeTimers();
  jest.setSystemTime(NOW_MS);
});
afterEach(() => jest.useRealTimers());

// Privilege ids as in the Volcengine token format: 0 PublishStream, 4 SubscribeStream.
test.each<[string, { ttlMs?: number; privileges?: Record<number, number> }, number | null]>([
  ['token expiry only (privileges never expire)', { ttlMs: 60_000, privileges: { 0: 0, 4: 0 } }, NOW_S + 60],
  ['a privilege later than the token does not extend it', { ttlMs: 60_000, privileges: { 0: NOW_S + 600, 4: 0 } }, NOW_S + 60],
  ['a privilege earlier than the token ends it sooner', { ttlMs: 60_000, privileges: { 0: NOW_S + 600, 4: NOW_S + 30 } }, NOW_S + 30],
  ['no token expiry: the earliest non-zero privilege', { privileges: { 0: NOW_S + 600, 4: NOW_S + 300 } }, NOW_S + 300],
  ['nothing expires', { privileges: { 0: 0, 4: 0 } }, null],
])('%s', (_name, options, expected) => {
  const token = new RtcCloud().mintToken('r1', 'u1', options);
  expect(readTokenExpiry(token)).toBe(expected);
});
