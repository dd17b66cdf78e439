// What the call pages (outgoing.ttml / incoming.ttml) show: the avatar initial, and which buttons
// are offered when the page opened with a refusal while another call is still ringing.
import { selectCallView } from '../../view/call-view';
import { CALL_TEXT } from '../../stores/messages';
import { callWorld, type Phone } from '../../sim/helpers/call-phones';
import { flush } from '../../sim/time';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

async function world(names: string[]): Promise<Record<string, Phone>> {
  const w = callWorld({ users: names });
  const phones: Record<string, Phone> = {};
  for (const n of names) phones[n] = w.phone(n);
  await flush();
  return phones;
}

test('no calls service: an ended page with "?" for the avatar and nothing to tap', () => {
  expect(selectCallView(null, { callId: null, refusal: CALL_TEXT.unavailable })).toEqual({
    peer: '', initial: '?', mediaText: CALL_TEXT.audio, status: CALL_TEXT.unavailable, phase: 'ended', canCancel: false, canAnswer: false, ended: true,
  });
  // Same without a refusal given: still nothing to cancel or answer.
  expect(selectCallView(null, { callId: null })).toMatchObject({ peer: '', initial: '?', phase: 'ended', canCancel: false, canAnswer: false, ended: true });
});

test('the avatar shows the callee\'s first letter in capitals before any call exists', async () => {
  const { alice } = await world(['alice', 'bob']);
  expect(selectCallView(alice.store, { callId: null, peer: 'bob' })).toMatchObject({ peer: 'bob', initial: 'B' });
});

test('dialling while my own call rings: the refusal is shown and that call cannot be cancelled from here', async () => {
  const { alice } = await world(['alice', 'bob', 'carol']);
  expect(alice.store.dial('bob', 'video')).toBeNull();
  await flush();
  expect(alice.store.call).toMatchObject({ direction: 'out', phase: 'ringing' });
  // The ringing call's own page offers cancel; the refused page must not (it would cancel bob's call).
  expect(selectCallView(alice.store, { callId: alice.store.call!.callId, peer: 'bob' }).canCancel).toBe(true);
  const refusal = alice.store.dial('carol', 'audio');
  expect(refusal).toBe(CALL_TEXT.alreadyInCall);
  // …and it names the call it asked for, not bob's video call.
  expect(selectCallView(alice.store, { callId: null, peer: 'carol', media: 'audio', refusal })).toEqual({
    peer: 'carol', initial: 'C', mediaText: CALL_TEXT.audio, status: CALL_TEXT.alreadyInCall, phase: 'ended', canCancel: false, canAnswer: false, ended: true,
  });
});

test('dialling while someone calls me: the refused page does not offer to answer that call', async () => {
  const { alice, bob } = await world(['alice', 'bob', 'carol']);
  alice.store.dial('bob', 'video');
  await flush();
  expect(bob.store.call).toMatchObject({ direction: 'in', phase: 'ringing' });
  expect(selectCallView(bob.store, { callId: bob.store.call!.callId }).canAnswer).toBe(true);
  const refusal = bob.store.dial('carol', 'audio');
  expect(refusal).toBe(CALL_TEXT.alreadyInCall);
  expect(selectCallView(bob.store, { callId: null, peer: 'carol', media: 'audio', refusal })).toEqual({
    peer: 'carol', initial: 'C', mediaText: CALL_TEXT.audio, status: CALL_TEXT.alreadyInCall, phase: 'ended', canCancel: false, canAnswer: false, ended: true,
  });
});

test('a page shows its own call only: after it ended, the next call rings on its own page, not this one', async () => {
  const { alice, bob, carol } = await world(['alice', 'bob', 'carol']);
  alice.store.dial('bob', 'video');
  await flush();
  const first = bob.store.call!.callId;
  bob.store.decline();
  await flush();
  expect(selectCallView(bob.store, { callId: first, peer: 'alice', media: 'video' })).toMatchObject({ peer: 'alice', status: CALL_TEXT.declinedByMe, ended: true });
  carol.store.dial('bob', 'audio');
  await flush();
  expect(bob.store.call).toMatchObject({ peer: 'carol', phase: 'ringing' });
  // The declined call's page still names alice, says the call is over, and offers nothing to answer.
  expect(selectCallView(bob.store, { callId: first, peer: 'alice', media: 'video' })).toEqual({
    peer: 'alice', initial: 'A', mediaText: CALL_TEXT.video, status: CALL_TEXT.ended, phase: 'ended', canCancel: false, canAnswer: false, ended: true,
  });
  expect(selectCallView(bob.store, { callId: bob.store.call!.callId })).toMatchObject({ peer: 'carol', canAnswer: true });
});
