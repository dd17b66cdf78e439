// What each person's action does to the call and what it sends the server, and what it must not do:
// an action that does not fit the call's side, phase or pending ask sends nothing and changes nothing
// (pages call them from taps, so a double tap or a stale button must not reach the server twice).
import { CallStore, callStatusText, type Media } from '../../stores/call-store';
import { Presence } from '../../stores/presence';
import { ScriptedSocket, callFrame, grant, ring, scriptedStore } from '../../sim/helpers/scripted-calls-socket';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function incoming(media: Media = 'audio') {
  const w = scriptedStore();
  w.socket.push(ring('call-in-1', { media }));
  return w;
}

function inCall() {
  const w = incoming('video');
  w.store.accept();
  w.socket.push(callFrame('call-in-1', 'accepted', { media: 'video', room: grant() }));
  w.socket.sent.length = 0;
  return w;
}

describe('dial', () => {
  test('spaces around the userId are trimmed before it is checked and sent', () => {
    const { socket, store } = scriptedStore();
    expect(store.dial('  bob  ', 'audio')).toBeNull();
    expect(socket.last('invite').frame).toMatchObject({ callee: 'bob', media: 'audio' });
    expect(store.call).toMatchObject({ peer: 'bob', direction: 'out', phase: 'inviting' });
  });

  test('a media that is neither audio nor video is refused, nothing is sent', () => {
    const { socket, store } = scriptedStore();
    expect(store.dial('bob', 'screen' as Media)).toBe('用户 ID 只能包含字母、数字和 @ . _ -，最多 128 位');
    expect(store.call).toBeNull();
    expect(socket.sent).toHaveLength(0);
  });

  test('in a room: refused with the room reason, nothing is sent', () => {
    const { socket, store, presence } = scriptedStore();
    presence.enterRoom();
    expect(store.dial('bob', 'audio')).toBe('正在房间中，请先离开房间再呼叫');
    expect(store.call).toBeNull();
    expect(socket.sent).toHaveLength(0);
  });

  test('without an injected id maker the invite carries a fresh id of the documented form', () => {
    const socket = new ScriptedSocket();
    const store = new CallStore({ socket, presence: new Presence(), devUserId: 'me' });
    store.dial('bob', 'audio');
    const id = socket.last('invite').frame.callId as string;
    // 'c' + 20 characters: within the server's ^[A-Za-z0-9_-]{8,64}$ and the same length every time.
    expect(id).toMatch(/^c[a-z0-9]{20}$/);
    expect(store.call!.callId).toBe(id);
  });
});

describe('accept / decline', () => {
  test('accept asks once: the page says 正在接听…, a second tap sends nothing', () => {
    const { socket, store } = incoming();
    store.accept();
    expect(store.call!.asking).toBe('accept');
    expect(callStatusText(store.call)).toBe('正在接听…');
    store.accept();
    store.decline();
    expect(socket.of('accept')).toHaveLength(1);
    expect(socket.of('decline')).toHaveLength(0);
  });

  test('decline asks once: a second tap (or an accept) sends nothing', () => {
    const { socket, store } = incoming();
    store.decline();
    expect(store.call!.asking).toBe('decline');
    store.decline();
    store.accept();
    expect(socket.of('decline')).toHaveLength(1);
    expect(socket.of('accept')).toHaveLength(0);
  });

  test('no call, an outgoing call, or a call already accepted: nothing is sent', () => {
    const none = scriptedStore();
    expect(() => none.store.accept()).not.toThrow();
    expect(() => none.store.decline()).not.toThrow();
    expect(none.socket.sent).toHaveLength(0);

    const out = scriptedStore();
    out.store.dial('bob', 'audio');
    out.socket.push(callFrame('call-out-1', 'ringing'));
    out.store.accept();
    out.store.decline();
    expect(out.socket.sent.map((s) => s.frame.type)).toEqual(['invite']);
    expect(out.store.call!.asking).toBeNull();

    const on = inCall();
    on.store.accept();
    on.store.decline();
    expect(on.socket.sent).toHaveLength(0);
    expect(on.store.call!.phase).toBe('accepted');
  });
});

describe('cancel', () => {
  test('while inviting and while ringing it asks once', () => {
    const inviting = scriptedStore();
    inviting.store.dial('bob', 'audio');
    inviting.store.cancel();
    inviting.store.cancel();
    expect(inviting.socket.of('cancel')).toHaveLength(1);
    expect(callStatusText(inviting.store.call)).toBe('正在取消…');

    const ringing = scriptedStore();
    ringing.store.dial('bob', 'audio');
    ringing.socket.push(callFrame('call-out-1', 'ringing'));
    ringing.store.cancel();
    ringing.store.cancel();
    expect(ringing.socket.of('cancel')).toHaveLength(1);
    expect(ringing.store.call!.asking).toBe('cancel');
  });

  test('no call, an incoming call, or an accepted outgoing call: nothing is sent', () => {
    const none = scriptedStore();
    expect(() => none.store.cancel()).not.toThrow();
    expect(none.socket.sent).toHaveLength(0);

    const inc = incoming();
    inc.store.cancel();
    expect(inc.socket.sent).toHaveLength(0);
    expect(inc.store.call!.asking).toBeNull();

    const out = scriptedStore();
    out.store.dial('bob', 'audio');
    out.socket.push(callFrame('call-out-1', 'accepted', { room: grant() }));
    out.store.cancel();
    expect(out.socket.of('cancel')).toHaveLength(0);
    expect(out.store.call).toMatchObject({ phase: 'accepted', asking: null });
  });
});

