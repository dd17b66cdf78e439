// mobx-miniprogram-bindings, the binding library the design named (docs/decisions.md explains why
// we wrote view/binding.ts instead): measured here on the same traces, so that decision can be
// re-checked by anyone. Bench-only devDependency; nothing in the mini-program imports it.
//
// The package calls the global Behavior(...) when it is loaded and its types reference the WeChat
// typings, so it is loaded through this small typed helper with Behavior stubbed as identity.
import type { SetDataTarget } from '../../view/binding';

export interface StoreBindings {
  updateStoreBindings(): void;
  destroyStoreBindings(): void;
}

interface BindingsModule {
  createStoreBindings(
    target: SetDataTarget,
    options: { store: unknown; fields: Record<string, (store: unknown) => unknown>; actions: string[]; structuralComparison?: boolean },
  ): StoreBindings;
}

let loaded: BindingsModule | null = null;

function load(): BindingsModule {
  if (loaded) return loaded;
  const g = globalThis as { Behavior?: (definition: unknown) => unknown };
  if (typeof g.Behavior !== 'function') g.Behavior = (definition: unknown) => definition;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded = require('mobx-miniprogram-bindings') as BindingsModule;
  return loaded;
}

/**
 * Binds each top-level field of `select()`'s result as one store-bindings field, the library's way:
 * every field is a MobX reaction whose value goes to setData whole (toJS), and the fields changed in
 * one microtask share one setData. structuralComparison is on (the library's option that skips a
 * field whose value is deep-equal to the last one), its most favourable setting for this view.
 */
export function bindWithMobxBindings<V extends Record<string, unknown>>(
  page: SetDataTarget,
  store: object,
  select: () => V,
  fields: ReadonlyArray<keyof V & string>,
): StoreBindings {
  const defs: Record<string, (store: unknown) => unknown> = {};
  for (const f of fields) defs[f] = () => select()[f];
  return load().createStoreBindings(page, { store, fields: defs, actions: [], structuralComparison: true });
}
