// Configuration from the environment, validated once at boot against a TypeBox schema.
import { createHmac, randomBytes } from 'node:crypto';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const DEFAULT_CODE2SESSION_URL = 'https://developer.toutiao.com/api/apps/v2/jscode2session';
const DEFAULT_CLIENT_TOKEN_URL = 'https://open.douyin.com/oauth/client_token/';
const DEFAULT_NOTIFY_URL = 'https://open.douyin.com/api/notification/v2/subscription/notify_user/';

/** Obviously fake credentials for the zero-config dev mode; Volcengine rejects tokens signed with them. */
export const DEV_APP_ID = 'devdevdevdevdevdevdevdev';
export const DEV_APP_KEY = 'dev-app-key-not-a-real-secret-00';

const ConfigSchema = Type.Object({
  mode: Type.Union([Type.Literal('dev'), Type.Literal('douyin')]),
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  rtcAppId: Type.String({ pattern: '^[\\x21-\\x7e]{24}$' }),
  rtcAppKey: Type.String({ minLength: 1 }),
  /** true when the embedded fake credentials are in use (dev mode without RTC_APP_ID/RTC_APP_KEY). */
  devCredentials: Type.Boolean(),
  tokenTtlSeconds: Type.Integer({ minimum: 60, maximum: 86400 }),
  inviteTtlSeconds: Type.Integer({ minimum: 60, maximum: 30 * 86400 }),
  inviteSecret: Type.String({ minLength: 16 }),
  userIdSecret: Type.String({ minLength: 16 }),
  douyin: Type.Union([
    Type.Null(),
    Type.Object({
      appId: Type.String({ minLength: 1 }),
      appSecret: Type.String({ minLength: 1 }),
      code2sessionUrl: Type.String({ pattern: '^https?://' }),
    }),
  ]),
  code2sessionTimeoutMs: Type.Integer({ minimum: 1, maximum: 60000 }),
  rateLimit: Type.Object({
    perIpPerMinute: Type.Integer({ minimum: 1 }),
    perCallerPerMinute: Type.Integer({ minimum: 1 }),
  }),
  /**
   * false: use the socket address. A number: trust that many proxy hops (the right-most entries of
   * X-Forwarded-For). A list: trust only these proxy addresses/CIDRs. Never a blanket "trust all":
   * the left-most X-Forwarded-For entry is written by the client.
   */
  trustProxy: Type.Union([Type.Literal(false), Type.Integer({ minimum: 1, maximum: 10 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })]),
  timeouts: Type.Object({
    /** Whole request head must arrive within this. */
    headersMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
    /** Whole request (head + body) must arrive within this; then 408 and the socket closes. */
    requestMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
    /** Idle keep-alive sockets close after this. */
    keepAliveMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
  }),
  /** null: state (rate-limit counters) lives in this process. Set: shared through Redis. */
  redisUrl: Type.Union([Type.Null(), Type.String({ pattern: '^rediss?://' })]),
  /** Call signalling (docs/calls.md). Times in ms so tests can use short ones; env vars are seconds. */
  calls: Type.Object({
    ringTimeoutMs: Type.Integer({ minimum: 100, maximum: 300_000 }),
    heartbeatMs: Type.Integer({ minimum: 100, maximum: 120_000 }),
    helloTimeoutMs: Type.Integer({ minimum: 100, maximum: 60_000 }),
    dropGraceMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
    invitesPerMinute: Type.Integer({ minimum: 1, maximum: 1e9 }),
    /** How often each instance looks for expired rings and vanished parties. */
    sweepMs: Type.Integer({ minimum: 10, maximum: 5000 }),
    /** Douyin subscription message for callees who are not in the app; null = no notices. */
    notice: Type.Union([
      Type.Null(),
      Type.Object({
        templateId: Type.String({ minLength: 1, maxLength: 128 }),
        /** Template keyword names for the call type and the time (they depend on the chosen template). */
        mediaField: Type.String({ minLength: 1, maxLength: 64 }),
        timeField: Type.String({ minLength: 1, maxLength: 64 }),
        clientTokenUrl: Type.String({ pattern: '^https?://' }),
        notifyUrl: Type.String({ pattern: '^https?://' }),
        timeoutMs: Type.Integer({ minimum: 1, maximum: 60_000 }),
      }),
    ]),
  }),
});
export type Config = Static<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid token service configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** 127.0.0.0/8, ::1 and localhost: only this machine can reach them. */
function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** code2session carries the AppSecret: https only, plain http just for loopback stand-ins (tests). */
function isAllowedUpstreamUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d{1,2}))?$/;
const IPV6_CIDR = /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(\/(\d{1,3}))?$/;

function isProxyAddress(s: string): boolean {
  const m = IPV4_CIDR.exec(s);
  if (m) return m.slice(1, 5).every((o) => Number(o) <= 255) && (m[6] === undefined || Number(m[6]) <= 32);
  const m6 = IPV6_CIDR.exec(s);
  return m6 !== null && (m6[2] === undefined || Number(m6[2]) <= 128);
}

