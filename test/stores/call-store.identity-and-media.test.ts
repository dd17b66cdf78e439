// Who the call store takes "me" to be before any welcome (the socket's userId when it already has
// one, else the dev id), which the calling-yourself rule reads; and switching an audio call to video
// (the other direction is covered in call-store.actions.test.ts).
import { callFrame, grant, ring, scriptedStore } from '../../sim/helpers/scripted-calls-socket';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('me, from the start', () => {
  test('a socket that already knows its userId wins over the dev id', () => {
    const { store } = scriptedStore({ userId: 'alice', devUserId: 'dev-1' });
    expect(store.myUserId).toBe('alice');
    expect(store.dial('alice', 'audio')).toBe('不能呼叫自己');
  });

  test('a socket not welcomed yet: the dev id is me', () => {
    const { store, socket } = scriptedStore({ userId: null, devUserId: 'dev-1' });
    expect(store.myUserId).toBe('dev-1');
    expect(store.dial('dev-1', 'audio')).toBe('不能呼叫自己');
    expect(socket.sent).toHaveLength(0);
  });
});

test('an audio call switched to video: the local media changes at once and the server is told', () => {
  const { socket, store } = scriptedStore();
  socket.push(ring('call-in-1', { media: 'audio' }));
  store.accept();
  socket.push(callFrame('call-in-1', 'accepted', { media: 'audio', room: grant() }));
  expect(store.call).toMatchObject({ phase: 'accepted', media: 'audio' });
  socket.sent.length = 0;
  store.switchMedia('video');
  expect(store.call!.media).toBe('video');
  expect(socket.sent.map((s) => s.frame)).toEqual([{ type: 'media', callId: 'call-in-1', media: 'video' }]);
});
