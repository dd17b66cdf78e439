// The UI copy table (stores/messages.ts): every sentence a user can read is Chinese and says
// something, and the failure table's Retry flags follow one rule.
import * as messages from '../../stores/messages';

const CJK = /[\u4e00-\u9fff]/;

/** Every string leaf of the exported tables, with its path. Functions are checked where they are used. */
function strings(value: unknown, path: string, out: Array<[string, string]>): Array<[string, string]> {
  if (typeof value === 'string') out.push([path, value]);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
  }
  return out;
}

const all = strings(messages, 'messages', []);

test('the tables hold a few hundred sentences (the walk reaches them)', () => {
  expect(all.length).toBeGreaterThan(150);
});

test.each(all)('%s is Chinese text', (_path, text) => {
  expect(text.trim()).not.toBe('');
  expect(text).toMatch(CJK);
});

test('each failure and each link problem reads differently, so a user can tell them apart', () => {
  const titles = Object.values(messages.FAILURE_TEXT).map((f) => f.title);
  expect(new Set(titles).size).toBe(titles.length);
  const details = Object.values(messages.FAILURE_TEXT).map((f) => f.detail);
  expect(new Set(details).size).toBe(details.length);
  const problems = Object.values(messages.LINK_PROBLEM_TEXT);
  expect(new Set(problems).size).toBe(problems.length);
  const ends = Object.values(messages.END_REASON_TEXT);
  expect(new Set(ends).size).toBe(ends.length);
});

test('Retry is offered only where trying again can help: not for a bad or expired link, missing setup, an old Douyin or a missing capability', () => {
  const retryable = Object.entries(messages.FAILURE_TEXT)
    .filter(([, f]) => f.retryable)
    .map(([reason]) => reason)
    .sort();
  expect(retryable).toEqual(['duplicate-login', 'join-failed', 'kicked', 'reconnect-exhausted']);
});
