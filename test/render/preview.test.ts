/** @jest-environment ./sim/env/jsdom.js */
// Smoke test of the preview (npm run preview): every state renders from the real page code without a
// template, CSS or serializer error, and its key elements are there. Pixels are not compared.
import { PREVIEW_EPOCH, renderState } from '../../tools/preview/run';
import { STATES } from '../../tools/preview/states';
import { jestClock } from '../../sim/render/render-page';

beforeEach(() => jest.useFakeTimers({ now: PREVIEW_EPOCH }));
afterEach(() => jest.useRealTimers());

test('the state names are unique file names', () => {
  const names = STATES.map((s) => s.name);
  expect(new Set(names).size).toBe(names.length);
  for (const n of names) expect(n).toMatch(/^[a-z0-9-]+$/);
});

test.each(STATES.map((s) => [s.name, s] as const))('%s renders', async (_name, state) => {
  // renderState throws on a template/CSS error and when an expected selector is missing (or an absent one matches).
  const r = await renderState(state, jestClock);
  expect(r.body).not.toContain('{{');
  expect(r.html).toContain('<iframe');
  for (const m of r.body.matchAll(/class="[^"]*rtc-room rtc-room--(\w+)" data-user-id="([^"]*)"/g)) {
    expect(['camera', 'video', 'screen']).toContain(m[1]);
    expect(m[2]).not.toBe('');
  }
});
