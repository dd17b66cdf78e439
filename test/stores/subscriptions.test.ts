// SubscriptionSync against the simulated platform: the phone receives what the plan says, changes
// are debounced and rate-limited, and a platform that only takes streamType 'both' gets 'both'.
import { createRtcRoom, type RtcRoom } from '../../services/rtc/rtc-room';
import { planSubscriptions, type SubscriptionPlan } from '../../stores/subscription-plan';
import { SubscriptionSync } from '../../stores/subscriptions';
import { RtcCloud, SIM_APP_ID } from '../../sim/cloud';
import { createFakeTt, type FakeTt, type FakeTtOptions } from '../../sim/fake-tt';
import { flush } from '../../sim/time';

let cloud: RtcCloud;
let fake: FakeTt;
let rtc: RtcRoom;
let logs: string[];
let sync: SubscriptionSync;

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `u${i + 1}`);

async function setup(tt: FakeTtOptions, remotes = 30): Promise<void> {
  cloud = new RtcCloud({ maxVisibleUsers: 100 });
  for (const id of ids(remotes)) cloud.addRemote('r', id, { camera: true, mic: true, platform: 'web' });
  fake = createFakeTt(cloud, tt);
  rtc = createRtcRoom(fake.tt, SIM_APP_ID);
  const joined = rtc.join({ roomId: 'r', userId: 'me', token: cloud.mintToken('r', 'me'), autoSubscribe: false });
  await flush();
  await joined;
  logs = [];
  sync = new SubscriptionSync({ log: (m) => logs.push(m), debounceMs: 300, maxWaitMs: 1000, maxOpsPerSecond: 10 });
  sync.attach(rtc);
}

const receiving = (): { audio: string[]; video: string[]; screen: string[] } => cloud.room('r').member('me')!.receiving();
const plan = (page: string[], speakers: string[] = [], members = ids(30)): SubscriptionPlan =>
  planSubscriptions({ onScreen: page, stage: null, videoPublishers: members, members, speakers }, { video: 6, audio: 8 });

beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  sync.detach();
  jest.useRealTimers();
});

test("split stream types: exactly the page's videos and the planned audio arrive; a page change swaps them", async () => {
  await setup({ subscribeStreamTypes: 'all' });
  sync.update(plan(ids(6)));
  await flush(3000);
  expect(receiving().video.sort()).toEqual(ids(6).sort());
  expect(receiving().audio).toHaveLength(8);
  sync.update(plan(ids(12).slice(6)));
  await flush(3000);
  expect(receiving().video.sort()).toEqual(ids(12).slice(6).sort());
  expect(receiving().video).toHaveLength(6);
  expect(logs).toEqual([]);
});

test("'both' only: falls back once, says so, and receives audio+video of the people on screen only", async () => {
  await setup({ subscribeStreamTypes: 'both-only' });
  sync.update(plan(ids(6)));
  await flush(3000);
  expect(sync.mode).toBe('both');
  expect(logs.filter((l) => l.includes("refused: subscribing 'both'"))).toHaveLength(1);
  expect(receiving().video.sort()).toEqual(ids(6).sort());
  expect(receiving().audio.sort()).toEqual(ids(6).sort());
});

test('speaker churn every 300 ms for a minute: no storm, never more than 10 calls a second, and it converges', async () => {
  await setup({ subscribeStreamTypes: 'all' });
  const members = ids(30);
  sync.update(plan(ids(6), [], members));
  await flush(3000);
  const before = sync.calls;
  const perSecond: number[] = [];
  const calls = (): number => fake.control.calls.filter((c) => c.api === 'ctx.changeStreamSubscribeState').length;
  let last = calls();
  for (let t = 0; t < 60000; t += 300) {
    const talker = members[(t / 300) % members.length];
    sync.update(plan(ids(6), [talker], members));
    await flush(300);
    if (t % 900 === 0) {
      perSecond.push(calls() - last);
      last = calls();
    }
    const v = receiving().video;
    expect(v.length).toBeLessThanOrEqual(6);
  }
  await flush(3000);
  // Audio holds 8 of 30 and a new talker every 300 ms: applied one change per call it would be 300
  // calls (200 updates × a drop and an add); debounced with maxWait 1 s it is one swap a second.
  expect(sync.calls - before).toBeLessThanOrEqual(60 * 2 + 40);
  expect(Math.max(...perSecond)).toBeLessThanOrEqual(10);
  const final = plan(ids(6), [members[(59700 / 300) % members.length]], members);
  expect(receiving().audio.sort()).toEqual([...final.audio].sort());
});

test('a refused subscription (stream cap) is logged and skipped, not retried in a loop', async () => {
  await setup({ subscribeStreamTypes: 'all' });
  cloud.options.maxSubscribedStreams = 3;
  sync.update(plan(ids(6)));
  await flush(5000);
  const n = sync.calls;
  await flush(10000);
  expect(sync.calls).toBe(n);
  expect(logs.some((l) => l.includes('limit'))).toBe(true);
  expect(receiving().video.length + receiving().audio.length).toBeLessThanOrEqual(3);
});

test('a new context asks again for what the last one refused (the plan is read afresh on attach)', async () => {
  await setup({ subscribeStreamTypes: 'all' });
  cloud.options.maxSubscribedStreams = 3;
  sync.update(plan(ids(6)));
  await flush(5000);
  expect(receiving().video.length + receiving().audio.length).toBeLessThanOrEqual(3);
  // Reconnected (the store detaches and attaches the new context); the cap is no longer in the way.
  cloud.options.maxSubscribedStreams = 100;
  sync.detach();
  sync.attach(rtc);
  await flush(5000);
  expect(receiving().video.sort()).toEqual(ids(6).sort());
  expect(receiving().audio).toHaveLength(8);
});

test('after detach nothing is called; a new context starts from nothing', async () => {
  await setup({ subscribeStreamTypes: 'all' });
  sync.update(plan(ids(6)));
  await flush(3000);
  sync.detach();
  const n = fake.control.calls.length;
  sync.update(plan(ids(12).slice(6)));
  await flush(3000);
  expect(fake.control.calls.length).toBe(n);
});

test('a change waits for 300 ms of quiet, and constant changes still go out 1 s after the first', async () => {
  await setup({ subscribeStreamTypes: 'all' });
  sync.update(plan(ids(6)));
  await flush(3000);
  const subscribeTimes = (): number[] => fake.control.calls.filter((c) => c.api === 'ctx.changeStreamSubscribeState').map((c) => c.at);
  const n = subscribeTimes().length;
  const t0 = Date.now();
  // A swap, changed again 200 ms later: nothing before 200 + 300 ms.
  sync.update(plan(ids(7).slice(1)));
  await flush(200);
  sync.update(plan(ids(8).slice(2)));
  await flush(299);
  expect(subscribeTimes()).toHaveLength(n);
  await flush(1);
  expect(subscribeTimes()[n] - t0).toBe(500);
  await flush(3000);
  // Changes every 100 ms without a pause: the first call goes out 1 s after the first change.
  const m = subscribeTimes().length;
  const t1 = Date.now();
  for (let i = 0; i < 15; i++) {
    sync.update(plan(ids(6), [`u${10 + i}`]));
    await flush(100);
  }
  expect(subscribeTimes()[m] - t1).toBe(1000);
});
