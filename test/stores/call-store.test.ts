// Calls between simulated phones: every outcome and the races, with the real calls socket on the
// simulated tt.connectSocket and the contract's fake server, under fake timers.
import { callStatusText } from '../../stores/call-store';
import { callWorld, type Phone } from '../../sim/helpers/call-phones';
import { flush } from '../../sim/time';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

async function world(names: string[]) {
  const w = callWorld({ users: names });
  const phones: Record<string, Phone> = {};
  for (const n of names) phones[n] = w.phone(n);
  await flush();
  return { ...w, phones };
}

const text = (p: Phone): string => callStatusText(p.store.call);

test('accept: both get the same room, each with its own token; hang-up ends it for both with a record', async () => {
  const { phones: { alice, bob }, server } = await world(['alice', 'bob']);
  expect(alice.store.dial('bob', 'video')).toBeNull();
  await flush();
  expect(text(alice)).toBe('正在呼叫，等待对方接听…');
  expect(bob.store.call).toMatchObject({ direction: 'in', peer: 'alice', media: 'video', phase: 'ringing' });
  expect(text(bob)).toBe('邀请你进行视频通话');
  bob.store.accept();
  await flush();
  const a = alice.store.call!;
  const b = bob.store.call!;
  expect(a.phase).toBe('accepted');
  expect(b.phase).toBe('accepted');
  expect(a.room!.roomId).toBe(b.room!.roomId);
  expect(a.room!.token).not.toBe(b.room!.token);
  await jest.advanceTimersByTimeAsync(65000);
  bob.store.hangup();
  await flush();
  expect(text(bob)).toBe('通话已结束');
  expect(text(alice)).toBe('对方已挂断');
  expect(server.recordsOf('alice')[0]).toMatchObject({ peer: 'bob', direction: 'out', outcome: 'completed', durationSeconds: 65 });
  expect(server.recordsOf('bob')[0]).toMatchObject({ peer: 'alice', direction: 'in', outcome: 'completed' });
});

test('decline, cancel, missed after 30 s: each side says it in its own words', async () => {
  const { phones: { alice, bob } } = await world(['alice', 'bob']);
  alice.store.dial('bob', 'audio');
  await flush();
  bob.store.decline();
  await flush();
  expect([text(alice), text(bob)]).toEqual(['对方已拒绝', '已拒绝']);
  alice.store.dismiss();
  bob.store.dismiss();

  alice.store.dial('bob', 'audio');
  await flush();
  alice.store.cancel();
  await flush();
  expect([text(alice), text(bob)]).toEqual(['已取消', '对方已取消']);
  alice.store.dismiss();
  bob.store.dismiss();

  alice.store.dial('bob', 'audio');
  await flush();
  await jest.advanceTimersByTimeAsync(30000);
  expect([text(alice), text(bob)]).toEqual(['无人接听', '未接来电']);
});

test('busy: a callee in a room answers busy by itself and nothing rings', async () => {
  const { phones: { alice, bob } } = await world(['alice', 'bob']);
  const leave = bob.presence.enterRoom();
  alice.store.dial('bob', 'video');
  await flush();
  expect(text(alice)).toBe('对方忙');
  expect(bob.store.call).toBeNull();
  expect(bob.store.autoBusy).toHaveLength(1);
  leave();
});

test('busy: a callee already in another call answers busy (three phones)', async () => {
  const { phones: { alice, bob, carol } } = await world(['alice', 'bob', 'carol']);
  alice.store.dial('bob', 'audio');
  await flush();
  bob.store.accept();
  await flush();
  carol.store.dial('bob', 'audio');
  await flush();
  expect(text(carol)).toBe('对方忙');
  expect(bob.store.call!.peer).toBe('alice');
  expect(bob.store.call!.phase).toBe('accepted');
});

test('calling yourself or an unknown user: a clear refusal, no call, nothing rings', async () => {
  const { phones: { alice }, server } = await world(['alice']);
  expect(alice.store.dial('alice', 'audio')).toBe('不能呼叫自己');
  expect(alice.store.dial('', 'audio')).toBe('请输入要呼叫的用户 ID');
  expect(alice.store.dial('bad id!', 'audio')).toMatch(/只能包含/);
  expect(alice.store.call).toBeNull();
  expect(alice.store.dial('nobody', 'audio')).toBeNull();
  await flush();
  expect(text(alice)).toBe('无法呼叫该用户（用户不存在或不可呼叫）');
  expect(server.calls.size).toBe(0);
});

