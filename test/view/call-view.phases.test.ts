// The call page's buttons through a whole call, in both directions: cancel is offered only to the
// caller while the call is being placed or ringing (and not once a cancel is out), answer only to the
// callee while it rings (and not once an answer is out), and neither once the call is accepted or over.
import { selectCallView } from '../../view/call-view';
import { CALL_TEXT } from '../../stores/messages';
import { callFrame, grant, ring, scriptedStore } from '../../sim/helpers/scripted-calls-socket';
import type { CallStore } from '../../stores/call-store';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const buttons = (store: CallStore, callId: string) => {
  const v = selectCallView(store, { callId });
  return { phase: v.phase, canCancel: v.canCancel, canAnswer: v.canAnswer, ended: v.ended };
};

test('outgoing: cancel while placing and ringing, not while the cancel is out, nothing once accepted or over', () => {
  const { store, socket } = scriptedStore();
  expect(store.dial('bob', 'video')).toBeNull();
  const id = store.call!.callId;
  expect(selectCallView(store, { callId: id }).mediaText).toBe(CALL_TEXT.video);
  expect(buttons(store, id)).toEqual({ phase: 'inviting', canCancel: true, canAnswer: false, ended: false });
  socket.push(callFrame(id, 'ringing', { media: 'video' }));
  expect(buttons(store, id)).toEqual({ phase: 'ringing', canCancel: true, canAnswer: false, ended: false });
  socket.push(callFrame(id, 'accepted', { media: 'video', room: grant() }));
  expect(buttons(store, id)).toEqual({ phase: 'accepted', canCancel: false, canAnswer: false, ended: false });
  socket.push(callFrame(id, 'ended', { media: 'video' }));
  expect(buttons(store, id)).toEqual({ phase: 'ended', canCancel: false, canAnswer: false, ended: true });
});

test('outgoing: once cancel is tapped the button goes, while the call still rings', () => {
  const { store, socket } = scriptedStore();
  store.dial('bob', 'audio');
  const id = store.call!.callId;
  socket.push(callFrame(id, 'ringing'));
  store.cancel();
  expect(store.call).toMatchObject({ phase: 'ringing', asking: 'cancel' });
  expect(buttons(store, id)).toEqual({ phase: 'ringing', canCancel: false, canAnswer: false, ended: false });
});

test('incoming: answer while it rings (never cancel), not while the answer is out, nothing once accepted or over', () => {
  const { store, socket } = scriptedStore();
  socket.push(ring('call-in-1', { media: 'video' }));
  expect(buttons(store, 'call-in-1')).toEqual({ phase: 'ringing', canCancel: false, canAnswer: true, ended: false });
  store.accept();
  expect(buttons(store, 'call-in-1')).toEqual({ phase: 'ringing', canCancel: false, canAnswer: false, ended: false });
  socket.push(callFrame('call-in-1', 'accepted', { media: 'video', room: grant() }));
  expect(buttons(store, 'call-in-1')).toEqual({ phase: 'accepted', canCancel: false, canAnswer: false, ended: false });
  socket.push(callFrame('call-in-1', 'ended', { media: 'video' }));
  expect(buttons(store, 'call-in-1')).toEqual({ phase: 'ended', canCancel: false, canAnswer: false, ended: true });
});

test('a refusal on the page of a live call: the refusal wins, nothing to tap', () => {
  const { store, socket } = scriptedStore();
  socket.push(ring('call-in-2'));
  expect(selectCallView(store, { callId: 'call-in-2', refusal: CALL_TEXT.alreadyInCall })).toMatchObject({
    status: CALL_TEXT.alreadyInCall,
    phase: 'ended',
    canCancel: false,
    canAnswer: false,
    ended: true,
  });
});
