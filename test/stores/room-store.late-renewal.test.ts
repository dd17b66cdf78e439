// A token renewal (with a token service) that answers only after the session it started in has moved
// on: reconnected, or left, rejoined and reconnected again. What the user sees (notices, the token time
// left in diagnostics) and what the platform gets (joins) must be the running session's, not the stale
// answer's.
import { reaction } from 'mobx-miniprogram';
import { readTokenExpiry } from '../../services/link-token';
import type { TokenSource } from '../../stores/room-deps';
import { NOTICE } from '../../stores/messages';
import { ME, ROOM, createRoomHarness, type RoomHarness } from '../../sim/helpers/room-harness';

let h: RoomHarness;

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  expect(await h.leaveRoom(1000)).toEqual({ violations: [], liveContexts: 0 });
  jest.useRealTimers();
});

interface Call {
  delayMs: number;
  fail?: boolean;
  ttlMs?: number;
}

/** A token service whose n-th fetch answers as `calls[n - 1]` says (later ones: 10 ms, ok). */
function scriptedSource(calls: Call[]): TokenSource & { tokens: string[]; count: number } {
  const source = {
    count: 0,
    tokens: [] as string[],
    fetchToken: (roomId: string, userId: string): Promise<string> => {
      const c = calls[source.count++] || { delayMs: 10 };
      return new Promise<string>((resolve, reject) =>
        setTimeout(() => {
          if (c.fail) return reject(new Error('token service down'));
          const token = h.cloud.mintToken(roomId, userId, { ttlMs: c.ttlMs });
          source.tokens.push(token);
          resolve(token);
        }, c.delayMs),
      );
    },
  };
  return source;
}

/** Every notice shown from now on (the page toasts each one). */
function noticesFromNow(): string[] {
  const seen: string[] = [];
  reaction(
    () => h.store.notice,
    (n) => {
      if (n) seen.push(n.text);
    },
  );
  return seen;
}

const joins = (): number => h.fake.control.callsTo('ctx.joinRtcRoom').length;

async function joinedWith(source: TokenSource): Promise<void> {
  h = createRoomHarness({ tokenSource: source, readTokenExpiry });
  await h.join(h.query({ token: encodeURIComponent(h.cloud.mintToken(ROOM, ME, { ttlMs: 600000 })) }));
}

/** The platform warns, the renewal fetch goes out, then the connection drops and is rejoined. */
async function renewalThenReconnect(): Promise<void> {
  h.cloud.warnTokenExpiry(ME);
  await h.settle(20);
  h.fake.control.interrupt();
  // Backoff (1 s), the rejoin's own fetch (10 ms), the join.
  await h.settle(1500);
  expect(h.store.phase).toBe('joined');
}

describe('a renewal that answers after a completed reconnect', () => {
  test('a late renewal token does not replace the expiry shown for the token the session runs on', async () => {
    // The renewal answers at 5 s with a 2-hour token; the rejoin runs on its own 10-minute one.
    const source = scriptedSource([{ delayMs: 5000, ttlMs: 7200000 }, { delayMs: 10, ttlMs: 600000 }]);
    await joinedWith(source);
    await renewalThenReconnect();
    await h.settle(5000);
    expect(source.tokens).toHaveLength(2);
    const running = h.cloud.room(ROOM).member(ME)!.tokenExpiresAt!;
    // What diagnostics shows as time left is the running token's, not the late two-hour one.
    expect(Math.abs(h.store.tokenExpiresAt! - running)).toBeLessThan(1000);
    expect(h.fake.control.callsTo('ctx.updateToken')).toHaveLength(0);
  });

  test('a late renewal failure shows no notice and starts no second rejoin', async () => {
    const source = scriptedSource([{ delayMs: 5000, fail: true }]);
    await joinedWith(source);
    const seen = noticesFromNow();
    await renewalThenReconnect();
    await h.settle(8000);
    expect(h.store.phase).toBe('joined');
    expect(seen).toEqual([NOTICE.reconnected]);
    expect(joins()).toBe(2);
  });
});

describe('a renewal that fails while the reconnect still runs', () => {
  test('the user is told only that the call reconnected, not that a renewal failed', async () => {
    // The renewal fails at 1.2 s, while the rejoin (after 1 s of backoff) waits for its own token.
    const source = scriptedSource([{ delayMs: 1200, fail: true }, { delayMs: 1000 }]);
    await joinedWith(source);
    const seen = noticesFromNow();
    h.cloud.warnTokenExpiry(ME);
    await h.settle(20);
    h.fake.control.interrupt();
    await h.settle(3000);
    expect(h.store.phase).toBe('joined');
    expect(seen).toEqual([NOTICE.reconnected]);
    expect(joins()).toBe(2);
  });
});

describe('a renewal from two sessions ago', () => {
  test('answering after reconnect, leave, rejoin and another reconnect, it is told nothing and rejoins nothing', async () => {
    // Each lifecycle change moves the session on; an answer from an older one must never pass for
    // the current one, however many changes came between.
    const source = scriptedSource([{ delayMs: 20000 }]);
    await joinedWith(source);
    await renewalThenReconnect();
    const p = h.store.leave();
    await h.settle(1000);
    await p;
    h.store.rejoin();
    await h.settle();
    expect(h.store.phase).toBe('joined');
    h.fake.control.interrupt();
    await h.settle(1500);
    expect(h.store.phase).toBe('joined');
    const seen = noticesFromNow();
    const before = joins();
    await h.settle(20000);
    expect(source.tokens).toHaveLength(2);
    expect(h.store.phase).toBe('joined');
    expect(seen).toEqual([]);
    expect(joins()).toBe(before);
  });
});