test('race: accept and cancel at once — the server decides, and both phones agree', async () => {
  const { phones: { alice, bob } } = await world(['alice', 'bob']);
  alice.store.dial('bob', 'audio');
  await flush();
  bob.store.accept();
  alice.store.cancel();
  await flush();
  await flush();
  // Whichever the server took first, nobody is left in a call alone.
  const a = alice.store.call!;
  const b = bob.store.call!;
  expect(a.phase).toBe('ended');
  expect(b.phase).toBe('ended');
});

test('race: two people calling each other at once both end, nobody is stuck ringing', async () => {
  const { phones: { alice, bob } } = await world(['alice', 'bob']);
  alice.store.dial('bob', 'audio');
  bob.store.dial('alice', 'audio');
  await flush();
  await flush();
  expect(alice.store.call!.phase).toBe('ended');
  expect(bob.store.call!.phase).toBe('ended');
  expect(text(alice)).toBe('对方忙');
  expect(text(bob)).toBe('对方忙');
});

test('a callee on two devices: both ring; the first accept wins, the other says 已在其他设备接听', async () => {
  const w = callWorld({ users: ['alice', 'bob'] });
  const alice = w.phone('alice');
  const bob1 = w.phone('bob', 'd-bob-phone');
  const bob2 = w.phone('bob', 'd-bob-pad');
  await flush();
  alice.store.dial('bob', 'video');
  await flush();
  expect(bob1.store.call!.phase).toBe('ringing');
  expect(bob2.store.call!.phase).toBe('ringing');
  bob2.store.accept();
  bob1.store.accept();
  await flush();
  await flush();
  expect(bob2.store.call!.phase).toBe('accepted');
  expect(bob1.store.call!.phase).toBe('ended');
  expect(text(bob1)).toBe('已在其他设备接听');
  expect(alice.store.call!.room!.roomId).toBe(bob2.store.call!.room!.roomId);
});

test("the caller's socket drops while it rings: after the reconnect it learns the callee accepted", async () => {
  const { phones: { alice, bob } } = await world(['alice', 'bob']);
  alice.store.dial('bob', 'audio');
  await flush();
  alice.control.dropSockets();
  await flush();
  bob.store.accept();
  await flush();
  expect(alice.store.call!.phase).toBe('ringing');
  await jest.advanceTimersByTimeAsync(1500);
  expect(alice.socket.status).toBe('open');
  expect(alice.store.call!.phase).toBe('accepted');
  expect(alice.store.call!.room).not.toBeNull();
});

test("the callee's socket drops while it rings and the caller cancels meanwhile: it stops ringing after the reconnect", async () => {
  const { phones: { alice, bob } } = await world(['alice', 'bob']);
  alice.store.dial('bob', 'audio');
  await flush();
  bob.control.dropSockets();
  await flush();
  alice.store.cancel();
  await flush();
  expect(bob.store.call!.phase).toBe('ringing');
  await jest.advanceTimersByTimeAsync(1500);
  expect(text(bob)).toBe('对方已取消');
});

test('switching audio ↔ video during the call reaches the other side', async () => {
  const { phones: { alice, bob } } = await world(['alice', 'bob']);
  alice.store.dial('bob', 'video');
  await flush();
  bob.store.accept();
  await flush();
  alice.store.switchMedia('audio');
  await flush();
  expect(bob.store.call!.media).toBe('audio');
  expect(bob.store.call!.phase).toBe('accepted');
});

test('opened from a notice: a call that still rings rings; one that is over says 通话已结束', async () => {
  const w = callWorld({ users: ['alice', 'bob'] });
  const alice = w.phone('alice');
  await flush();
  alice.store.dial('bob', 'audio');
  await flush();
  expect(w.server.notices).toEqual([expect.objectContaining({ userId: 'bob', page: `pages/call/incoming?callId=${alice.store.call!.callId}` })]);
  const bob = w.phone('bob');
  bob.store.openFromNotice(alice.store.call!.callId);
  expect(text(bob)).toBe('正在查询通话…');
  await flush();
  expect(bob.store.call).toMatchObject({ phase: 'ringing', peer: 'alice' });
  alice.store.cancel();
  await flush();
  const late = w.phone('bob', 'd-bob-late');
  late.store.openFromNotice('call-never-existed-1');
  await flush();
  expect(text(late)).toBe('通话已结束');
  late.store.openFromNotice('x');
  expect(text(late)).toBe('通话已结束');
});
