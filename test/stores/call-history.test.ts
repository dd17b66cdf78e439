// The history list (话单) and the contacts derived from it, as the home page shows them: a call's own
// room session is listed once (as the call), keys are stable and distinct, only missed incoming calls
// are red, rooms say how long and how they ended, newest first, capped; contacts are the most recent
// distinct people, capped, never invented.
import { contactsFrom, mergeHistory } from '../../stores/call-history';
import type { CallRecordDto } from '../../services/token-client';
import type { SessionRecord } from '../../stores/session-records';

const NOW = new Date(2026, 2, 10, 12, 0, 0).getTime();
const MIN = 60000;

function call(callId: string, at: number, extra: Partial<CallRecordDto> = {}): CallRecordDto {
  return { callId, peer: 'bob', direction: 'out', media: 'video', outcome: 'completed', startedAt: at, durationSeconds: 65, ...extra };
}
function room(roomId: string, startedAt: number, extra: Partial<SessionRecord> = {}): SessionRecord {
  return { roomId, startedAt, endedAt: startedAt + MIN, durationMs: MIN, endReason: 'left', peakMembers: 2, reconnects: 0, screenShares: [], ...extra };
}

describe('mergeHistory', () => {
  test("a call's own room session is shown once, as the call; other rooms stay", () => {
    const h = mergeHistory([call('c1', NOW - 10 * MIN)], [room('call-room', NOW - 10 * MIN, { callId: 'c1' }), room('r2', NOW - 5 * MIN, { callId: 'other' })], NOW);
    expect(h.map((e) => [e.kind, e.key])).toEqual([
      ['room', `room:r2:${NOW - 5 * MIN}`],
      ['call', 'call:c1'],
    ]);
  });

  test.each([
    ['in', 'missed', true],
    ['out', 'missed', false],
    ['in', 'completed', false],
    ['in', 'declined', false],
  ] as const)('%s call, %s: alert (red) = %s', (direction, outcome, alert) => {
    const [e] = mergeHistory([call('c1', NOW - MIN, { direction, outcome })], [], NOW);
    expect(e.alert).toBe(alert);
  });

  test('call line: peer, direction and media, outcome with its duration', () => {
    const [e] = mergeHistory([call('c1', NOW - MIN, { direction: 'in', media: 'audio' })], [], NOW);
    expect(e).toEqual({
      key: 'call:c1',
      kind: 'call',
      title: 'bob',
      kindText: '呼入 · 语音通话',
      whenText: '今天 11:59',
      outcomeText: '已接通 01:05',
      alert: false,
      peer: 'bob',
      roomId: null,
      at: NOW - MIN,
    });
  });

  test.each([
    ['left after a minute', { durationMs: 61000 }, '1分01秒 · 你离开了房间'],
    ['kicked at once (0 ms)', { durationMs: 0, endReason: 'kicked' }, '被移出房间'],
    ['never joined, with its cause', { durationMs: 0, endReason: 'join-failed', cause: 'token-expired' }, '凭证过期'],
    ['never joined, no cause recorded', { durationMs: 0, endReason: 'join-failed' }, '未能进入房间'],
    ['a cause on another ending is not the reason', { durationMs: 2000, endReason: 'kicked', cause: 'token-expired' }, '2秒 · 被移出房间'],
  ] as Array<[string, Partial<SessionRecord>, string]>)('room line, %s', (_n, extra, text) => {
    const [e] = mergeHistory([], [room('r1', NOW - 5 * MIN, extra)], NOW);
    expect(e).toEqual({
      key: `room:r1:${NOW - 5 * MIN}`,
      kind: 'room',
      title: 'r1',
      kindText: '房间',
      whenText: '今天 11:56',
      outcomeText: text,
      alert: false,
      peer: null,
      roomId: 'r1',
      at: NOW - 5 * MIN,
    });
  });

  test('newest first across calls and rooms, whatever order they came in', () => {
    const h = mergeHistory([call('old', NOW - 30 * MIN), call('new', NOW - MIN)], [room('mid', NOW - 10 * MIN), room('oldest', NOW - 60 * MIN)], NOW);
    expect(h.map((e) => e.title + ':' + e.key.split(':')[1])).toEqual(['bob:new', 'mid:mid', 'bob:old', 'oldest:oldest']);
  });

  test('at most 30 entries: the oldest ones fall off', () => {
    const calls = Array.from({ length: 32 }, (_, i) => call(`c${i}`, NOW - i * MIN));
    const h = mergeHistory(calls.slice().reverse(), [], NOW);
    expect(h).toHaveLength(30);
    expect(h[0].key).toBe('call:c0');
    expect(h[29].key).toBe('call:c29');
  });
});

describe('contactsFrom', () => {
  test('most recent first, each once, never myself; rooms count from when they ended', () => {
    const calls = [call('c1', NOW - 50 * MIN, { peer: 'carol' }), call('c2', NOW - 5 * MIN, { peer: 'bob' }), call('c3', NOW - 40 * MIN, { peer: 'me' })];
    // Started long ago, ended 2 minutes ago: newer than every call.
    const rooms = [room('r1', NOW - 90 * MIN, { endedAt: NOW - 2 * MIN, people: ['dave', 'bob'] }), room('r2', NOW - 20 * MIN, { endedAt: NOW - 20 * MIN, people: ['erin'] })];
    expect(contactsFrom(calls, 'me', rooms)).toEqual(['dave', 'bob', 'erin', 'carol']);
  });

  test('a room record without people adds nobody', () => {
    expect(contactsFrom([call('c1', NOW - MIN, { peer: 'bob' })], null, [room('r1', NOW - 10 * MIN)])).toEqual(['bob']);
    expect(contactsFrom([], null, [room('r1', NOW - 10 * MIN)])).toEqual([]);
  });

  test('at most 10 contacts: the most recent ones', () => {
    const calls = Array.from({ length: 12 }, (_, i) => call(`c${i}`, NOW - i * MIN, { peer: `p${i}` }));
    expect(contactsFrom(calls.slice().reverse(), null)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']);
  });
});
