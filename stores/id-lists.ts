// Comparisons of user-id lists (the platform's full snapshots and what is derived from them), used
// as MobX equalities and fast paths: a snapshot that changes nothing should re-derive nothing.

/** The same ids in the same order. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Everyone in `list` other than `selfId` is in `known`. */
export function onlyKnown(list: readonly string[], known: ReadonlySet<string>, selfId: string): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] !== selfId && !known.has(list[i])) return false;
  return true;
}
