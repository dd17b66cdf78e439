// A full link (userId and token) missing one of its two parts is a broken link, not a room-id link:
// the page says which part is missing and nothing else runs (no token fetched, no platform call),
// instead of quietly asking the token service for a token in the link holder's name.
import type { PrejoinStore } from '../../stores/prejoin-store';
import { flush } from '../../sim/time';
import type { FakeTt } from '../../sim/fake-tt';
import { prejoinRig } from '../../sim/helpers/prejoin-rig';
import type { FakeTokenService } from '../../sim/helpers/token-service';

let fake: FakeTt;
let server: FakeTokenService;
let store: PrejoinStore;

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  if (store) await Promise.all([store.release(), flush(50)]);
  jest.useRealTimers();
});

test.each<[string, Record<string, string>, string]>([
  ['a userId without a token', { roomId: 'room-1', userId: 'alice' }, '链接不完整，缺少进入房间所需的部分'],
  ['a token without a userId', { roomId: 'room-1', token: 'some-token' }, '缺少用户 ID'],
])('%s: the link line fails, nothing else runs', async (_n, query, text) => {
  ({ fake, server, store } = prejoinRig());
  store.start(query);
  await flush();
  expect(store.checks.link).toEqual({ state: 'fail', text });
  expect(store.verdict).toEqual({ kind: 'stop', retryable: false });
  expect(store.roomId).toBe('');
  expect(server.requests).toEqual([]);
  expect(fake.control.calls).toEqual([]);
});
