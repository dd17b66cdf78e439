// Ringing while a call comes in: a looping ringtone, a long vibration every 2 s, and the screen kept
// on (calls-platform: tt.createInnerAudioContext, tt.vibrateLong, tt.setKeepScreenOn). Each part is
// optional on the platform; a missing or failing one never stops the others or the call.
import type { InnerAudioContext, TtPlatform } from './platform/tt-types';
import { ignore } from './ignore';

const RINGTONE_SRC = '/assets/ringtone.wav';
const VIBRATE_EVERY_MS = 2000;

export interface Ringer {
  readonly ringing: boolean;
  start(): void;
  stop(): void;
}


export function createRinger(platform: TtPlatform): Ringer {
  let audio: InnerAudioContext | null = null;
  let timer: number | undefined;
  let ringing = false;
  const vibrate = (): void => {
    if (typeof platform.vibrateLong === 'function') platform.vibrateLong({ fail: ignore });
  };
  const keepOn = (on: boolean): void => {
    if (typeof platform.setKeepScreenOn === 'function') platform.setKeepScreenOn({ keepScreenOn: on, fail: ignore });
  };
  return {
    get ringing() {
      return ringing;
    },
    start() {
      if (ringing) return;
      ringing = true;
      try {
        if (typeof platform.createInnerAudioContext === 'function') {
          audio = platform.createInnerAudioContext();
          audio.src = RINGTONE_SRC;
          audio.loop = true;
          audio.play();
        }
      } catch (e) {
        // No ringtone this time (vibration and the screen still go on). A context created before the
        // failure stays in `audio` so stop() destroys it instead of leaking it.
      }
      vibrate();
      timer = setInterval(vibrate, VIBRATE_EVERY_MS) as unknown as number;
      keepOn(true);
    },
    stop() {
      if (!ringing) return;
      ringing = false;
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      if (audio) {
        try {
          audio.stop();
          audio.destroy();
        } catch (e) {
          // already gone
        }
      }
      audio = null;
      keepOn(false);
    },
  };
}
