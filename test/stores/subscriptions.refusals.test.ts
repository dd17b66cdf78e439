// SubscriptionSync when the platform refuses: each refusal is one exact line in the diagnostics log,
// a refused subscribe (any kind: video, audio, screen, 'both') is dropped for the round without
// touching the rest of the plan and without a retry loop, a refused unsubscribe is not retried, and
// only a refused streamType 'audio' or 'video' (bad parameter) switches to 'both', once.
import { createRtcRoom, type RtcRoom } from '../../services/rtc/rtc-room';
import type { SubscriptionPlan } from '../../stores/subscription-plan';
import { SubscriptionSync } from '../../stores/subscriptions';
import { RtcCloud, SIM_APP_ID } from '../../sim/cloud';
import { createFakeTt, type FakeTt, type FakeTtOptions } from '../../sim/fake-tt';
import { flush } from '../../sim/time';

let cloud: RtcCloud;
let fake: FakeTt;
let logs: string[];
let sync: SubscriptionSync;

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `u${i + 1}`);
const receiving = (): { audio: string[]; video: string[]; screen: string[] } => cloud.room('r').member('me')!.receiving();
const subscribeCalls = (api: 'ctx.changeStreamSubscribeState' | 'ctx.changeScreenSubscribeState' = 'ctx.changeStreamSubscribeState') =>
  fake.control.callsTo(api).map((c) => c.args as { userId: string; state: number; streamType: string });
const FALLBACK = (kind: string): string => `streamType '${kind}' refused: subscribing 'both' for the people on screen only`;
const CAP = (n: number): string => `changeStreamSubscribeState:fail subscribed stream limit (${n}) reached`;
const PLAN = (p: Partial<SubscriptionPlan>): SubscriptionPlan => ({ screen: [], video: [], audio: [], both: [], ...p });

async function setup(tt: FakeTtOptions): Promise<RtcRoom> {
  cloud = new RtcCloud({ maxVisibleUsers: 100 });
  for (const id of ids(8)) cloud.addRemote('r', id, { camera: true, mic: true, platform: 'web' });
  fake = createFakeTt(cloud, tt);
  const rtc = createRtcRoom(fake.tt, SIM_APP_ID);
  const joined = rtc.join({ roomId: 'r', userId: 'me', token: cloud.mintToken('r', 'me'), autoSubscribe: false });
  await flush();
  await joined;
  logs = [];
  sync = new SubscriptionSync({ log: (m) => logs.push(m), debounceMs: 300, maxWaitMs: 1000, maxOpsPerSecond: 10 });
  sync.attach(rtc);
  return rtc;
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  sync.detach();
  jest.useRealTimers();
});

test('at the stream cap: the first streams stay, each refused one is logged once, and the mode stays split', async () => {
  await setup({ subscribeStreamTypes: 'all' });
  cloud.options.maxSubscribedStreams = 3;
  sync.update(PLAN({ video: ids(4), audio: ids(2) }));
  await flush(3000);
  expect(receiving().video).toEqual(ids(3));
  expect(receiving().audio).toEqual([]);
  expect(logs).toEqual([
    `subscribe video on u4: ${CAP(3)}`,
    `subscribe audio on u1: ${CAP(3)}`,
    `subscribe audio on u2: ${CAP(3)}`,
  ]);
  expect(sync.mode).toBe('split');
  const n = subscribeCalls().length;
  await flush(5000);
  expect(subscribeCalls()).toHaveLength(n);
});

