// bindView: the one place where MobX state reaches setData. Locks what it sends and when: path
// updates only, at most one setData per frame, nothing for changes the view does not show.
import fc from 'fast-check';
import { makeAutoObservable, runInAction } from 'mobx-miniprogram';
import { roomViewSections, selectRoomView } from '../../view/room-view';
import { bindSections, bindView, FRAME_MS, type SetDataTarget } from '../../view/binding';
import { createRoomHarness, ROOM, type RoomHarness } from '../../sim/helpers/room-harness';
import { applySetData } from '../../sim/mini-program';

interface Call {
  at: number;
  patch: Record<string, unknown>;
}

/** A page stand-in: records each setData and applies it with mini-program path semantics. */
class FakePage implements SetDataTarget {
  data: Record<string, unknown> = {};
  calls: Call[] = [];
  setData(patch: Record<string, unknown>): void {
    this.calls.push({ at: Date.now(), patch: JSON.parse(JSON.stringify(patch)) as Record<string, unknown> });
    applySetData(this.data, patch);
  }
  get patches(): Array<Record<string, unknown>> {
    return this.calls.map((c) => c.patch);
  }
}

interface Member {
  userId: string;
  cameraOn: boolean;
  speaking: boolean;
}

class Room {
  phase = 'joined';
  members: Member[] = [];
  /** Read by the view only as "anyone waiting?", so most changes to it do not change the view. */
  waiting = 0;
  log: string[] = [];
  constructor(ids: string[]) {
    this.members = ids.map((userId) => ({ userId, cameraOn: true, speaking: false }));
    makeAutoObservable(this);
  }
}

function view(room: Room) {
  return {
    phase: room.phase,
    remotes: room.members.map((m) => ({ userId: m.userId, cameraOn: m.cameraOn, speaking: m.speaking })),
    someoneWaiting: room.waiting > 0,
    memberCount: room.members.length + 1,
  };
}

