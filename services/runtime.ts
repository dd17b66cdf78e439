import { CALLS_SOCKET_URL, CALL_SUBSCRIBE_TEMPLATE_ID, RTC_APP_ID, TOKEN_SERVICE_MODE, TOKEN_SERVICE_URL } from '../config';
import { createCallNotices, type CallNotices } from './call-notices';
import { createCallsSocket, type CallsSocket } from './calls-socket';
import { createIdentity } from './identity';
import { createRinger, type Ringer } from './ringer';
import type { CallRecordDto } from './token-client';
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
import { callsSocketUrl, callsUrlUsable, checkConfig, tokenUrlUsable, type ConfigProblem } from './config-check';

/** Calls (docs/calls.md): present only with a usable token service and socket URL. */
interface CallsServices {
  socket: CallsSocket;
  ringer: Ringer;
  notices: CallNotices;
  /** Dev mode: the userId this device says it is; douyin mode: null (the server's welcome says). */
  devUserId: string | null;
  listCalls(): Promise<CallRecordDto[]>;
}

const CALLS_DEVICE_KEY = 'callsDeviceId';

/**
 * Every platform-backed service, built once per `tt` object (each simulated user has its own).
 * The raw `tt` is deliberately not exposed: pages and stores reach the platform only through these.
 */
export interface AppServices {
  appId: string;
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
  /** null without a token service (or with a refused socket URL): no calls, rooms still work. */
  calls: CallsServices | null;
}

export interface RuntimeConfig {
  appId: string;
  tokenServiceUrl: string;
  tokenServiceMode?: 'dev' | 'douyin';
  /** '' = derived from tokenServiceUrl. */
  callsSocketUrl?: string;
  callTemplateId?: string;
}

/** One id per installation for the socket's one-socket-per-device rule. */
function callsDeviceId(storage: KeyValueStore): string {
  const stored = storage.get(CALLS_DEVICE_KEY);
  if (typeof stored === 'string' && /^d-[a-z0-9]{16}$/.test(stored)) return stored;
  let id = 'd-';
  for (let i = 0; i < 16; i++) id += 'abcdefghijklmnopqrstuvwxyz0123456789'.charAt(Math.floor(Math.random() * 36) % 36);
  storage.set(CALLS_DEVICE_KEY, id);
  return id;
}

// Per tt object: each simulated phone keeps its own services (and its one calls socket) when a
// multi-phone test switches the bare tt between them.
let cached = new WeakMap<TtPlatform, AppServices>();
let override: Partial<RuntimeConfig> = {};

/** Tests and previews set the config that config.ts leaves empty in the repository. */
export function configureRuntime(config: Partial<RuntimeConfig>): void {
  override = config;
  cached = new WeakMap<TtPlatform, AppServices>();
}

/** tt.login's code, or undefined when the user is not logged in to Douyin (the server then refuses). */
function loginCode(platform: TtPlatform): Promise<string | undefined> {
  return invoke(platform, 'login', { force: true }, { api: 'tt.login', timeoutMs: 15000 }).then((r) => r.code || undefined);
}

export function buildServices(platform: TtPlatform, config: RuntimeConfig): AppServices {
  const mode = config.tokenServiceMode || 'douyin';
  const configProblems = checkConfig({
    appId: config.appId,
    tokenServiceUrl: config.tokenServiceUrl,
    tokenServiceMode: mode,
    callsSocketUrl: config.callsSocketUrl || '',
  });
  // A refused URL gets no client: a request to it could only fail later, far from the cause.
  const tokenClient = isTokenServiceConfigured(config.tokenServiceUrl) && tokenUrlUsable(configProblems)
    ? createTokenClient({
        platform,
        baseUrl: config.tokenServiceUrl,
        ...(mode === 'douyin' ? { login: () => loginCode(platform) } : {}),
      })
    : null;
  const storage = createStorage(platform);
  const socketUrl = callsSocketUrl(config.tokenServiceUrl, config.callsSocketUrl || '');
  let calls: CallsServices | null = null;
  if (tokenClient && socketUrl && callsUrlUsable(configProblems)) {
    const client = tokenClient;
    // Lazy: building services must touch nothing (pages that stop early make no platform call).
    let devUserId: string | null | undefined;
    let socket: CallsSocket | null = null;
    let ringer: Ringer | null = null;
    const myDevUserId = (): string | null => {
      if (devUserId === undefined) devUserId = mode === 'dev' ? createIdentity(storage).deviceUserId() : null;
      return devUserId;
    };
    calls = {
      get devUserId() {
        return myDevUserId();
      },
      get socket() {
        if (!socket) {
          const dev = myDevUserId();
          socket = createCallsSocket({
            platform,
            url: socketUrl,
            deviceId: callsDeviceId(storage),
            auth: () =>
              dev !== null
                ? Promise.resolve({ userId: dev })
                : loginCode(platform).then((code) => {
                    if (!code) throw new Error('not logged in to Douyin');
                    return { code };
                  }),
          });
        }
        return socket;
      },
      get ringer() {
        if (!ringer) ringer = createRinger(platform);
        return ringer;
      },
      notices: createCallNotices(platform, config.callTemplateId || ''),
      listCalls: () => {
        const dev = myDevUserId();
        return client.listCalls(dev !== null ? dev : undefined);
      },
    };
  }
  return {
    calls,
    tokenClient,
    tokenServiceMode: mode,
    configProblems,
    appId: config.appId,
    createRtcRoom: (appId) => createRtcRoom(platform, appId),
    permissions: createPermissions(platform),
    device: createDevice(platform),
    feedback: createFeedback(platform),
    navigation: createNavigation(platform),
    storage,
  };
}

export function appServices(): AppServices {
  const platform = globalPlatform();
  let services = cached.get(platform);
  if (!services) {
    const config: RuntimeConfig = {
      appId: override.appId !== undefined ? override.appId : RTC_APP_ID,
      tokenServiceUrl: override.tokenServiceUrl !== undefined ? override.tokenServiceUrl : TOKEN_SERVICE_URL,
      tokenServiceMode: override.tokenServiceMode || TOKEN_SERVICE_MODE,
      callsSocketUrl: override.callsSocketUrl !== undefined ? override.callsSocketUrl : CALLS_SOCKET_URL,
      callTemplateId: override.callTemplateId !== undefined ? override.callTemplateId : CALL_SUBSCRIBE_TEMPLATE_ID,
    };
    services = buildServices(platform, config);
    cached.set(platform, services);
  }
  return services;
}
