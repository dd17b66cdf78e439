// When a frame the app sent fails (the server's error code, or the socket's 'timeout'/'stopped'), what
// the person is told: a refused invite, an invite that never left, an accept to retry, a decline or
// cancel that is over for them anyway, a notice for a call the server does not know. And a failure
// that comes back late, after the call already ended or another call took its place, changes nothing.
import { callStatusText } from '../../stores/call-store';
import { callFrame, grant, ring, scriptedStore, settle } from '../../sim/helpers/scripted-calls-socket';

// A handler that throws inside a failed send's catch leaves an unhandled rejection (the platform
// reports it as an app error); none may happen here.
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown): void => void unhandled.push(e);
beforeEach(() => {
  jest.useFakeTimers();
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  jest.useRealTimers();
  await new Promise((r) => setImmediate(r));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

describe('invite', () => {
  test.each([
    ['timeout', '网络未连接，呼叫失败，请稍后重试'],
    ['stopped', '网络未连接，呼叫失败，请稍后重试'],
    ['bad_request', '无法呼叫该用户（用户不存在或不可呼叫）'],
    ['rate_limited', '无法呼叫该用户（用户不存在或不可呼叫）'],
  ])('rejected with %s → %s', async (code, text) => {
    const { socket, store } = scriptedStore();
    store.dial('bob', 'audio');
    socket.last('invite').fail(code);
    await settle();
    expect(store.call!.phase).toBe('ended');
    expect(callStatusText(store.call)).toBe(text);
  });

  test('a late failure does not rewrite an ending the server already gave (对方忙 stays)', async () => {
    const { socket, store } = scriptedStore();
    store.dial('bob', 'audio');
    socket.push(callFrame('call-out-1', 'busy'));
    socket.last('invite').fail('timeout');
    await settle();
    expect(store.call).toMatchObject({ phase: 'ended', state: 'busy', reason: null });
    expect(callStatusText(store.call)).toBe('对方忙');
  });

  test("a late failure of a dismissed call's invite leaves the next call, or no call, alone", async () => {
    const { socket, store } = scriptedStore();
    store.dial('bob', 'audio');
    const first = socket.last('invite');
    socket.push(callFrame('call-out-1', 'busy'));
    store.dismiss();
    first.fail('timeout');
    await settle();
    expect(store.call).toBeNull();

    store.dial('carol', 'audio');
    const second = socket.last('invite');
    socket.push(callFrame('call-out-2', 'declined', { peer: 'carol' }));
    store.dismiss();
    store.dial('dave', 'audio');
    second.fail('timeout');
    await settle();
    expect(store.call).toMatchObject({ callId: 'call-out-3', peer: 'dave', phase: 'inviting' });
  });
});

describe('accept / decline / cancel', () => {
  test.each(['bad_request', 'not_found'])('%s: the server does not know the call → 通话已结束', async (code) => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1'));
    store.accept();
    socket.last('accept').fail(code);
    await settle();
    expect(store.call).toMatchObject({ phase: 'ended', reason: 'not-found' });
    expect(callStatusText(store.call)).toBe('通话已结束');
  });

  test('an accept that timed out can be tapped again: still ringing, nothing asked', async () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1'));
    store.accept();
    socket.last('accept').fail('timeout');
    await settle();
    expect(store.call).toMatchObject({ phase: 'ringing', asking: null });
    expect(callStatusText(store.call)).toBe('邀请你进行语音通话');
    store.accept();
    expect(socket.of('accept')).toHaveLength(2);
  });

  test('a decline that never reached the server is over for this person: 已拒绝', async () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1'));
    store.decline();
    socket.last('decline').fail('timeout');
    await settle();
    expect(store.call).toMatchObject({ phase: 'ended', state: 'declined', reason: 'offline' });
    expect(callStatusText(store.call)).toBe('已拒绝');
  });

  test('a cancel that never reached the server is over for this person: 已取消', async () => {
    const { socket, store } = scriptedStore();
    store.dial('bob', 'audio');
    socket.last('invite').ack();
    socket.push(callFrame('call-out-1', 'ringing'));
    store.cancel();
    socket.last('cancel').fail('stopped');
    await settle();
    expect(store.call).toMatchObject({ phase: 'ended', state: 'cancelled', reason: 'offline' });
    expect(callStatusText(store.call)).toBe('已取消');
  });

  test("a late accept failure of an earlier call leaves the next call's pending accept alone", async () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1'));
    store.accept();
    const stale = socket.last('accept');
    socket.push(callFrame('call-in-1', 'cancelled'));
    store.dismiss();
    stale.fail('timeout');
    await settle();
    expect(store.call).toBeNull();

    socket.push(ring('call-in-2'));
    store.accept();
    const second = socket.last('accept');
    socket.push(callFrame('call-in-2', 'cancelled'));
    store.dismiss();
    socket.push(ring('call-in-3'));
    store.accept();
    second.fail('timeout');
    await settle();
    expect(store.call).toMatchObject({ callId: 'call-in-3', asking: 'accept' });
    expect(callStatusText(store.call)).toBe('正在接听…');
  });
});

describe('query', () => {
  test.each([
    ['timeout', 'offline'],
    ['not_found', 'not-found'],
    ['bad_request', 'not-found'],
    ['stopped', 'not-found'],
  ])('a notice check that fails with %s ends the call (%s)', async (code, reason) => {
    const { socket, store } = scriptedStore();
    store.openFromNotice('call-from-notice');
    socket.last('query').fail(code);
    await settle();
    expect(store.call).toMatchObject({ phase: 'ended', reason });
  });

  /** A call that rings, then the socket comes back: the store re-asks where the call is. */
  async function ringingThenReconnect() {
    const w = scriptedStore();
    w.socket.push(ring('call-in-1'));
    w.socket.setStatus('waiting');
    w.socket.setStatus('open');
    return w;
  }

  test('a re-sync query that times out leaves a ringing call ringing', async () => {
    const { socket, store } = await ringingThenReconnect();
    socket.last('query').fail('timeout');
    await settle();
    expect(store.call).toMatchObject({ phase: 'ringing', reason: null });
  });

  test.each(['not_found', 'bad_request'])('a re-sync query answered %s ends the call: 通话已结束', async (code) => {
    const { socket, store } = await ringingThenReconnect();
    socket.last('query').fail(code);
    await settle();
    expect(store.call).toMatchObject({ phase: 'ended', reason: 'not-found' });
    expect(callStatusText(store.call)).toBe('通话已结束');
  });

  test('a query failure after the call was dismissed changes nothing', async () => {
    const { socket, store } = scriptedStore();
    socket.push(ring('call-in-1', { media: 'video' }));
    store.accept();
    socket.push(callFrame('call-in-1', 'accepted', { room: grant() }));
    socket.setStatus('waiting');
    socket.setStatus('open');
    const q = socket.last('query');
    store.hangup();
    store.dismiss();
    q.fail('not_found');
    await settle();
    expect(store.call).toBeNull();
  });
});