describe('hangup', () => {
  test('only an accepted call hangs up; no call or a ringing one sends nothing', () => {
    const none = scriptedStore();
    expect(() => none.store.hangup()).not.toThrow();
    expect(none.socket.sent).toHaveLength(0);

    const inc = incoming();
    inc.store.hangup();
    expect(inc.socket.sent).toHaveLength(0);
    expect(inc.store.call!.phase).toBe('ringing');

    const on = inCall();
    on.store.hangup();
    on.store.hangup();
    expect(on.socket.of('hangup')).toHaveLength(1);
    expect(on.store.call).toMatchObject({ phase: 'ended', state: 'ended', endedBy: 'me' });
  });
});

describe('switchMedia', () => {
  test('in a call: the local media changes at once and the server is told', () => {
    const { socket, store } = inCall();
    store.switchMedia('audio');
    expect(store.call!.media).toBe('audio');
    expect(socket.last('media').frame).toMatchObject({ callId: 'call-in-1', media: 'audio' });
  });

  test('the same media, a bad media, a ringing call or no call: nothing changes, nothing is sent', () => {
    const on = inCall();
    on.store.switchMedia('video');
    on.store.switchMedia('screen' as Media);
    expect(on.socket.sent).toHaveLength(0);
    expect(on.store.call!.media).toBe('video');

    const inc = incoming('video');
    inc.store.switchMedia('audio');
    expect(inc.socket.sent).toHaveLength(0);
    expect(inc.store.call!.media).toBe('video');

    const none = scriptedStore();
    expect(() => none.store.switchMedia('audio')).not.toThrow();
    expect(none.socket.sent).toHaveLength(0);
  });
});

describe('openFromNotice', () => {
  test.each([
    ['too long', 'a'.repeat(65)],
    ['junk before a valid tail', 'bad id!abcdefgh'],
    ['valid head, junk after', 'abcdefgh bad!'],
    ['too short', 'x'],
  ])('a malformed callId (%s) is over at once, keeps its id for the page, asks nothing', (_n, id) => {
    const { socket, store } = scriptedStore();
    store.openFromNotice(id);
    expect(store.call).toMatchObject({ callId: id, phase: 'ended', reason: 'not-found' });
    expect(callStatusText(store.call)).toBe('通话已结束');
    expect(socket.sent).toHaveLength(0);
  });

  test('a notice page without a callId shows an ended call under the empty id', () => {
    const { store } = scriptedStore();
    store.openFromNotice(undefined as unknown as string);
    expect(store.call).toMatchObject({ callId: '', phase: 'ended' });
  });

  test('a valid callId is checked with the server, no peer shown yet', () => {
    const { socket, store } = scriptedStore();
    store.openFromNotice('call-from-notice');
    expect(store.call).toMatchObject({ callId: 'call-from-notice', peer: '', phase: 'checking' });
    expect(socket.last('query').frame).toMatchObject({ callId: 'call-from-notice' });
  });

  test('the same call opened again after it ended stays as it is and is not asked again', () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1'));
    socket.push(callFrame('call-in-1', 'cancelled'));
    const ended = store.call;
    store.openFromNotice('call-in-1');
    expect(store.call).toBe(ended);
    expect(socket.of('query')).toHaveLength(0);
  });

  test('another call, ended and not yet dismissed, does not stop a new notice from being checked', () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1'));
    socket.push(callFrame('call-in-1', 'cancelled'));
    store.openFromNotice('call-in-2');
    expect(store.call).toMatchObject({ callId: 'call-in-2', phase: 'checking' });
    expect(socket.last('query').frame.callId).toBe('call-in-2');
  });

  test('while another call rings, a notice for a different call leaves it showing', () => {
    const { socket, store } = incoming();
    store.openFromNotice('call-in-2');
    expect(store.call).toMatchObject({ callId: 'call-in-1', phase: 'ringing' });
    expect(socket.of('query')).toHaveLength(0);
  });
});

describe('dismiss', () => {
  test('forgets an ended call, keeps a live one', () => {
    const { socket, store } = incoming();
    store.dismiss();
    expect(store.call!.phase).toBe('ringing');
    socket.push(callFrame('call-in-1', 'cancelled'));
    store.dismiss();
    expect(store.call).toBeNull();
  });
});
