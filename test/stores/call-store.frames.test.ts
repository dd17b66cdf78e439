// How the store follows the server: socket status (re-sync only once welcomed, identity from the
// welcome), ring frames (a new call, a re-ring, a notice being checked), call frames (only for this
// call, never reopening an ended one, never moving an accepted call back), the room grant it accepts,
// and the local missed timer (the server's expiry plus a grace) when the server says nothing.
import { callStatusText } from '../../stores/call-store';
import { callFrame, grant, ring, scriptedStore } from '../../sim/helpers/scripted-calls-socket';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('socket status', () => {
  test('while the socket is down nothing is queried; once welcomed again the ringing call is', () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1'));
    socket.setStatus('waiting');
    socket.setStatus('connecting');
    expect(store.connection).toBe('connecting');
    expect(socket.of('query')).toHaveLength(0);
    socket.setStatus('open');
    expect(socket.of('query').map((s) => s.frame.callId)).toEqual(['call-in-1']);
  });

  test('no call, an invite still out, a notice being checked, an ended call: a welcome asks nothing', () => {
    const { socket, store } = scriptedStore();
    expect(() => socket.setStatus('open')).not.toThrow();
    store.dial('bob', 'audio');
    socket.setStatus('waiting');
    socket.setStatus('open');
    socket.push(callFrame('call-out-1', 'busy'));
    socket.setStatus('waiting');
    socket.setStatus('open');
    store.dismiss();
    store.openFromNotice('call-from-notice');
    socket.setStatus('waiting');
    socket.setStatus('open');
    expect(socket.of('query').map((s) => s.frame.callId)).toEqual(['call-from-notice']);
  });

  test('the userId the server welcomed us as is "me" for the calling-yourself rule', () => {
    const { socket, store } = scriptedStore({ devUserId: null, userId: null });
    expect(store.dial('alice', 'audio')).toBeNull(); // not known yet: the server would refuse it
    socket.push(callFrame('call-out-1', 'busy', { peer: 'alice' }));
    store.dismiss();
    socket.userId = 'alice';
    socket.setStatus('open');
    expect(store.myUserId).toBe('alice');
    expect(store.dial('alice', 'audio')).toBe('不能呼叫自己');
  });

  test('frames of an unknown type are ignored even when they name the call', () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1'));
    socket.push({ type: 'records', callId: 'call-in-1', state: 'cancelled' });
    expect(store.call).toMatchObject({ phase: 'ringing', state: 'ringing' });
  });
});

describe('ring', () => {
  test('a new incoming call rings with its expiry, and the app is told once per call', () => {
    const { socket, store } = scriptedStore();
    const expiresAt = Date.now() + 30000;
    socket.push(ring('call-in-1', { media: 'video', expiresAt }));
    expect(store.call).toMatchObject({ callId: 'call-in-1', peer: 'bob', direction: 'in', media: 'video', phase: 'ringing', state: 'ringing', expiresAt });
    expect(store.incomingSeq).toBe(1);
    socket.push(ring('call-in-1', { media: 'video', expiresAt }));
    expect(store.incomingSeq).toBe(1);
    socket.push(callFrame('call-in-1', 'cancelled'));
    store.dismiss();
    socket.push(ring('call-in-2'));
    expect(store.incomingSeq).toBe(2);
  });

  test('without an expiry the call is given 30 s: still ringing then, missed after the grace', () => {
    const { socket, store } = scriptedStore();
    const t0 = Date.now();
    socket.push(ring('call-in-1', { expiresAt: undefined }));
    expect(store.call!.expiresAt).toBe(t0 + 30000);
    jest.advanceTimersByTime(30000);
    expect(store.call!.phase).toBe('ringing');
    jest.advanceTimersByTime(3000);
    expect(store.call).toMatchObject({ phase: 'ended', state: 'missed', reason: 'expired' });
    expect(callStatusText(store.call)).toBe('未接来电');
  });

  test('the server gets its expiry plus 3 s before the call stops ringing locally', () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1', { expiresAt: Date.now() + 10000 }));
    jest.advanceTimersByTime(10000 + 2999);
    expect(store.call!.phase).toBe('ringing');
    jest.advanceTimersByTime(1);
    expect(store.call!.phase).toBe('ended');
  });

  test('a re-ring with a later expiry replaces the old timer', () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1', { expiresAt: Date.now() + 10000 }));
    socket.push(ring('call-in-1', { expiresAt: Date.now() + 20000 }));
    expect(store.call!.expiresAt).toBe(Date.now() + 20000);
    jest.advanceTimersByTime(20000);
    expect(store.call!.phase).toBe('ringing');
    jest.advanceTimersByTime(3000);
    expect(store.call!.phase).toBe('ended');
  });

  test('a notice being checked becomes the ringing call the ring describes', () => {
    const { socket, store } = scriptedStore();
    store.openFromNotice('call-in-1');
    socket.push(ring('call-in-1', { caller: 'carol', media: 'video' }));
    expect(store.call).toMatchObject({ phase: 'ringing', state: 'ringing', peer: 'carol', media: 'video' });
    expect(callStatusText(store.call)).toBe('邀请你进行视频通话');
  });

  test('a late ring for a call already accepted does not take it back to ringing', () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1'));
    store.accept();
    socket.push(callFrame('call-in-1', 'accepted', { room: grant() }));
    socket.push(ring('call-in-1'));
    expect(store.call).toMatchObject({ phase: 'accepted', state: 'accepted' });
  });
});

