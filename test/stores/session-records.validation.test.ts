// Reading stored session records field by field: what counts as a time, a count, a call id, a people
// list; zero-length periods are kept; a JSON string is read like the object it holds; only the first
// MAX_RECORDS * 4 entries are scanned. Writing: an invalid record writes nothing and pushes nothing
// out, the stored list never exceeds MAX_RECORDS, and clear() removes the key.
import { MAX_RECORDS, createSessionHistory, parseRecords, type SessionRecord } from '../../stores/session-records';
import { memoryRecordsStorage, SAMPLE_RECORD } from '../../sim/helpers/recorded-room';

const base = SAMPLE_RECORD;
const memory = memoryRecordsStorage;

const readOne = (entry: unknown): SessionRecord[] => parseRecords([entry]);

test.each<[string, Record<string, unknown>]>([
  ['a string start', { startedAt: '1000' }],
  ['an infinite end', { endedAt: Infinity }],
  ['an infinite duration', { durationMs: Infinity }],
  ['a string duration', { durationMs: '1000' }],
  ['an infinite peak', { peakMembers: Infinity }],
  ['a fractional peak', { peakMembers: 2.5 }],
  ['a string reconnect count', { reconnects: '3' }],
  ['an infinite reconnect count', { reconnects: Infinity }],
])('a record with %s is dropped', (_n, bad) => {
  expect(readOne({ ...base, ...bad })).toEqual([]);
});

test('zero-length sessions and share periods are kept', () => {
  const share = { userId: 'bob', startedAt: 1500, endedAt: 1500 };
  expect(readOne({ ...base, startedAt: 2000, durationMs: 0, screenShares: [share] })).toEqual([{ ...base, startedAt: 2000, durationMs: 0, screenShares: [share] }]);
});

test.each<[string, boolean]>([
  ['call_123-AB', true],
  ['abcdefgh', true],
  ['a'.repeat(64), true],
  ['a'.repeat(65), false],
  ['abcdefg', false],
  ['!abcdefgh', false],
  ['abcdefgh!', false],
  ['abcd efgh', false],
])('callId %p kept: %p', (callId, kept) => {
  const [r] = readOne({ ...base, callId });
  expect(r.callId).toBe(kept ? callId : undefined);
});

test('people: only valid ids are kept; none left means no people field', () => {
  expect(readOne({ ...base, people: ['bob', 7, 'bad id', null, 'carol'] })[0].people).toEqual(['bob', 'carol']);
  expect(readOne({ ...base, people: [7, 'bad id'] })).toEqual([base]);
  expect(readOne({ ...base, people: [] })).toEqual([base]);
});

test('a JSON string in storage reads like the object it holds; a broken one as empty', () => {
  const other = { ...base, roomId: 'r2', endedAt: 3000 };
  expect(parseRecords(JSON.stringify({ v: 1, records: [base, other] }))).toEqual([other, base]);
  expect(parseRecords(JSON.stringify([base]))).toEqual([base]);
  expect(parseRecords('{"v":1,')).toEqual([]);
});

test('only the first MAX_RECORDS * 4 stored entries are read', () => {
  const stored: unknown[] = [];
  for (let i = 0; i < MAX_RECORDS * 4; i++) stored.push(null);
  stored.push({ ...base, roomId: 'late' });
  expect(parseRecords({ v: 1, records: stored })).toEqual([]);
  stored[MAX_RECORDS * 4 - 1] = { ...base, roomId: 'last-read' };
  expect(parseRecords({ v: 1, records: stored }).map((r) => r.roomId)).toEqual(['last-read']);
});

describe('writing', () => {
  function full(): ReturnType<typeof memory> {
    const records = [];
    for (let i = 0; i < MAX_RECORDS; i++) records.push({ ...base, roomId: `r${i}`, endedAt: 10_000 - i });
    return memory({ v: 1, records });
  }

  test('the stored list never holds more than MAX_RECORDS', () => {
    const store = full();
    createSessionHistory(store).add({ ...base, roomId: 'new', endedAt: 20_000 });
    const stored = store.value as { v: number; records: SessionRecord[] };
    expect(stored.records).toHaveLength(MAX_RECORDS);
    expect(stored.records[0].roomId).toBe('new');
  });

  test('an invalid record writes nothing and pushes nothing out', () => {
    const store = full();
    const before = JSON.stringify(store.value);
    const hist = createSessionHistory(store);
    hist.add({ ...base, roomId: 'bad room' });
    expect(JSON.stringify(store.value)).toBe(before);
    expect(hist.list()).toHaveLength(MAX_RECORDS);
  });

  test('clear() removes the stored records', () => {
    const store = full();
    const hist = createSessionHistory(store);
    hist.clear();
    expect(store.value).toBeUndefined();
    expect(hist.list()).toEqual([]);
  });
});
