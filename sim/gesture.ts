// Tracks "is a user gesture in progress", shared by the page harness (taps) and the fake tt (openSetting,
// modal confirm). A tap opens a window of GESTURE_WINDOW_MS (Date.now based, so fake timers apply) so that
// async chains started by the tap (await getSetting → openSetting) still count, as they do on devices.

const GESTURE_WINDOW_MS = 1000;

let gestureFrom = Infinity;
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
  gestureFrom = Date.now();
  gestureUntil = gestureFrom + GESTURE_WINDOW_MS;
}

export function isUserGestureActive(): boolean {
  const now = Date.now();
  // now < gestureFrom: the (fake) clock was reset by another test: not the same gesture.
  return depth > 0 || (now >= gestureFrom && now <= gestureUntil);
}

/** Forget any open window (createFakeTt, installGlobals and uninstallGlobals call this). */
export function resetGesture(): void {
  gestureFrom = Infinity;
  gestureUntil = -Infinity;
  depth = 0;
}
