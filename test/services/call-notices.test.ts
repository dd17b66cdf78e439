// 「开启来电提醒」 (services/call-notices.ts): which answer the home page gets for each platform outcome,
// and that no template id (or a blank one) means no button and no tt.requestSubscribeMessage call.
import { createCallNotices } from '../../services/call-notices';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt } from '../../sim/fake-tt';
import { runAsUserGesture } from '../../sim/gesture';
import { flush } from '../../sim/time';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Taps 「开启来电提醒」 and lets the platform answer; 'pending' if the promise never settled. */
async function tapSubscribe(n: ReturnType<typeof createCallNotices>): Promise<string> {
  let got = 'pending';
  void runAsUserGesture(() => n.subscribe()).then((a) => {
    got = a;
  });
  await flush();
  return got;
}

test.each(['accept', 'reject', 'ban'] as const)('the person answers %s: the page gets it', async (a) => {
  const { tt, control } = createFakeTt(new RtcCloud());
  control.setSubscribeAnswer(a);
  expect(await tapSubscribe(createCallNotices(tt, 'tmpl-incoming-call'))).toBe(a);
  expect(control.subscribeCalls.map((c) => c.tmplIds)).toEqual([['tmpl-incoming-call']]);
});

test('the template id is trimmed before it is asked for', async () => {
  const { tt, control } = createFakeTt(new RtcCloud());
  const n = createCallNotices(tt, '  tmpl-incoming-call \n');
  expect(n.available).toBe(true);
  expect(await tapSubscribe(n)).toBe('accept');
  expect(control.subscribeCalls.map((c) => c.tmplIds)).toEqual([['tmpl-incoming-call']]);
});

test.each([
  ['empty', ''],
  ['blank', '   '],
  ['missing (a JS config without the field)', undefined as unknown as string],
])('%s template id: no button, "unsupported", tt not asked', async (_name, id) => {
  const { tt, control } = createFakeTt(new RtcCloud());
  const n = createCallNotices(tt, id);
  expect(n.available).toBe(false);
  expect(await tapSubscribe(n)).toBe('unsupported');
  expect(control.subscribeCalls).toEqual([]);
});

test('a Douyin without requestSubscribeMessage: "unsupported"', async () => {
  const { tt, control } = createFakeTt(new RtcCloud());
  control.removeMethod('tt.requestSubscribeMessage');
  const n = createCallNotices(tt, 'tmpl-incoming-call');
  expect(n.available).toBe(true);
  expect(await tapSubscribe(n)).toBe('unsupported');
});

test('a platform failure, or a success without an answer for the id: "failed"', async () => {
  const { tt, control } = createFakeTt(new RtcCloud());
  control.failNext('tt.requestSubscribeMessage', { errNo: 10004, errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.' });
  const n = createCallNotices(tt, 'tmpl-incoming-call');
  expect(await tapSubscribe(n)).toBe('failed');
  const noAnswer = createCallNotices({ ...tt, requestSubscribeMessage: (o) => o.success?.({ errMsg: 'requestSubscribeMessage:ok' } as never) }, 'tmpl-incoming-call');
  expect(await tapSubscribe(noAnswer)).toBe('failed');
});

test('a requestSubscribeMessage that throws settles as "failed" (the page never waits forever)', async () => {
  const { tt } = createFakeTt(new RtcCloud());
  const throwing = { ...tt, requestSubscribeMessage: () => { throw new Error('requestSubscribeMessage is not supported'); } };
  expect(await tapSubscribe(createCallNotices(throwing, 'tmpl-incoming-call'))).toBe('failed');
});
