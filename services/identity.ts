// A stable per-device userId for the token service's dev mode (in douyin mode the server derives the
// id from tt.login). Why not anonymousCode like the official demo: it changes on every login call,
// and a changing or colliding id kicks people out of rooms (douyin-platform.md §7).
import { ID_PATTERN } from './link';
import type { KeyValueStore } from './storage';

export const DEVICE_USER_KEY = 'deviceUserId';
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
// 16 random characters of 36: ~82 bits, collisions are not a practical concern.
const RANDOM_LENGTH = 16;

export interface Identity {
  /** Generated once, persisted, regenerated only when storage lost or corrupted it. */
  deviceUserId(): string;
}

export function createIdentity(storage: KeyValueStore, random: () => number = Math.random): Identity {
  let cached: string | null = null;
  return {
    deviceUserId() {
      if (cached) return cached;
      const stored = storage.get(DEVICE_USER_KEY);
      if (typeof stored === 'string' && ID_PATTERN.test(stored)) {
        cached = stored;
        return stored;
      }
      let id = 'd';
      for (let i = 0; i < RANDOM_LENGTH; i++) id += ALPHABET.charAt(Math.floor(random() * ALPHABET.length) % ALPHABET.length);
      storage.set(DEVICE_USER_KEY, id);
      cached = id;
      return id;
    },
  };
}
