/**
 * `.catch(ignore)`: for a failure that is harmless or already reported elsewhere. Every use says why
 * next to it; a failure that matters goes to the diagnostics log instead (RoomStore `log`).
 */
export function ignore(): void {
  // Deliberately empty.
}
