// assertConfig, the last line of defence for configs built in code (tests, the bench, buildApp):
// every schema bound is enforced (just outside refused, the bound itself accepted), each problem names
// the config path and never the value, and the cross-field rules refuse with their own message.
import { assertConfig, type Config, ConfigError } from '../src/config';
import { testConfig } from './helpers';

/** A douyin config with notices on, timeouts spread so each timeout bound can be tried alone. */
function base(): Config {
  return testConfig('douyin', {
    timeouts: { headersMs: 100, requestMs: 600_000, keepAliveMs: 72_000 },
    calls: {
      ...testConfig('douyin').calls,
      notice: {
        templateId: 'MSG1',
        mediaField: 'type',
        timeField: 'time',
        clientTokenUrl: 'http://127.0.0.1:1/ct',
        notifyUrl: 'http://127.0.0.1:1/notify',
        timeoutMs: 5000,
      },
    },
  });
}

/** base() with the value at a JSON-pointer-like path ("/calls/notice/timeoutMs") replaced. */
function withValue(path: string, value: unknown): Config {
  const config = structuredClone(base());
  const keys = path.split('/').slice(1);
  let node = config as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1] as string] = value;
  return config;
}

function problemsOf(config: Config): string[] {
  try {
    assertConfig(config);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

const s = (n: number) => 'a'.repeat(n);

// [path, refused values, accepted values]
const bounds: [string, unknown[], unknown[]][] = [
  ['/host', [''], ['h']],
  ['/port', [-1, 65536], [0, 65535]],
  ['/rtcAppId', [s(23), s(25), `${s(23)} `, `${s(23)}é`], [s(24), '!~'.repeat(12)]],
  ['/rtcAppKey', [''], ['k']],
  ['/tokenTtlSeconds', [59, 86401], [60, 86400]],
  ['/inviteTtlSeconds', [59, 30 * 86400 + 1], [60, 30 * 86400]],
  ['/inviteSecret', [s(15)], [s(16)]],
  ['/userIdSecret', [s(15)], [s(16)]],
  ['/douyin/appId', [''], ['t']],
  ['/douyin/appSecret', [''], ['s']],
  ['/douyin/code2sessionUrl', ['ftp://127.0.0.1/x', '127.0.0.1/x'], ['https://example.com/x', 'http://127.0.0.1:1/x']],
  ['/code2sessionTimeoutMs', [0, 60001], [1, 60000]],
  ['/rateLimit/perIpPerMinute', [0], [1]],
  ['/rateLimit/perCallerPerMinute', [0], [1]],
  ['/trustProxy', [0, 11, true, [], ['']], [false, 1, 10, ['10.0.0.1']]],
  ['/timeouts/headersMs', [99, 600_001], [100, 600_000]],
  ['/timeouts/requestMs', [99, 600_001], [100, 600_000]],
  ['/timeouts/keepAliveMs', [99, 600_001], [100, 600_000]],
  ['/redisUrl', ['http://127.0.0.1:6379', ''], [null, 'redis://127.0.0.1:6379', 'rediss://h:6380/1']],
  ['/calls/ringTimeoutMs', [99, 300_001], [100, 300_000]],
  ['/calls/heartbeatMs', [99, 120_001], [100, 120_000]],
  ['/calls/helloTimeoutMs', [99, 60_001], [100, 60_000]],
  ['/calls/dropGraceMs', [99, 600_001], [100, 600_000]],
  ['/calls/invitesPerMinute', [0, 1e9 + 1], [1, 1e9]],
  ['/calls/sweepMs', [9, 5001], [10, 5000]],
  ['/calls/notice/templateId', ['', s(129)], ['T', s(128)]],
  ['/calls/notice/mediaField', ['', s(65)], ['m', s(64)]],
  ['/calls/notice/timeField', ['', s(65)], ['t', s(64)]],
  ['/calls/notice/clientTokenUrl', ['ftp://127.0.0.1/x', 'x'], ['https://example.com/ct']],
  ['/calls/notice/notifyUrl', ['ftp://127.0.0.1/x', 'x'], ['https://example.com/n']],
  ['/calls/notice/timeoutMs', [0, 60_001], [1, 60_000]],
];

describe('assertConfig schema bounds', () => {
  it('the base config used below is valid', () => {
    expect(() => assertConfig(base())).not.toThrow();
  });

  it.each(bounds.flatMap(([path, bad]) => bad.map((v) => [path, v] as const)))('%s = %j is refused, naming the path', (path, value) => {
    // TypeBox reports a field inside a nullable section (douyin, calls.notice) at the section's path.
    const reported = path.replace(/^(\/douyin|\/calls\/notice)\/.*$/, '$1');
    const problems = problemsOf(withValue(path, value));
    expect(problems.some((p) => p.startsWith(`${reported}: `))).toBe(true);
  });

  it.each(bounds.flatMap(([path, , good]) => good.map((v) => [path, v] as const)))('%s = %j is accepted', (path, value) => {
    expect(() => assertConfig(withValue(path, value))).not.toThrow();
  });

  it('a config that is not an object at all is reported at the root "/"', () => {
    const problems = problemsOf(null as unknown as Config);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^\/: \S/);
  });

  it('problems name paths only, never the (secret) values', () => {
    const secret = 'hunter2-secret!'; // 15 characters: one short of the minimum
    const problems = problemsOf({ ...base(), inviteSecret: secret, userIdSecret: secret, rtcAppKey: '' });
    expect(problems.length).toBeGreaterThanOrEqual(3);
    for (const p of problems) expect(p).not.toContain(secret);
  });
});

describe('assertConfig cross-field rules', () => {
  const rule = (config: Config) => problemsOf(config);

  it.each([
    ['douyin mode without Douyin credentials', { douyin: null }],
    ['douyin mode with the embedded dev credentials', { devCredentials: true }],
  ])('%s is refused', (_what, overrides) => {
    expect(rule({ ...testConfig('douyin'), ...overrides })).toEqual(['douyin mode needs Douyin credentials and real RTC credentials']);
  });

  // "https://" passes the schema pattern but is not a URL at all.
  it.each(['http://example.com/x', 'http://127.0.0.1.example.com/x', 'https://'])(
    'code2sessionUrl %s (it carries the AppSecret) is refused',
    (url) => {
      const douyin = { ...(testConfig('douyin').douyin as NonNullable<Config['douyin']>), code2sessionUrl: url };
      expect(rule({ ...testConfig('douyin'), douyin })).toEqual(['douyin.code2sessionUrl must be https:// (http:// only for loopback)']);
    },
  );

  it('headersMs above requestMs is refused; equal is fine', () => {
    expect(rule(testConfig('dev', { timeouts: { headersMs: 15_001, requestMs: 15_000, keepAliveMs: 5000 } }))).toEqual([
      'timeouts.headersMs must not exceed timeouts.requestMs',
    ]);
    expect(() => assertConfig(testConfig('dev', { timeouts: { headersMs: 15_000, requestMs: 15_000, keepAliveMs: 5000 } }))).not.toThrow();
  });

  it('notices without douyin mode are refused (they are addressed to openids)', () => {
    const notice = base().calls.notice;
    expect(rule(testConfig('dev', { calls: { ...base().calls, notice } }))).toEqual(['calls.notice needs douyin mode']);
  });

  it.each(['clientTokenUrl', 'notifyUrl'] as const)('a plain-http non-loopback notice %s is refused', (field) => {
    const config = withValue(`/calls/notice/${field}`, 'http://open.douyin.com/x');
    expect(rule(config)).toEqual(['calls.notice URLs must be https:// (http:// only for loopback)']);
  });

  it('ConfigError prints as "ConfigError: Invalid token service configuration" with one problem per line', () => {
    const err = new ConfigError(['first problem', 'second problem']);
    expect(String(err)).toBe('ConfigError: Invalid token service configuration:\n  - first problem\n  - second problem');
  });
});
