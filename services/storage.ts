import type { TtPlatform } from './platform/tt-types';

/** Key-value storage. Reads never throw: corrupt or missing data reads as undefined. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

export function createStorage(platform: TtPlatform): KeyValueStore {
  return {
    get(key) {
      try {
        const v = platform.getStorageSync(key);
        // Douyin returns '' for a missing key.
        return v === '' || v === null ? undefined : v;
      } catch (e) {
        return undefined;
      }
    },
    set(key, value) {
      try {
        platform.setStorageSync(key, value);
      } catch (e) {
        // Storage full or unavailable: records are a convenience, never a reason to fail a call.
        console.warn('[storage] write failed', key, e);
      }
    },
    remove(key) {
      try {
        platform.removeStorage({ key });
      } catch (e) {
        console.warn('[storage] remove failed', key, e);
      }
    },
  };
}
