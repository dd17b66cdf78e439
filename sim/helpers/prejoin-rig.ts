// The setup of the PrejoinStore tests: a store wired like the page (pages/prejoin/wire.ts) on a fresh
// cloud, a fake tt for "alice" (both scopes granted unless told) and the fake token service, with
// the knobs the tests turn: mode, no token service, permissions, SDK version, network, swapped deps.
import { prejoinDeps } from '../../pages/prejoin/wire';
import type { AuthSetting } from '../../services/platform/tt-types';
import { buildServices, type AppServices } from '../../services/runtime';
import { PrejoinStore, type PrejoinDeps } from '../../stores/prejoin-store';
import { RtcCloud } from '../cloud';
import { createFakeTt, type FakeTt } from '../fake-tt';
import { installTokenService, TOKEN_URL, type FakeTokenService } from './token-service';

export const PREJOIN_APP_ID = '65a1b2c3d4e5f60718293a4b';

export interface PrejoinSetup {
  mode?: 'dev' | 'douyin';
  /** false: the app is built without a token service URL. */
  tokenService?: boolean;
  permissions?: AuthSetting;
  sdk?: string;
  network?: 'wifi' | 'none' | '2g';
  /** Replaces some of the page's deps (given the page's own). */
  deps?: (d: PrejoinDeps) => Partial<PrejoinDeps>;
}

export interface PrejoinRig {
  cloud: RtcCloud;
  fake: FakeTt;
  server: FakeTokenService;
  services: AppServices;
  store: PrejoinStore;
}

export function prejoinRig(o: PrejoinSetup = {}): PrejoinRig {
  const cloud = new RtcCloud();
  const fake = createFakeTt(cloud, {
    label: 'alice',
    permissions: o.permissions ?? { 'scope.camera': true, 'scope.record': true },
    ...(o.sdk ? { systemInfo: { SDKVersion: o.sdk } } : {}),
    ...(o.network ? { network: { isConnected: o.network !== 'none', networkType: o.network } } : {}),
  });
  const mode = o.mode ?? 'dev';
  const server = installTokenService(fake, cloud, { mode, douyinUserId: 'u-alice' });
  const services = buildServices(fake.tt, { appId: PREJOIN_APP_ID, tokenServiceUrl: o.tokenService === false ? '' : TOKEN_URL, tokenServiceMode: mode });
  const deps = prejoinDeps(services);
  const store = new PrejoinStore({ ...deps, ...(o.deps ? o.deps(deps) : {}) });
  return { cloud, fake, server, services, store };
}
