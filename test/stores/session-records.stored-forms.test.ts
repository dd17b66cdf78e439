// Stored records the validation must keep or drop: every end reason RoomStore can give (as the
// reason and as a join failure's cause), times below zero, a people list longer than the cap (cut
// to its first MAX_PEOPLE_PER_RECORD), and a records object written before the version field.
import { MAX_PEOPLE_PER_RECORD, parseRecords, type SessionRecord } from '../../stores/session-records';
import { SAMPLE_RECORD as base } from '../../sim/helpers/recorded-room';

const readOne = (entry: unknown): SessionRecord[] => parseRecords([entry]);

// Every EndReason of stores/room-store.ts.
const REASONS = [
  'left',
  'invalid-link',
  'not-configured',
  'unsupported',
  'capability-denied',
  'token-expired',
  'duplicate-login',
  'kicked',
  'join-failed',
  'reconnect-exhausted',
] as const;

test.each(REASONS)('a session that ended with %p is kept, and so is that reason as a failed join’s cause', (reason) => {
  expect(readOne({ ...base, endReason: reason })).toEqual([{ ...base, endReason: reason }]);
  const failed = { ...base, durationMs: 0, endReason: 'join-failed', cause: reason };
  expect(readOne(failed)).toEqual([failed]);
});

test('an unknown cause is dropped, the record kept', () => {
  expect(readOne({ ...base, endReason: 'join-failed', cause: 'exploded' })).toEqual([{ ...base, endReason: 'join-failed' }]);
});

test.each<[string, Record<string, unknown>]>([
  ['a start before the epoch', { startedAt: -1 }],
  ['an end before the epoch', { startedAt: -10, endedAt: -1 }],
  ['a negative duration', { durationMs: -1 }],
])('a record with %s is dropped', (_n, bad) => {
  expect(readOne({ ...base, ...bad })).toEqual([]);
});

test('a share period starting before the epoch is dropped, the record kept', () => {
  const ok = { userId: 'bob', startedAt: 1200, endedAt: 1500 };
  expect(readOne({ ...base, screenShares: [{ userId: 'carol', startedAt: -5, endedAt: 1500 }, ok] })).toEqual([{ ...base, screenShares: [ok] }]);
});

test('a people list longer than the cap keeps its first entries only', () => {
  const people = Array.from({ length: MAX_PEOPLE_PER_RECORD + 5 }, (_v, i) => `p${i}`);
  expect(readOne({ ...base, people })[0].people).toEqual(people.slice(0, MAX_PEOPLE_PER_RECORD));
});

test('a records object without a version (written before it had one) is read', () => {
  const other = { ...base, roomId: 'r2', endedAt: 3000 };
  expect(parseRecords({ records: [base, other] })).toEqual([other, base]);
});
