// The room page's tiles and controls sections (view/room-view.ts) in states the flow tests pass
// through without looking: before the join, after leaving, with the camera flipped or the route
// changed, with one permission refused, and the frozen parts kept while nothing changed.
import { selectRoomView, type RoomView } from '../../view/room-view';
import { ME, ROOM, createRoomHarness, type RoomHarness } from '../../sim/helpers/room-harness';

let h: RoomHarness;

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  expect((await h.leaveRoom(1000)).violations).toEqual([]);
  jest.useRealTimers();
});

async function joined(options: Parameters<typeof createRoomHarness>[0] = {}): Promise<RoomView> {
  h = createRoomHarness(options);
  await h.join();
  return view();
}

const view = (): RoomView => selectRoomView(h.store);
const ids = (v: RoomView): string[] => v.remotes.map((t) => t.userId);

describe('my tile around the join', () => {
  test('while permissions are read (preparing) my tile is already shown', () => {
    h = createRoomHarness();
    h.store.open(h.query());
    const v = view();
    expect(v.phase).toBe('preparing');
    expect(v.self).toMatchObject({ userId: ME, initials: 'AL' });
  });

  test('after leaving: no tiles at all, though people were in the room', async () => {
    await joined();
    h.cloud.addRemote(ROOM, 'bob', { camera: true, platform: 'web' });
    await h.settle();
    expect(ids(view())).toEqual(['bob']);
    const left = h.store.leave();
    await h.settle(1000);
    await left;
    const v = view();
    expect(v.phase).toBe('left');
    expect(v.self).toBeNull();
    expect(v.remotes).toEqual([]);
  });
});

describe('controls', () => {
  test('front camera and loudspeaker at first; a flip and a route change show as such', async () => {
    const v = await joined();
    expect(v.controls).toEqual({ micOn: true, cameraOn: true, front: true, speaker: true, audioOnly: false });
    h.store.flipCamera();
    await h.settle();
    expect(view().controls).toMatchObject({ front: false, speaker: true });
    h.store.toggleSpeaker();
    await h.settle();
    expect(view().controls).toMatchObject({ front: false, speaker: false });
  });
});

describe('permissions: listen-only only when both are refused, the hint when either is', () => {
  test.each([
    ['camera refused', { 'scope.camera': false, 'scope.record': true }, false, true],
    ['microphone refused', { 'scope.camera': true, 'scope.record': false }, false, true],
    ['both refused', { 'scope.camera': false, 'scope.record': false }, true, true],
    ['both allowed', { 'scope.camera': true, 'scope.record': true }, false, false],
  ])('%s', async (_name, permissions, listenOnly, permissionHint) => {
    const v = await joined({ tt: { permissions } });
    expect({ listenOnly: v.listenOnly, permissionHint: v.permissionHint }).toEqual({ listenOnly, permissionHint });
  });
});

describe('the tiles list', () => {
  test('the last person on the page leaving drops their tile', async () => {
    await joined();
    const users = ['bob', 'carol', 'dave'].map((id) => h.cloud.addRemote(ROOM, id, { camera: true, platform: 'web' }));
    await h.settle();
    expect(ids(view())).toEqual(['bob', 'carol', 'dave']);
    users[2].leave();
    await h.settle();
    expect(ids(view())).toEqual(['bob', 'carol']);
  });

  // The binding diffs by identity first (docs/perf.md): an unchanged tile, list, controls or pager must
  // come back as the same frozen object, or every frame re-compares (and re-copies) all of them.
  test('frame to frame, what did not change is the same frozen object; one speaker flip replaces only that tile', async () => {
    await joined();
    const users = ['bob', 'carol', 'dave'].map((id) => h.cloud.addRemote(ROOM, id, { camera: true, mic: true, platform: 'web' }));
    await h.settle();
    const a = view();
    const b = view();
    expect(b.remotes).toBe(a.remotes);
    expect(b.self).toBe(a.self);
    expect(b.controls).toBe(a.controls);
    expect(b.grid).toBe(a.grid);
    expect(Object.isFrozen(a.remotes) && Object.isFrozen(a.controls)).toBe(true);
    users[1].speak(true);
    await h.settle();
    const c = view();
    expect(c.remotes).not.toBe(a.remotes);
    expect(c.remotes[1]).toMatchObject({ userId: 'carol', speaking: true });
    expect(c.remotes[0]).toBe(a.remotes[0]);
    expect(c.remotes[2]).toBe(a.remotes[2]);
    expect(c.controls).toBe(a.controls);
  });
});
