// services/platform/invoke.ts on a bare target (no sim): one settle per call, and the timeout timer
// is cleared as soon as the callback comes, so nothing is left ticking after a call.
import { invoke } from '../../services/platform/invoke';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

type Cb = { success?: (r: unknown) => void; fail?: (e: unknown) => void };

test('a prompt success clears the timeout timer', async () => {
  const target = { getThing: (o: Cb) => setTimeout(() => o.success!({ errMsg: 'getThing:ok', v: 1 }), 5) };
  const p = invoke(target as never, 'getThing' as never, {} as never, { api: 'tt.getThing', timeoutMs: 1000 });
  await jest.advanceTimersByTimeAsync(5);
  await expect(p).resolves.toMatchObject({ v: 1 });
  expect(jest.getTimerCount()).toBe(0);
});

test('a prompt failure clears the timeout timer; a late second callback changes nothing', async () => {
  let cb: Cb = {};
  const target = { getThing: (o: Cb) => (cb = o) };
  const p = invoke(target as never, 'getThing' as never, {} as never, { api: 'tt.getThing', timeoutMs: 1000 });
  cb.fail!({ errMsg: 'getThing:fail nope' });
  await expect(p).rejects.toMatchObject({ api: 'tt.getThing', rawMessage: 'getThing:fail nope' });
  expect(jest.getTimerCount()).toBe(0);
  cb.success!({ errMsg: 'getThing:ok' });
  await expect(p).rejects.toMatchObject({ rawMessage: 'getThing:fail nope' });
});

test('no callback: rejects "timeout" after timeoutMs', async () => {
  const target = { getThing: () => undefined };
  const p = invoke(target as never, 'getThing' as never, {} as never, { api: 'tt.getThing', timeoutMs: 1000 });
  const seen = p.catch((e: unknown) => e);
  await jest.advanceTimersByTimeAsync(1000);
  expect(await seen).toMatchObject({ category: 'timeout', rawMessage: 'no callback within 1000 ms' });
});
