// Tracks "is a user gesture in progress", shared by the page harness (taps) and the fake tt (openSetting,
// modal confirm). A tap opens a window of GESTURE_WINDOW_MS (Date.now based, so fake timers apply) so that
// async chains started by the tap (await getSetting → openSetting) still count, as they do on devices.

export const GESTURE_WINDOW_MS = 1000;

let gestureUntil = -Infinity;
let depth = 0;

/** Run fn as the handler of a user tap. */
export function runAsUserGesture<T>(fn: () => T): T {
  openGestureWindow();
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}

export function openGestureWindow(): void {
  gestureUntil = Date.now() + GESTURE_WINDOW_MS;
}

export function isUserGestureActive(): boolean {
  return depth > 0 || Date.now() <= gestureUntil;
}

export function resetGesture(): void {
  gestureUntil = -Infinity;
  depth = 0;
}
