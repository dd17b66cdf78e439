// SubscriptionSync across contexts and runs: nothing is subscribed before a plan exists, calls go
// out one at a time even when changes come while one is out, a context that was detached while its
// call was out gets no further calls, and a new context gets the plan at once even when the old
// context's call never answers (a lost callback during a reconnect).
import { createRtcRoom, type RtcRoom } from '../../services/rtc/rtc-room';
import { planSubscriptions, type SubscriptionPlan } from '../../stores/subscription-plan';
import { SubscriptionSync } from '../../stores/subscriptions';
import { RtcCloud, SIM_APP_ID } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';
import { flush } from '../../sim/time';

let cloud: RtcCloud;
let fake: FakeTt;
let logs: string[];
let sync: SubscriptionSync;

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `u${i + 1}`);
const plan = (page: string[], members = ids(12)): SubscriptionPlan =>
  planSubscriptions({ onScreen: page, stage: null, videoPublishers: members, members, speakers: [] }, { video: 6, audio: 8 });
const receiving = (): { audio: string[]; video: string[]; screen: string[] } => cloud.room('r').member('me')!.receiving();
const subscribeCalls = () => fake.control.calls.filter((c) => c.api === 'ctx.changeStreamSubscribeState');

async function join(): Promise<RtcRoom> {
  const rtc = createRtcRoom(fake.tt, SIM_APP_ID);
  const joined = rtc.join({ roomId: 'r', userId: 'me', token: cloud.mintToken('r', 'me'), autoSubscribe: false });
  await flush();
  await joined;
  return rtc;
}

beforeEach(async () => {
  jest.useFakeTimers();
  cloud = new RtcCloud({ maxVisibleUsers: 100 });
  for (const id of ids(12)) cloud.addRemote('r', id, { camera: true, mic: true, platform: 'web' });
  fake = createFakeTt(cloud, { subscribeStreamTypes: 'all' });
  logs = [];
  sync = new SubscriptionSync({ log: (m) => logs.push(m), debounceMs: 300, maxWaitMs: 1000, maxOpsPerSecond: 10 });
});
afterEach(() => {
  sync.detach();
  jest.useRealTimers();
});

test('attached before any plan: nothing is subscribed and nothing is called', async () => {
  sync.attach(await join());
  await flush(3000);
  expect(subscribeCalls()).toEqual([]);
  expect(fake.control.callsTo('ctx.changeScreenSubscribeState')).toEqual([]);
  expect(receiving()).toEqual({ audio: [], video: [], screen: [] });
});

test('changes while a call is out never start a second call beside it, nor repeat one', async () => {
  sync.attach(await join());
  fake.control.setLatency('ctx.changeStreamSubscribeState', 200);
  sync.update(plan(ids(6)));
  // Changes keep coming while the round runs (each flush lands while a call is out).
  for (let i = 0; i < 8; i++) {
    await flush(350);
    sync.update(plan(i % 2 ? ids(6) : ids(7).slice(1)));
  }
  await flush(10000);
  const calls = subscribeCalls();
  for (let i = 1; i < calls.length; i++) expect(calls[i].at - calls[i - 1].at).toBeGreaterThanOrEqual(200);
  const last = plan(ids(6));
  expect(receiving().video.sort()).toEqual([...last.video].sort());
  expect(receiving().audio.sort()).toEqual([...last.audio].sort());
});

test('a context detached while its call is out gets no further calls', async () => {
  sync.attach(await join());
  fake.control.setLatency('ctx.changeStreamSubscribeState', 200);
  sync.update(plan(ids(6)));
  await flush(400); // the first call is out
  expect(subscribeCalls()).toHaveLength(1);
  sync.detach();
  await flush(5000);
  expect(subscribeCalls()).toHaveLength(1);
});

test("a new context gets the plan at once, even though the old context's call never answers", async () => {
  const old = await join();
  sync.attach(old);
  sync.update(plan(ids(6)));
  await flush(3000);
  // The page changes just as the link drops: the call goes out and its answer is lost.
  fake.control.hang('ctx.changeStreamSubscribeState');
  sync.update(plan(ids(12).slice(6)));
  await flush(400);
  const n = subscribeCalls().length;
  // Reconnect: the room detaches, exits the old context and joins a new one.
  sync.detach();
  const exited = old.exit('r');
  await flush();
  await exited;
  fake.control.hang('ctx.changeStreamSubscribeState', false);
  sync.attach(await join());
  await flush(3000);
  expect(subscribeCalls().length).toBeGreaterThan(n);
  expect(receiving().video.sort()).toEqual(ids(12).slice(6).sort());
  expect(receiving().audio).toHaveLength(8);
});

test('a context detached while a (refused) call is out and attached again gets the whole plan, and the stale refusal is not logged', async () => {
  const rtc = await join();
  sync.attach(rtc);
  fake.control.setLatency('ctx.changeStreamSubscribeState', 200);
  fake.control.failNext('ctx.changeStreamSubscribeState', { errNo: 21102, errMsg: 'changeStreamSubscribeState:fail busy' });
  sync.update(plan(ids(6)));
  await flush(400); // the first call is out
  sync.detach();
  await flush(300); // its refusal lands while detached
  sync.attach(rtc);
  await flush(5000);
  expect(logs).toEqual([]);
  expect(receiving().video.sort()).toEqual(ids(6).sort());
  expect(receiving().audio).toHaveLength(8);
});

test('attaching a context applies the plan at once, even with a debounced change waiting', async () => {
  const rtc = await join();
  sync.attach(rtc);
  sync.update(plan(ids(6)));
  await flush(3000);
  const n = subscribeCalls().length;
  sync.update(plan(ids(7).slice(1))); // due in 300 ms
  await flush(50);
  sync.attach(rtc);
  await flush(20);
  expect(subscribeCalls().length).toBeGreaterThan(n);
});

test("the old context's call landing late does not let a second round start beside the new context's", async () => {
  const old = await join();
  sync.attach(old);
  fake.control.setLatency('ctx.changeStreamSubscribeState', 2000);
  sync.update(plan(ids(6)));
  await flush(400); // the old context's first call is out until ~2300 ms
  sync.detach();
  const exited = old.exit('r');
  await flush();
  await exited;
  fake.control.setLatency('ctx.changeStreamSubscribeState', 200);
  const rtc = await join();
  const t0 = Date.now();
  sync.attach(rtc);
  // The old call lands in the middle of the new round (14 calls of 200 ms); then the plan changes.
  await flush(2300);
  sync.update(plan(ids(7).slice(1)));
  await flush(6000);
  const calls = subscribeCalls().filter((c) => c.at >= t0);
  for (let i = 1; i < calls.length; i++) expect(calls[i].at - calls[i - 1].at).toBeGreaterThanOrEqual(200);
  expect(receiving().video.sort()).toEqual(ids(7).slice(1).sort());
});