/** TRUST_PROXY: unset/false, a hop count, or a comma-separated list of proxy addresses/CIDRs. */
function trustProxyVar(env: Env, problems: string[]): Config['trustProxy'] {
  const raw = strVar(env, 'TRUST_PROXY');
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (n >= 1 && n <= 10) return n;
  } else if (raw !== 'true') {
    const list = raw.split(',').map((x) => x.trim()).filter((x) => x !== '');
    if (list.length > 0 && list.every(isProxyAddress)) return list;
  }
  problems.push(
    'TRUST_PROXY must be a hop count (e.g. 1 for one reverse proxy) or a comma-separated list of proxy addresses/CIDRs; ' +
      '"true" is refused because it trusts client-written X-Forwarded-For entries',
  );
  return false;
}

/** Reads an integer env var; records a problem naming the variable instead of throwing. */
function intVar(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return n;
}

function strVar(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const appId = strVar(env, 'RTC_APP_ID');
  const appKey = strVar(env, 'RTC_APP_KEY');
  const modeRaw = strVar(env, 'TOKEN_SERVICE_MODE');

  // Defaulting to dev with real credentials would let anyone mint tokens for any room: make it explicit.
  let mode: Config['mode'] = 'dev';
  if (modeRaw === 'dev' || modeRaw === 'douyin') mode = modeRaw;
  else if (modeRaw !== undefined) problems.push(`TOKEN_SERVICE_MODE must be "dev" or "douyin" (got "${modeRaw}")`);
  else if (appId !== undefined || appKey !== undefined) {
    problems.push('TOKEN_SERVICE_MODE is required when RTC_APP_ID/RTC_APP_KEY are set ("douyin" for production)');
  }

  const devCredentials = mode === 'dev' && appId === undefined && appKey === undefined;
  if (!devCredentials) {
    if (appId === undefined) problems.push('RTC_APP_ID is missing (24 characters, Volcengine RTC console)');
    else if (!/^[\x21-\x7e]{24}$/.test(appId)) problems.push(`RTC_APP_ID must be exactly 24 characters (got ${appId.length})`);
    if (appKey === undefined) problems.push('RTC_APP_KEY is missing (Volcengine RTC console)');
  }

  let inviteSecret = strVar(env, 'INVITE_SECRET');
  if (inviteSecret !== undefined && inviteSecret.length < 32) problems.push('INVITE_SECRET must be at least 32 characters');
  if (inviteSecret === undefined) {
    if (mode === 'douyin') problems.push('INVITE_SECRET is missing (at least 32 random characters)');
    // Dev mode: invites only need to survive this process.
    inviteSecret = randomBytes(32).toString('base64url');
  }
  const userIdSecret =
    strVar(env, 'USER_ID_SECRET') ?? createHmac('sha256', inviteSecret).update('rtc-user-id/v1').digest('base64url');

  let douyin: Config['douyin'] = null;
  if (mode === 'douyin') {
    const dyAppId = strVar(env, 'DOUYIN_APP_ID');
    const dySecret = strVar(env, 'DOUYIN_APP_SECRET');
    if (dyAppId === undefined) problems.push('DOUYIN_APP_ID is missing (mini-program AppID, Douyin developer console)');
    if (dySecret === undefined) problems.push('DOUYIN_APP_SECRET is missing (mini-program AppSecret)');
    const url = strVar(env, 'DOUYIN_CODE2SESSION_URL') ?? DEFAULT_CODE2SESSION_URL;
    if (!isAllowedUpstreamUrl(url)) {
      problems.push('DOUYIN_CODE2SESSION_URL must be an https:// URL (http:// only for a loopback stand-in)');
    }
    douyin = { appId: dyAppId ?? '', appSecret: dySecret ?? '', code2sessionUrl: url };
  }

  const host = strVar(env, 'HOST') ?? '127.0.0.1';
  // Dev mode mints for anyone: never in production, and only reachable from this machine unless asked.
  if (mode === 'dev' && strVar(env, 'NODE_ENV') === 'production') {
    problems.push('TOKEN_SERVICE_MODE=dev is refused when NODE_ENV=production (use "douyin")');
  }
  if (mode === 'dev' && !isLoopbackHost(host) && strVar(env, 'ALLOW_DEV_MODE_ON_NETWORK') !== 'true') {
    problems.push(
      `HOST=${host} exposes dev mode (tokens for anyone) beyond this machine; use a loopback HOST or set ALLOW_DEV_MODE_ON_NETWORK=true`,
    );
  }

  const redisUrl = strVar(env, 'REDIS_URL') ?? null;
  // The URL may hold a password: name the variable, never echo the value.
  if (redisUrl !== null && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) problems.push('REDIS_URL must be a redis:// or rediss:// URL');

  const timeouts = {
    headersMs: intVar(env, 'HEADERS_TIMEOUT_MS', 10_000, 100, 600_000, problems),
    requestMs: intVar(env, 'REQUEST_TIMEOUT_MS', 15_000, 100, 600_000, problems),
    keepAliveMs: intVar(env, 'KEEP_ALIVE_TIMEOUT_MS', 72_000, 100, 600_000, problems),
  };
  if (timeouts.headersMs > timeouts.requestMs) problems.push('HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS');

  let notice: Config['calls']['notice'] = null;
  const templateId = strVar(env, 'DOUYIN_CALL_TEMPLATE_ID');
  if (templateId !== undefined) {
    if (mode !== 'douyin') problems.push('DOUYIN_CALL_TEMPLATE_ID needs TOKEN_SERVICE_MODE=douyin (notices go to openids)');
    // The schema would only say "/calls/notice: Expected union value": name the variable instead.
    if (templateId.length > 128) problems.push(`DOUYIN_CALL_TEMPLATE_ID must be at most 128 characters (got ${templateId.length})`);
    const fields = (strVar(env, 'DOUYIN_CALL_TEMPLATE_FIELDS') ?? '通话类型,来电时间').split(',').map((f) => f.trim());
    if (fields.length !== 2 || fields.some((f) => f === '' || f.length > 64)) {
      problems.push('DOUYIN_CALL_TEMPLATE_FIELDS must be two template keyword names: <call type>,<time>');
    }
    const clientTokenUrl = strVar(env, 'DOUYIN_CLIENT_TOKEN_URL') ?? DEFAULT_CLIENT_TOKEN_URL;
    const notifyUrl = strVar(env, 'DOUYIN_NOTIFY_URL') ?? DEFAULT_NOTIFY_URL;
    for (const [name, url] of [['DOUYIN_CLIENT_TOKEN_URL', clientTokenUrl], ['DOUYIN_NOTIFY_URL', notifyUrl]] as const) {
      if (!isAllowedUpstreamUrl(url)) problems.push(`${name} must be an https:// URL (http:// only for a loopback stand-in)`);
    }
    notice = {
      templateId,
      mediaField: fields[0] ?? '',
      timeField: fields[1] ?? '',
      clientTokenUrl,
      notifyUrl,
      timeoutMs: 5000,
    };
  }
  const calls: Config['calls'] = {
    ringTimeoutMs: intVar(env, 'CALL_RING_TIMEOUT_SECONDS', 30, 5, 300, problems) * 1000,
    heartbeatMs: 25_000,
    helloTimeoutMs: 10_000,
    dropGraceMs: intVar(env, 'CALL_DROP_GRACE_SECONDS', 20, 5, 600, problems) * 1000,
    invitesPerMinute: intVar(env, 'CALL_INVITES_PER_MINUTE', 20, 1, 1e6, problems),
    sweepMs: 250,
    notice,
  };

  const config: Config = {
    mode,
    host,
    port: intVar(env, 'PORT', 8787, 0, 65535, problems),
    rtcAppId: devCredentials ? DEV_APP_ID : (appId ?? ''),
    rtcAppKey: devCredentials ? DEV_APP_KEY : (appKey ?? ''),
    devCredentials,
    tokenTtlSeconds: intVar(env, 'TOKEN_TTL_SECONDS', 3600, 60, 86400, problems),
    inviteTtlSeconds: intVar(env, 'INVITE_TTL_SECONDS', 7 * 86400, 60, 30 * 86400, problems),
    inviteSecret,
    userIdSecret,
    douyin,
    code2sessionTimeoutMs: 5000,
    rateLimit: {
      perIpPerMinute: intVar(env, 'RATE_LIMIT_PER_IP', 120, 1, 1e9, problems),
      perCallerPerMinute: intVar(env, 'RATE_LIMIT_PER_CALLER', 30, 1, 1e9, problems),
    },
    trustProxy: trustProxyVar(env, problems),
    timeouts,
    redisUrl,
    calls,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  assertConfig(config);
  return config;
}

/** Last line of defence (also used for configs built in code, e.g. by tests and the bench). */
export function assertConfig(config: Config): void {
  if (!Value.Check(ConfigSchema, config)) {
    // Paths only, never values: the config holds secrets.
    const problems = [...Value.Errors(ConfigSchema, config)].map((e) => `${e.path || '/'}: ${e.message}`);
    throw new ConfigError(problems);
  }
  if (config.mode === 'douyin' && (config.douyin === null || config.devCredentials)) {
    throw new ConfigError(['douyin mode needs Douyin credentials and real RTC credentials']);
  }
  if (config.douyin !== null && !isAllowedUpstreamUrl(config.douyin.code2sessionUrl)) {
    throw new ConfigError(['douyin.code2sessionUrl must be https:// (http:// only for loopback)']);
  }
  if (config.timeouts.headersMs > config.timeouts.requestMs) {
    throw new ConfigError(['timeouts.headersMs must not exceed timeouts.requestMs']);
  }
  const notice = config.calls.notice;
  if (notice !== null) {
    if (config.douyin === null) throw new ConfigError(['calls.notice needs douyin mode']);
    if (!isAllowedUpstreamUrl(notice.clientTokenUrl) || !isAllowedUpstreamUrl(notice.notifyUrl)) {
      throw new ConfigError(['calls.notice URLs must be https:// (http:// only for loopback)']);
    }
  }
}
