// The room store's derived state as the page sees it: who is counted and shown when the members list
// does not name me, how soon a newcomer's tile appears while a speaker's dwell is pending, and which
// events leave the page's tiles section alone (a perf contract: docs/perf.md, CPU).
import { bindSections, type SetDataTarget } from '../../view/binding';
import { roomViewSections } from '../../view/room-view';
import { ME, createRoomHarness, type RoomHarness } from '../../sim/helpers/room-harness';

let h: RoomHarness;

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  expect(await h.leaveRoom(1000)).toEqual({ violations: [], liveContexts: 0 });
  jest.useRealTimers();
});

async function joined(): Promise<RoomHarness> {
  h = createRoomHarness();
  await h.join();
  return h;
}

const pageIds = (): string[] => h.store.pageTiles.map((t) => t.userId);

describe('a members list that does not name me', () => {
  // The platform may list others only (an invisible session, or before it lists me): self is not
  // there to drop, and everyone listed is a remote person, once.
  test('everyone listed gets one tile and is counted once', async () => {
    await joined();
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: ['bob', 'carol'] });
    await h.settle();
    expect(h.store.tiles.map((t) => t.userId)).toEqual([ME, 'bob', 'carol']);
    expect(h.store.memberCount).toBe(3);
    expect(pageIds()).toEqual(['bob', 'carol']);
  });
});

describe('the grid while a speaker dwells', () => {
  test('someone joining while a speaker is talking gets a tile within a frame or so, not when the dwell ends', async () => {
    await joined();
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: [ME, 'bob'] });
    await h.settle(100);
    // bob starts talking: the grid checks again when his dwell (1.5 s) runs out.
    h.fake.control.emitRaw('onRtcChatSpeakersChanged', { userIdList: ['bob'] });
    await h.settle(100);
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: [ME, 'bob', 'carol'] });
    await h.settle(50);
    expect(pageIds()).toEqual(['bob', 'carol']);
  });
});

describe('what leaves the tiles section alone', () => {
  /** Counts builds per section of the room page, bound as room.ts binds it. */
  function bindCounted(): { builds: number[]; dispose(): void } {
    const builds = [0, 0, 0, 0];
    const page: SetDataTarget = { setData: () => undefined };
    const binding = bindSections(
      page,
      roomViewSections(h.store).map((f, i) => () => {
        builds[i]++;
        return f();
      }),
    );
    return { builds, dispose: () => binding.dispose() };
  }

  test('someone on page 2 starting to talk rebuilds nothing the page shows until they move to page 1', async () => {
    await joined();
    const others = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'];
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: [ME, ...others] });
    await h.settle(5000);
    expect(pageIds()).not.toContain('p7');
    const bound = bindCounted();
    await h.settle(50);
    const before = bound.builds.slice();
    // Changes who is talking (my tile and the page's tiles are derived again), not what page 1 shows.
    h.fake.control.emitRaw('onRtcChatSpeakersChanged', { userIdList: ['p7'] });
    await h.settle(200);
    expect(bound.builds[0] - before[0]).toBe(0);
    // The check is not vacuous: once p7 is promoted to page 1, the section is rebuilt.
    await h.settle(2000);
    expect(pageIds()).toContain('p7');
    expect(bound.builds[0] - before[0]).toBeGreaterThan(0);
    bound.dispose();
  });

  test('a camera turning on on page 2 rebuilds nothing the page shows', async () => {
    await joined();
    const others = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'];
    h.fake.control.emitRaw('onRtcChatMembersChanged', { userIdList: [ME, ...others] });
    await h.settle(5000);
    const bound = bindCounted();
    await h.settle(50);
    const before = bound.builds.slice();
    h.fake.control.emitRaw('onRtcVideoMembersChanged', { userIdList: ['p7'] });
    await h.settle(200);
    expect(bound.builds[0] - before[0]).toBe(0);
    // Whereas a camera on page 1 changes a tile there.
    h.fake.control.emitRaw('onRtcVideoMembersChanged', { userIdList: ['p7', 'p0'] });
    await h.settle(200);
    expect(bound.builds[0] - before[0]).toBe(1);
    bound.dispose();
  });
});
