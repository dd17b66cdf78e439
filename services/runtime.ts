import { RTC_APP_ID, TOKEN_SERVICE_MODE, TOKEN_SERVICE_URL } from '../config';
import { createDevice, type Device } from './device';
import { createFeedback, type Feedback } from './feedback';
import { createPermissions, type Permissions } from './permissions';
import { globalPlatform } from './platform/tt';
import type { TtPlatform } from './platform/tt-types';
import { createRtcRoom, type RtcRoom } from './rtc/rtc-room';
import { createNavigation, type Navigation } from './navigation';
import { createStorage, type KeyValueStore } from './storage';
import { createTokenClient, isTokenServiceConfigured, type TokenClient } from './token-client';
import { invoke } from './platform/invoke';
import { checkConfig, tokenUrlUsable, type ConfigProblem } from './config-check';

/**
 * Every platform-backed service, built once per `tt` object (each simulated user has its own).
 * The raw `tt` is deliberately not exposed: pages and stores reach the platform only through these.
 */
export interface AppServices {
  appId: string;
  tokenServiceUrl: string;
  createRtcRoom(appId: string): RtcRoom;
  permissions: Permissions;
  device: Device;
  feedback: Feedback;
  navigation: Navigation;
  storage: KeyValueStore;
  /** null when no token service is configured: the app then runs on link tokens alone. */
  tokenClient: TokenClient | null;
  tokenServiceMode: 'dev' | 'douyin';
  /** What is wrong in config.ts (services/config-check.ts); [] when fine. Pages stop on any. */
  configProblems: ConfigProblem[];
}

export interface RuntimeConfig {
  appId: string;
  tokenServiceUrl: string;
  tokenServiceMode?: 'dev' | 'douyin';
}

let cached: { platform: TtPlatform; services: AppServices } | null = null;
let override: Partial<RuntimeConfig> = {};

/** Tests and previews set the config that config.ts leaves empty in the repository. */
export function configureRuntime(config: Partial<RuntimeConfig>): void {
  override = config;
  cached = null;
}

/** tt.login's code, or undefined when the user is not logged in to Douyin (the server then refuses). */
function loginCode(platform: TtPlatform): Promise<string | undefined> {
  return invoke(platform, 'login', { force: true }, { api: 'tt.login', timeoutMs: 15000 }).then((r) => r.code || undefined);
}

export function buildServices(platform: TtPlatform, config: RuntimeConfig): AppServices {
  const mode = config.tokenServiceMode || 'douyin';
  const configProblems = checkConfig({ appId: config.appId, tokenServiceUrl: config.tokenServiceUrl, tokenServiceMode: mode });
  // A refused URL gets no client: a request to it could only fail later, far from the cause.
  const tokenClient = isTokenServiceConfigured(config.tokenServiceUrl) && tokenUrlUsable(configProblems)
    ? createTokenClient({
        platform,
        baseUrl: config.tokenServiceUrl,
        ...(mode === 'douyin' ? { login: () => loginCode(platform) } : {}),
      })
    : null;
  return {
    tokenClient,
    tokenServiceMode: mode,
    configProblems,
    appId: config.appId,
    tokenServiceUrl: config.tokenServiceUrl,
    createRtcRoom: (appId) => createRtcRoom(platform, appId),
    permissions: createPermissions(platform),
    device: createDevice(platform),
    feedback: createFeedback(platform),
    navigation: createNavigation(platform),
    storage: createStorage(platform),
  };
}

export function appServices(): AppServices {
  const platform = globalPlatform();
  if (!cached || cached.platform !== platform) {
    const config: RuntimeConfig = {
      appId: override.appId !== undefined ? override.appId : RTC_APP_ID,
      tokenServiceUrl: override.tokenServiceUrl !== undefined ? override.tokenServiceUrl : TOKEN_SERVICE_URL,
      tokenServiceMode: override.tokenServiceMode || TOKEN_SERVICE_MODE,
    };
    cached = { platform, services: buildServices(platform, config) };
  }
  return cached.services;
}