test('a refused unsubscribe is logged once, not retried, and the rest of the change goes on', async () => {
  await setup({ subscribeStreamTypes: 'all' });
  sync.update(PLAN({ video: ['u1', 'u2'] }));
  await flush(3000);
  fake.control.clearCalls();
  fake.control.failNext('ctx.changeStreamSubscribeState', { errNo: 21102, errMsg: 'changeStreamSubscribeState:fail busy' });
  sync.update(PLAN({ video: ['u2', 'u3'] }));
  await flush(3000);
  expect(logs).toEqual(['subscribe video off u1: changeStreamSubscribeState:fail busy']);
  expect(subscribeCalls()).toEqual([
    { userId: 'u1', state: 0, streamType: 'video' },
    { userId: 'u3', state: 1, streamType: 'video' },
  ]);
  expect(receiving().video.sort()).toEqual(['u1', 'u2', 'u3']); // the platform kept u1, as it said
  expect(sync.mode).toBe('split');
});

test('a refused screen subscription (even a bad parameter) is logged, dropped, and does not switch to both', async () => {
  await setup({ subscribeStreamTypes: 'all' });
  const sharer = cloud.addRemote('r', 'web1', { camera: false, mic: false, platform: 'web' });
  sharer.startScreenShare();
  await flush();
  fake.control.failNext('ctx.changeScreenSubscribeState', { errNo: 20000, errMsg: 'changeScreenSubscribeState:fail invalid' });
  sync.update(PLAN({ screen: ['web1'], video: ['u1'] }));
  await flush(3000);
  expect(logs).toEqual(['subscribe screen on web1: changeScreenSubscribeState:fail invalid']);
  expect(subscribeCalls('ctx.changeScreenSubscribeState')).toHaveLength(1);
  expect(sync.mode).toBe('split');
  expect(receiving().video).toEqual(['u1']);
  expect(receiving().screen).toEqual([]);
});

test("'both' only, at the stream cap: the refused 'both' subscriptions are dropped, not retried", async () => {
  await setup({ subscribeStreamTypes: 'both-only' });
  cloud.options.maxSubscribedStreams = 4; // 'both' counts audio and video
  sync.update(PLAN({ video: ids(3), audio: ids(3), both: ids(3) }));
  await flush(3000);
  expect(sync.mode).toBe('both');
  expect(logs).toEqual([FALLBACK('video'), `subscribe both on u3: ${CAP(4)}`]);
  expect(receiving().video).toEqual(['u1', 'u2']);
  const n = subscribeCalls().length;
  await flush(5000);
  expect(subscribeCalls()).toHaveLength(n);
});

test.each([
  ['video', PLAN({ video: ['u1', 'u2'], audio: ['u3'], both: ['u1', 'u2'] })],
  ['audio', PLAN({ audio: ['u1', 'u3'], both: ['u1'] })],
])("a platform refusing streamType '%s' gets 'both' for the people on screen, said once and only that", async (kind, p) => {
  await setup({ subscribeStreamTypes: 'both-only' });
  sync.update(p);
  await flush(3000);
  expect(sync.mode).toBe('both');
  expect(logs).toEqual([FALLBACK(kind)]);
  expect(receiving().video.sort()).toEqual(p.both);
  expect(receiving().audio.sort()).toEqual(p.both);
});

test("after the switch to 'both', a refused unsubscribe of a split stream is a plain refusal", async () => {
  await setup({ subscribeStreamTypes: 'all' });
  sync.update(PLAN({ video: ['u1', 'u2'], audio: ['u1'], both: ['u1', 'u2'] }));
  await flush(3000);
  // The platform turns strict: the next two calls (removals of split streams) are refused as bad parameters.
  fake.control.failNext('ctx.changeStreamSubscribeState', { errNo: 20000, errMsg: 'changeStreamSubscribeState:fail invalid streamType' });
  fake.control.failNext('ctx.changeStreamSubscribeState', { errNo: 20000, errMsg: 'changeStreamSubscribeState:fail invalid streamType' });
  sync.update(PLAN({ video: ['u2'], audio: ['u1'], both: ['u2'] }));
  await flush(3000);
  expect(sync.mode).toBe('both');
  expect(logs).toEqual([FALLBACK('video'), "subscribe video off u1: changeStreamSubscribeState:fail invalid streamType"]);
});
