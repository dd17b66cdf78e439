import type { HomeStore, RecentRoom } from '../../stores/home-store';

/** Everything index.ttml binds to, as plain JSON. */
export interface HomeView extends Record<string, unknown> {
  tokenService: boolean;
  roomIdInput: string;
  inputError: string | null;
  creating: boolean;
  recents: RecentRoom[];
}

export function selectHomeView(store: HomeStore): HomeView {
  return {
    tokenService: store.tokenService,
    roomIdInput: store.roomIdInput,
    inputError: store.inputError,
    creating: store.creating,
    recents: store.recents,
  };
}
