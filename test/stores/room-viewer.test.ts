// A viewer link (subscribe-only token): no capture, no permission reads, no publishing, invisible —
// before the join where the platform allows it, right after otherwise — and the share is watched.
import { Privilege } from '../../server/src/token/access-token';
import type { FakeTtOptions } from '../../sim/fake-tt';
import { ME, ROOM, createRoomHarness, type RoomHarness } from '../../sim/helpers/room-harness';

let h: RoomHarness;

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  const p = h.store.leave();
  await h.settle(100);
  await p;
  expect(h.fake.control.violations).toEqual([]);
  expect(h.fake.control.liveContexts).toBe(0);
  jest.useRealTimers();
});

function viewerQuery(): Record<string, string> {
  const token = h.cloud.mintToken(ROOM, ME, { privileges: { [Privilege.SubscribeStream]: 0 } });
  return { roomId: ROOM, userId: ME, token: encodeURIComponent(token) };
}

describe.each([
  ['visibility refused before the join', { visibilityBeforeJoin: 'refused' }],
  ['visibility kept before the join', { visibilityBeforeJoin: 'kept' }],
] as Array<[string, FakeTtOptions]>)('a viewer (%s)', (_name, tt) => {
  test('watches the share invisibly: no capture, no permissions, no publishing', async () => {
    h = createRoomHarness({ tt });
    const teacher = h.cloud.addRemote(ROOM, 'teacher', { camera: true, mic: true, platform: 'web' });
    const peer = h.cloud.addRemote(ROOM, 'peer', { platform: 'web' });
    void peer;
    teacher.startScreenShare();
    h.store.open(h.query({ ...viewerQuery() }));
    await h.settle(3000);
    expect(h.store.phase).toBe('joined');
    expect(h.store.role).toBe('viewer');
    const apis = h.fake.control.calls.map((c) => c.api);
    expect(apis).not.toContain('ctx.changeVideoCapture');
    expect(apis).not.toContain('ctx.changeAudioCapture');
    expect(apis).not.toContain('tt.getSetting');
    expect(apis).not.toContain('tt.authorize');
    expect(apis).not.toContain('ctx.changeStreamPublishState');
    expect(h.fake.control.callsTo('ctx.joinRtcRoom')[0].args).toMatchObject({ roomConfig: { autoPublish: false, autoSubscribe: false } });
    // Nobody sees the viewer; the viewer sees and hears the teacher's share.
    expect(h.cloud.room(ROOM).members).toEqual(['teacher', 'peer']);
    expect(h.cloud.room(ROOM).member(ME)!.receiving().screen).toEqual(['teacher']);
    const when = tt.visibilityBeforeJoin === 'kept' ? 'invisible before join' : 'invisible after join';
    expect(h.store.stateLog.some((e) => e.message === when)).toBe(true);
  });
});

test('a viewer tapping the mic or camera is told why nothing happens', async () => {
  h = createRoomHarness();
  h.store.open(viewerQuery());
  await h.settle(3000);
  h.store.toggleMic();
  h.store.toggleCamera();
  await h.settle();
  expect(h.store.notice!.text).toBe('你以观看者身份加入，不能开麦或开摄像头');
  expect(h.fake.control.callsTo('ctx.changeAudioCapture')).toHaveLength(0);
  expect(h.fake.control.callsTo('ctx.changeVideoCapture')).toHaveLength(0);
});

test('a viewer stays invisible across a reconnect', async () => {
  h = createRoomHarness();
  h.cloud.addRemote(ROOM, 'teacher', { camera: true, platform: 'web' });
  h.store.open(viewerQuery());
  await h.settle(3000);
  h.fake.control.interrupt();
  await h.settle(3000);
  expect(h.store.phase).toBe('joined');
  expect(h.cloud.room(ROOM).members).toEqual(['teacher']);
  expect(h.fake.control.callsTo('ctx.changeVideoCapture')).toHaveLength(0);
});

test('a member token is a member: captures and is seen', async () => {
  h = createRoomHarness();
  h.store.open(h.query());
  await h.settle(3000);
  expect(h.store.role).toBe('member');
  expect(h.cloud.room(ROOM).members).toEqual([ME]);
  expect(h.cloud.room(ROOM).video).toEqual([ME]);
});
