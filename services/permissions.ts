import { invoke } from './platform/invoke';
import type { AuthSetting, TtPlatform } from './platform/tt-types';

/** granted / refused / never asked (the prompt will show on first capture). */
export type PermissionState = 'granted' | 'refused' | 'unknown';

export interface PermissionStates {
  camera: PermissionState;
  mic: PermissionState;
}

export interface Permissions {
  read(): Promise<PermissionStates>;
  /** Must be called from a user tap (platform rule). Resolves with the states after the user returns. */
  openSettings(): Promise<PermissionStates>;
}

function stateOf(v: boolean | undefined): PermissionState {
  return v === true ? 'granted' : v === false ? 'refused' : 'unknown';
}

function fromSetting(s: AuthSetting | undefined): PermissionStates {
  const a = s || {};
  return { camera: stateOf(a['scope.camera']), mic: stateOf(a['scope.record']) };
}

export function createPermissions(platform: TtPlatform): Permissions {
  return {
    // Reading settings never prompts; the capture call itself triggers the system prompt
    // (tt.authorize is being phased out, so we do not ask up front).
    read: () =>
      invoke(platform, 'getSetting', {}, { api: 'tt.getSetting' }).then(
        (r) => fromSetting(r.authSetting),
        () => ({ camera: 'unknown' as PermissionState, mic: 'unknown' as PermissionState }),
      ),
    openSettings: () =>
      invoke(platform, 'openSetting', {}, { api: 'tt.openSetting', timeoutMs: 0 }).then((r) => fromSetting(r.authSetting)),
  };
}