const IDS = ['bob', 'carol', 'dave', 'erin', 'frank'];

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('bindView', () => {
  test('the first view is sent whole and at once', () => {
    const room = new Room(IDS);
    const page = new FakePage();
    bindView(page, () => view(room));
    expect(page.patches).toEqual([view(room)]);
  });

  test("one tile's speaking flips → exactly that path, one frame later", () => {
    const room = new Room(IDS);
    const page = new FakePage();
    bindView(page, () => view(room));
    runInAction(() => (room.members[3].speaking = true));
    jest.advanceTimersByTime(FRAME_MS - 1);
    expect(page.calls).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(page.patches.slice(1)).toEqual([{ 'remotes[3].speaking': true }]);
  });

  test('a burst of changes within a frame → one setData with the final values', () => {
    const room = new Room(IDS);
    const page = new FakePage();
    bindView(page, () => view(room));
    for (let i = 0; i < 20; i++) {
      runInAction(() => (room.members[i % 5].speaking = !room.members[i % 5].speaking));
      if (i === 10) jest.advanceTimersByTime(FRAME_MS - 6);
    }
    runInAction(() => (room.members[1].cameraOn = false));
    jest.advanceTimersByTime(FRAME_MS);
    expect(page.calls).toHaveLength(2);
    // Each member flipped 4 times (back to false); only the camera change remains.
    expect(page.patches[1]).toEqual({ 'remotes[1].cameraOn': false });
  });

  test('steady churn never produces more than one setData per frame', () => {
    const room = new Room(IDS);
    const page = new FakePage();
    bindView(page, () => view(room));
    for (let t = 0; t < 1000; t += 3) {
      runInAction(() => (room.members[t % 5].speaking = !room.members[t % 5].speaking));
      jest.advanceTimersByTime(3);
    }
    jest.advanceTimersByTime(FRAME_MS);
    const times = page.calls.slice(1).map((c) => c.at);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(FRAME_MS);
    expect(page.data).toEqual(view(room));
  });

  test('a change the view does not show sends nothing', () => {
    const room = new Room(IDS);
    room.waiting = 1;
    const page = new FakePage();
    bindView(page, () => view(room));
    runInAction(() => (room.waiting = 5));
    runInAction(() => room.log.push('not in the view either'));
    jest.advanceTimersByTime(10 * FRAME_MS);
    expect(page.calls).toHaveLength(1);
  });

  test('a change undone within the frame sends nothing', () => {
    const room = new Room(IDS);
    const page = new FakePage();
    bindView(page, () => view(room));
    runInAction(() => (room.phase = 'reconnecting'));
    jest.advanceTimersByTime(5);
    runInAction(() => (room.phase = 'joined'));
    jest.advanceTimersByTime(10 * FRAME_MS);
    expect(page.calls).toHaveLength(1);
  });

  test('a growing list sends the new element by index; a shrinking one is sent whole', () => {
    const room = new Room(IDS);
    const page = new FakePage();
    bindView(page, () => view(room));
    runInAction(() => room.members.push({ userId: 'gina', cameraOn: false, speaking: false }));
    jest.advanceTimersByTime(FRAME_MS);
    expect(page.patches[1]).toEqual({ 'remotes[5]': { userId: 'gina', cameraOn: false, speaking: false }, memberCount: 7 });
    runInAction(() => room.members.splice(1, 1));
    jest.advanceTimersByTime(FRAME_MS);
    expect(page.patches[2]).toEqual({ remotes: view(room).remotes, memberCount: 6 });
    expect(page.data).toEqual(view(room));
  });

  test('a key that leaves the view is sent as null', () => {
    const room = new Room(IDS);
    const page = new FakePage();
    bindView(page, () => (room.phase === 'joined' ? { phase: room.phase, stage: { userId: 'bob' } } : { phase: room.phase }));
    runInAction(() => (room.phase = 'left'));
    jest.advanceTimersByTime(FRAME_MS);
    expect(page.patches[1]).toEqual({ phase: 'left', stage: null });
  });

  test('flush sends pending changes at once, and the frame timer then sends nothing more', () => {
    const room = new Room(IDS);
    const page = new FakePage();
    const binding = bindView(page, () => view(room));
    runInAction(() => (room.phase = 'reconnecting'));
    binding.flush();
    expect(page.patches[1]).toEqual({ phase: 'reconnecting' });
    jest.advanceTimersByTime(10 * FRAME_MS);
    expect(page.calls).toHaveLength(2);
    binding.flush();
    expect(page.calls).toHaveLength(2);
  });

  test('dispose stops updates, including a change already waiting for its frame', () => {
    const room = new Room(IDS);
    const page = new FakePage();
    const binding = bindView(page, () => view(room));
    runInAction(() => (room.phase = 'leaving'));
    binding.dispose();
    jest.advanceTimersByTime(10 * FRAME_MS);
    runInAction(() => (room.phase = 'left'));
    jest.advanceTimersByTime(10 * FRAME_MS);
    binding.flush();
    expect(page.calls).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('the view is built once per frame, not once per change', () => {
    const room = new Room(IDS);
    const page = new FakePage();
    let builds = 0;
    bindView(page, () => {
      builds++;
      return view(room);
    });
    for (let i = 0; i < 50; i++) runInAction(() => (room.members[i % 5].cameraOn = !room.members[i % 5].cameraOn));
    expect(builds).toBe(1);
    jest.advanceTimersByTime(FRAME_MS);
    expect(builds).toBe(2);
  });

  test('later mutations of what select returned do not leak into what was sent', () => {
    const shared = { list: [1, 2, 3] };
    const room = new Room(IDS);
    const page = new FakePage();
    bindView(page, () => ({ phase: room.phase, shared }));
    shared.list.push(4); // not observable: the binding must not see it as "already sent"
    runInAction(() => (room.phase = 'left'));
    jest.advanceTimersByTime(FRAME_MS);
    expect(page.patches[1]).toEqual({ phase: 'left', 'shared.list[3]': 4 });
  });

  test('property: any schedule of changes ends with page data equal to the view, ≤ 1 setData per frame', () => {
    const op = fc.record({
      at: fc.integer({ min: 0, max: 40 }),
      who: fc.integer({ min: 0, max: 7 }),
      kind: fc.constantFrom('speak', 'camera', 'join', 'leave', 'phase', 'waiting'),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const room = new Room(IDS);
        const page = new FakePage();
        const binding = bindView(page, () => view(room));
        let n = 0;
        for (const o of ops) {
          jest.advanceTimersByTime(o.at);
          runInAction(() => {
            const m = room.members[o.who % Math.max(1, room.members.length)];
            if (o.kind === 'speak' && m) m.speaking = !m.speaking;
            else if (o.kind === 'camera' && m) m.cameraOn = !m.cameraOn;
            else if (o.kind === 'join') room.members.push({ userId: `new-${n++}`, cameraOn: o.who % 2 === 0, speaking: false });
            else if (o.kind === 'leave' && m) room.members.splice(room.members.indexOf(m), 1);
            else if (o.kind === 'phase') room.phase = room.phase === 'joined' ? 'reconnecting' : 'joined';
            else if (o.kind === 'waiting') room.waiting = o.who;
          });
        }
        jest.advanceTimersByTime(FRAME_MS);
        expect(page.data).toEqual(view(room));
        const times = page.calls.slice(1).map((c) => c.at);
        for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(FRAME_MS);
        for (const p of page.patches.slice(1)) expect(Object.keys(p).length).toBeGreaterThan(0);
        binding.dispose();
      }),
      { numRuns: 200 },
    );
  });
});

describe('bindView on the real room store and view (simulated Douyin runtime)', () => {
  let h: RoomHarness;

  afterEach(async () => {
    const left = h.store.leave();
    await h.settle(100);
    await left;
  });

  test("a remote starts talking → exactly {'remotes[3].speaking': true}", async () => {
    h = createRoomHarness();
    const page = new FakePage();
    const binding = bindView(page, () => selectRoomView(h.store));
    h.store.open(h.query());
    await h.settle(50);
    const users = ['bob', 'carol', 'dave', 'erin', 'frank'].map((id) => h.cloud.addRemote(ROOM, id, { camera: true, mic: true, platform: 'web' }));
    await h.settle(50);
    expect(page.data).toEqual(JSON.parse(JSON.stringify(selectRoomView(h.store))));
    const before = page.calls.length;
    users[3].speak(true);
    await h.settle(50);
    expect(page.patches.slice(before)).toEqual([{ 'remotes[3].speaking': true }]);
    binding.dispose();
  });

  test('a remote leaving and three speaker changes at once → one setData', async () => {
    h = createRoomHarness();
    const page = new FakePage();
    const binding = bindView(page, () => selectRoomView(h.store));
    h.store.open(h.query());
    await h.settle(50);
    const users = ['bob', 'carol', 'dave', 'erin'].map((id) => h.cloud.addRemote(ROOM, id, { camera: true, mic: true, platform: 'web' }));
    await h.settle(50);
    const before = page.calls.length;
    users[0].speak(true);
    users[2].speak(true);
    users[3].setCamera(false);
    users[1].leave();
    await h.settle(50);
    expect(page.calls.length - before).toBe(1);
    expect(page.data).toEqual(JSON.parse(JSON.stringify(selectRoomView(h.store))));
    binding.dispose();
  });

  test('bound by sections as room.ts binds it: the same data, and a speaker flip rebuilds the tiles section alone', async () => {
    h = createRoomHarness();
    const page = new FakePage();
    const builds = [0, 0, 0, 0];
    const counted = roomViewSections(h.store).map((f, i) => () => {
      builds[i]++;
      return f();
    });
    const binding = bindSections(page, counted);
    h.store.open(h.query());
    await h.settle(50);
    const users = ['bob', 'carol', 'dave'].map((id) => h.cloud.addRemote(ROOM, id, { camera: true, mic: true, platform: 'web' }));
    await h.settle(50);
    expect(page.data).toEqual(JSON.parse(JSON.stringify(selectRoomView(h.store))));
    const before = builds.slice();
    users[1].speak(true);
    await h.settle(50);
    expect(page.patches[page.patches.length - 1]).toEqual({ 'remotes[1].speaking': true });
    expect(builds.map((b, i) => b - before[i])).toEqual([1, 0, 0, 0]);
    binding.dispose();
  });

  test('bound by sections: a third page appearing rebuilds the tiles (count, pager) but not the layout around them', async () => {
    h = createRoomHarness();
    const page = new FakePage();
    const builds = [0, 0, 0, 0];
    const binding = bindSections(
      page,
      roomViewSections(h.store).map((f, i) => () => {
        builds[i]++;
        return f();
      }),
    );
    h.store.open(h.query());
    await h.settle(50);
    for (let i = 0; i < 12; i++) h.cloud.addRemote(ROOM, `u${i}`, { camera: true, mic: false, platform: 'web' });
    await h.settle(50);
    expect(page.data.grid).toEqual({ page: 1, pages: 2 });
    const before = builds.slice();
    h.cloud.addRemote(ROOM, 'u12', { camera: true, mic: false, platform: 'web' });
    await h.settle(50);
    expect(page.data.grid).toEqual({ page: 1, pages: 3 });
    expect(page.data.memberCount).toBe(14);
    expect(builds[2] - before[2]).toBe(0);
    expect(page.data).toEqual(JSON.parse(JSON.stringify(selectRoomView(h.store))));
    binding.dispose();
  });
});

describe('bindSections', () => {
  function sections(room: Room, builds: number[]) {
    return [
      () => {
        builds[0]++;
        return { remotes: view(room).remotes };
      },
      () => {
        builds[1]++;
        return { phase: room.phase, memberCount: room.members.length + 1 };
      },
    ];
  }

  test('the first setData carries every section; a change rebuilds only the section that read it', () => {
    const room = new Room(IDS);
    const page = new FakePage();
    const builds = [0, 0];
    bindSections(page, sections(room, builds));
    expect(page.patches).toEqual([{ remotes: view(room).remotes, phase: 'joined', memberCount: 6 }]);
    runInAction(() => (room.members[2].speaking = true));
    jest.advanceTimersByTime(FRAME_MS);
    expect(builds).toEqual([2, 1]);
    expect(page.patches[1]).toEqual({ 'remotes[2].speaking': true });
  });

  test('changes in two sections within a frame → one setData with both', () => {
    const room = new Room(IDS);
    const page = new FakePage();
    bindSections(page, sections(room, [0, 0]));
    runInAction(() => (room.members[0].cameraOn = false));
    runInAction(() => (room.phase = 'reconnecting'));
    jest.advanceTimersByTime(FRAME_MS);
    expect(page.patches.slice(1)).toEqual([{ 'remotes[0].cameraOn': false, phase: 'reconnecting' }]);
  });

  test('two sections writing the same key is refused at once', () => {
    const room = new Room(IDS);
    expect(() => bindSections(new FakePage(), [() => ({ phase: room.phase }), () => ({ phase: 'x' })])).toThrow('key "phase" is in two sections');
  });

  test('dispose stops every section', () => {
    const room = new Room(IDS);
    const page = new FakePage();
    const binding = bindSections(page, sections(room, [0, 0]));
    runInAction(() => (room.phase = 'left'));
    binding.dispose();
    runInAction(() => (room.members[0].speaking = true));
    jest.advanceTimersByTime(10 * FRAME_MS);
    expect(page.calls).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
