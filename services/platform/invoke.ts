import { PlatformError, toPlatformError } from './errors';
import type { CallbackOptions, PlatformFailure } from './tt-types';

const DEFAULT_TIMEOUT_MS = 10000;

type CallbackMethodOf<T, K extends keyof T> = T[K] extends ((options: infer O) => unknown) | undefined
  ? O extends CallbackOptions<infer S>
    ? { params: Omit<O, 'success' | 'fail' | 'complete'>; result: S }
    : never
  : never;

export type ParamsOf<T, K extends keyof T> = CallbackMethodOf<T, K>['params'];
export type ResultOf<T, K extends keyof T> = CallbackMethodOf<T, K>['result'];

/** Whether the running client has this method (older Douyin versions lack some). */
export function hasMethod<T extends object>(target: T, method: keyof T): boolean {
  return typeof (target as Record<keyof T, unknown>)[method] === 'function';
}

/**
 * Calls a callback-style platform method as a method of its owner (never detached: `this` must be
 * the context) and turns success/fail into a Promise. A callback that never comes rejects with
 * 'timeout' after timeoutMs; a late callback after that is ignored. A missing method rejects
 * 'unsupported' instead of throwing a TypeError.
 */
export function invoke<T extends object, K extends keyof T & string>(
  target: T,
  method: K,
  params: ParamsOf<T, K>,
  options: { api?: string; timeoutMs?: number } = {},
): Promise<ResultOf<T, K>> {
  const api = options.api || method;
  const timeoutMs = options.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : options.timeoutMs;
  const fn = (target as Record<string, unknown>)[method];
  if (typeof fn !== 'function') {
    return Promise.reject(new PlatformError(api, 'unsupported', undefined, `${method} is not available on this Douyin version`));
  }
  return new Promise<ResultOf<T, K>>((resolve, reject) => {
    let settled = false;
    let timer: number | undefined;
    const settle = (fnToRun: () => void): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      fnToRun();
    };
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        settle(() => reject(new PlatformError(api, 'timeout', undefined, `no callback within ${timeoutMs} ms`)));
      }, timeoutMs) as unknown as number;
    }
    const callOptions = Object.assign({}, params, {
      success: (res: ResultOf<T, K>) => settle(() => resolve(res)),
      fail: (err: PlatformFailure) => settle(() => reject(toPlatformError(api, err))),
    });
    try {
      (fn as (o: unknown) => unknown).call(target, callOptions);
    } catch (e) {
      settle(() => reject(toPlatformError(api, e)));
    }
  });
}