describe('call frames', () => {
  test('with no call, or for another call, a call frame changes nothing', () => {
    const { socket, store } = scriptedStore();
    expect(() => socket.push(callFrame('call-in-1', 'accepted', { room: grant() }))).not.toThrow();
    expect(store.call).toBeNull();
    socket.push(ring('call-in-1', { expiresAt: Date.now() + 10000 }));
    socket.push(callFrame('call-other-9', 'cancelled'));
    socket.push(callFrame('call-other-9', 'accepted', { room: grant() }));
    expect(store.call).toMatchObject({ callId: 'call-in-1', phase: 'ringing', room: null });
    // Nor does it stop this call's own missed timer.
    jest.advanceTimersByTime(13000);
    expect(store.call).toMatchObject({ phase: 'ended', state: 'missed' });
  });

  test("an accept for another call does not hang up the caller's own call being cancelled", () => {
    const { socket, store } = scriptedStore();
    store.dial('bob', 'audio');
    socket.push(callFrame('call-out-1', 'ringing'));
    store.cancel();
    socket.push(callFrame('call-other-9', 'accepted', { room: grant() }));
    expect(store.call).toMatchObject({ callId: 'call-out-1', phase: 'ringing', asking: 'cancel' });
    expect(socket.of('hangup')).toHaveLength(0);
  });

  test('an ended call stays ended whatever comes late', () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1'));
    socket.push(callFrame('call-in-1', 'cancelled'));
    socket.push(callFrame('call-in-1', 'accepted', { room: grant() }));
    socket.push(callFrame('call-in-1', 'ringing', { media: 'video' }));
    expect(store.call).toMatchObject({ phase: 'ended', state: 'cancelled', room: null, media: 'audio' });
  });

  test("a late ringing frame does not take an accepted call back; the peer's media switch does reach it", () => {
    const { socket, store } = scriptedStore();
    store.dial('bob', 'video');
    socket.push(callFrame('call-out-1', 'ringing', { media: 'video' }));
    expect(store.call!.phase).toBe('ringing');
    socket.push(callFrame('call-out-1', 'accepted', { media: 'video', room: grant() }));
    socket.push(callFrame('call-out-1', 'ringing', { media: 'video' }));
    expect(store.call!.phase).toBe('accepted');
    socket.push(callFrame('call-out-1', 'accepted', { media: 'audio' }));
    expect(store.call).toMatchObject({ phase: 'accepted', media: 'audio' });
  });

  test('accepted without a room on a call still ringing is not a media switch: nothing changes', () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1', { media: 'video' }));
    socket.push(callFrame('call-in-1', 'accepted', { media: 'audio' }));
    expect(store.call).toMatchObject({ phase: 'ringing', media: 'video', room: null });
  });

  test('acceptedAt is when the call was first accepted; a re-sync after a reconnect keeps it', () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1'));
    store.accept();
    const t0 = Date.now();
    socket.push(callFrame('call-in-1', 'accepted', { room: grant() }));
    expect(store.call!.acceptedAt).toBe(t0);
    jest.advanceTimersByTime(60000);
    socket.setStatus('waiting');
    socket.setStatus('open');
    socket.push(callFrame('call-in-1', 'accepted', { room: grant() }));
    expect(store.call!.acceptedAt).toBe(t0);
  });

  test.each<[string, unknown]>([
    ['null', null],
    ['a string', 'call_room1'],
    ['no roomId', { token: 'tok-1' }],
    ['a roomId that is not an RTC id', { roomId: 'bad room!', token: 'tok-1' }],
    ['no token', { roomId: 'call_room1' }],
    ['an empty token', { roomId: 'call_room1', token: '' }],
  ])('a room grant with %s is not a grant: the call does not become accepted', (_n, room) => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1'));
    store.accept();
    socket.push(callFrame('call-in-1', 'accepted', { room }));
    expect(store.call).toMatchObject({ phase: 'ringing', room: null, asking: 'accept' });
  });

  test('a grant without expireAt or appId is kept with 0 and the empty appId', () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1'));
    store.accept();
    socket.push(callFrame('call-in-1', 'accepted', { room: { roomId: 'call_room1', token: 'tok-1' } }));
    expect(store.call!.room).toEqual({ roomId: 'call_room1', token: 'tok-1', expireAt: 0, appId: '' });
  });
});

describe('dispose', () => {
  test('after dispose neither frames nor the missed timer change the call', () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1', { expiresAt: Date.now() + 10000 }));
    store.dispose();
    socket.push(callFrame('call-in-1', 'cancelled'));
    jest.advanceTimersByTime(60000);
    expect(store.call).toMatchObject({ phase: 'ringing', state: 'ringing' });
  });
});
