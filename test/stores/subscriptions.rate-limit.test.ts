// SubscriptionSync's maxOpsPerSecond: in no second do more calls go out than allowed, whether the
// platform answers after a hop or refuses on the spot (an old Douyin without the method), and a
// big change still completes.
import { createRtcRoom } from '../../services/rtc/rtc-room';
import type { SubscriptionPlan } from '../../stores/subscription-plan';
import { SubscriptionSync } from '../../stores/subscriptions';
import { RtcCloud, SIM_APP_ID } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';
import { flush } from '../../sim/time';

const MAX = 3;
let cloud: RtcCloud;
let fake: FakeTt;
let sync: SubscriptionSync;
/** When each log line was written (one per refused call). */
let logTimes: number[];

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `u${i + 1}`);
const receiving = (): { audio: string[]; video: string[] } => cloud.room('r').member('me')!.receiving();
const PLAN: SubscriptionPlan = { screen: [], video: ids(6), audio: ids(8), both: [] };

beforeEach(async () => {
  jest.useFakeTimers();
  cloud = new RtcCloud({ maxVisibleUsers: 100 });
  for (const id of ids(8)) cloud.addRemote('r', id, { camera: true, mic: true, platform: 'web' });
  fake = createFakeTt(cloud, { subscribeStreamTypes: 'all' });
  const rtc = createRtcRoom(fake.tt, SIM_APP_ID);
  const joined = rtc.join({ roomId: 'r', userId: 'me', token: cloud.mintToken('r', 'me'), autoSubscribe: false });
  await flush();
  await joined;
  logTimes = [];
  sync = new SubscriptionSync({ log: () => logTimes.push(Date.now()), debounceMs: 300, maxWaitMs: 1000, maxOpsPerSecond: MAX });
  sync.attach(rtc);
});
afterEach(() => {
  sync.detach();
  jest.useRealTimers();
});

/** The most calls inside any 1000 ms window [t, t + 1000). */
function busiestSecond(times: number[]): number {
  let most = 0;
  for (const t of times) most = Math.max(most, times.filter((u) => u >= t && u < t + 1000).length);
  return most;
}

test('14 changes at once go out at most 3 a second, and all arrive', async () => {
  sync.update(PLAN);
  await flush(10000);
  const times = fake.control.callsTo('ctx.changeStreamSubscribeState').map((c) => c.at);
  expect(times).toHaveLength(14);
  expect(busiestSecond(times)).toBe(MAX);
  // 14 calls at 3 a second: the last goes out in the fifth second, not earlier.
  expect(times[13] - times[0]).toBeGreaterThanOrEqual(4000);
  expect(receiving().video.sort()).toEqual(ids(6));
  expect(receiving().audio.sort()).toEqual(ids(8));
});

test('calls refused on the spot are paced the same', async () => {
  fake.control.removeMethod('ctx.changeStreamSubscribeState');
  sync.update(PLAN);
  await flush(10000);
  expect(logTimes).toHaveLength(14);
  expect(sync.calls).toBe(14);
  expect(busiestSecond(logTimes)).toBe(MAX);
});
