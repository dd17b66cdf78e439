// Boot-time configuration: zero-config dev mode, and clear errors naming each bad variable.
import { ConfigError, DEV_APP_ID, loadConfig } from '../src/config';

const douyinEnv = {
  TOKEN_SERVICE_MODE: 'douyin',
  RTC_APP_ID: '65a1b2c3d4e5f60718293a4b',
  RTC_APP_KEY: '0123456789abcdef0123456789abcdef',
  DOUYIN_APP_ID: 'tt123',
  DOUYIN_APP_SECRET: 's3cret',
  INVITE_SECRET: 'x'.repeat(32),
};

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('no env at all: dev mode on 127.0.0.1:8787 with fake credentials and a random invite secret', () => {
    const a = loadConfig({});
    const b = loadConfig({});
    expect(a).toMatchObject({ mode: 'dev', host: '127.0.0.1', port: 8787, tokenTtlSeconds: 3600, devCredentials: true, rtcAppId: DEV_APP_ID });
    expect(a.rtcAppId).toHaveLength(24);
    expect(a.inviteSecret).not.toBe(b.inviteSecret);
  });

  it('douyin mode with everything set', () => {
    const c = loadConfig({ ...douyinEnv, TOKEN_TTL_SECONDS: '600', PORT: '9000', HOST: '0.0.0.0' });
    expect(c).toMatchObject({ mode: 'douyin', port: 9000, host: '0.0.0.0', tokenTtlSeconds: 600, devCredentials: false });
    expect(c.douyin).toEqual({
      appId: 'tt123',
      appSecret: 's3cret',
      code2sessionUrl: 'https://developer.toutiao.com/api/apps/v2/jscode2session',
    });
  });

  it('douyin mode names every missing variable', () => {
    const msg = problemsOf({ TOKEN_SERVICE_MODE: 'douyin' });
    for (const name of ['RTC_APP_ID', 'RTC_APP_KEY', 'DOUYIN_APP_ID', 'DOUYIN_APP_SECRET', 'INVITE_SECRET']) {
      expect(msg).toContain(name);
    }
  });

  it.each([
    ['TOKEN_TTL_SECONDS', '59'],
    ['TOKEN_TTL_SECONDS', '86401'],
    ['TOKEN_TTL_SECONDS', '1h'],
    ['PORT', '70000'],
    ['RTC_APP_ID', 'too-short'],
    ['INVITE_SECRET', 'short'],
    ['TOKEN_SERVICE_MODE', 'prod'],
    ['DOUYIN_CODE2SESSION_URL', 'ftp://x'],
    // The request carries the AppSecret: plain http only to a loopback stand-in.
    ['DOUYIN_CODE2SESSION_URL', 'http://developer.toutiao.com/api/apps/v2/jscode2session'],
    ['DOUYIN_CODE2SESSION_URL', 'http://10.0.0.5/jscode2session'],
    // "true" would trust client-written X-Forwarded-For entries.
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', 'yes'],
    ['TRUST_PROXY', '11'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '300.1.1.1'],
    ['REQUEST_TIMEOUT_MS', '0'],
    ['HEADERS_TIMEOUT_MS', '20000'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
  ])('rejects %s=%s and says which variable', (name, value) => {
    expect(problemsOf({ ...douyinEnv, [name]: value })).toContain(name);
  });

  it('real credentials without an explicit mode are refused (dev mode would hand out tokens to anyone)', () => {
    expect(problemsOf({ RTC_APP_ID: douyinEnv.RTC_APP_ID, RTC_APP_KEY: douyinEnv.RTC_APP_KEY })).toContain('TOKEN_SERVICE_MODE');
  });

  it('dev mode with only one of the RTC credentials is an error', () => {
    expect(problemsOf({ TOKEN_SERVICE_MODE: 'dev', RTC_APP_ID: douyinEnv.RTC_APP_ID })).toContain('RTC_APP_KEY');
  });

  it('TRUST_PROXY takes a hop count or a list of proxy addresses/CIDRs', () => {
    expect(loadConfig(douyinEnv).trustProxy).toBe(false);
    expect(loadConfig({ ...douyinEnv, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...douyinEnv, TRUST_PROXY: '10.0.0.1, 10.1.0.0/16,::1' }).trustProxy).toEqual(['10.0.0.1', '10.1.0.0/16', '::1']);
  });

  it('http:// upstream is accepted only for a loopback stand-in', () => {
    const c = loadConfig({ ...douyinEnv, DOUYIN_CODE2SESSION_URL: 'http://127.0.0.1:9999/x' });
    expect(c.douyin?.code2sessionUrl).toBe('http://127.0.0.1:9999/x');
  });

  it('NODE_ENV=production refuses dev mode, even with real credentials and an explicit mode', () => {
    const env = { TOKEN_SERVICE_MODE: 'dev', RTC_APP_ID: douyinEnv.RTC_APP_ID, RTC_APP_KEY: douyinEnv.RTC_APP_KEY };
    expect(loadConfig(env).mode).toBe('dev');
    expect(problemsOf({ ...env, NODE_ENV: 'production' })).toMatch(/NODE_ENV=production/);
    expect(problemsOf({ NODE_ENV: 'production' })).toMatch(/NODE_ENV=production/);
    expect(loadConfig({ ...douyinEnv, NODE_ENV: 'production' }).mode).toBe('douyin');
  });

  it('dev mode on a non-loopback HOST needs ALLOW_DEV_MODE_ON_NETWORK=true', () => {
    expect(problemsOf({ HOST: '0.0.0.0' })).toContain('ALLOW_DEV_MODE_ON_NETWORK');
    expect(problemsOf({ HOST: '::' })).toContain('ALLOW_DEV_MODE_ON_NETWORK');
    expect(problemsOf({ HOST: '192.168.1.10', ALLOW_DEV_MODE_ON_NETWORK: '1' })).toContain('ALLOW_DEV_MODE_ON_NETWORK');
    expect(loadConfig({ HOST: '0.0.0.0', ALLOW_DEV_MODE_ON_NETWORK: 'true' }).host).toBe('0.0.0.0');
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) expect(loadConfig({ HOST: host }).host).toBe(host);
  });

  it('REDIS_URL unset keeps state in memory; set, it is kept for the state module', () => {
    expect(loadConfig({}).redisUrl).toBeNull();
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6380/0' }).redisUrl).toBe('redis://127.0.0.1:6380/0');
  });

  it('timeouts have defaults and can be set', () => {
    expect(loadConfig({}).timeouts).toEqual({ headersMs: 10_000, requestMs: 15_000, keepAliveMs: 72_000 });
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '30000', KEEP_ALIVE_TIMEOUT_MS: '5000' }).timeouts).toMatchObject({ requestMs: 30_000, keepAliveMs: 5_000 });
  });

  it('error messages never echo secret values', () => {
    expect(problemsOf({ ...douyinEnv, REDIS_URL: 'redis://:hunter2-pass@ host' })).not.toContain('hunter2-pass');
    const msg = problemsOf({ ...douyinEnv, INVITE_SECRET: 'tooshort-secret', TOKEN_TTL_SECONDS: '1' });
    expect(msg).not.toContain('tooshort-secret');
    expect(msg).not.toContain(douyinEnv.RTC_APP_KEY);
  });
});

describe('calls configuration', () => {
  const douyinEnv = {
    TOKEN_SERVICE_MODE: 'douyin',
    RTC_APP_ID: '65a1b2c3d4e5f60718293a4b',
    RTC_APP_KEY: 'k',
    DOUYIN_APP_ID: 'tt1',
    DOUYIN_APP_SECRET: 's',
    INVITE_SECRET: 'x'.repeat(32),
  };
  it('defaults: 30 s ring, 20 s grace, no notices', () => {
    const c = loadConfig({}).calls;
    expect([c.ringTimeoutMs, c.dropGraceMs, c.notice]).toEqual([30_000, 20_000, null]);
  });
  it('a template id turns notices on with the real Douyin URLs; http only for loopback; dev mode refuses it', () => {
    const c = loadConfig({ ...douyinEnv, DOUYIN_CALL_TEMPLATE_ID: 'MSG1', CALL_RING_TIMEOUT_SECONDS: '45' }).calls;
    expect(c.ringTimeoutMs).toBe(45_000);
    expect(c.notice).toMatchObject({
      templateId: 'MSG1',
      mediaField: '通话类型',
      timeField: '来电时间',
      clientTokenUrl: 'https://open.douyin.com/oauth/client_token/',
      notifyUrl: 'https://open.douyin.com/api/notification/v2/subscription/notify_user/',
    });
    expect(() => loadConfig({ ...douyinEnv, DOUYIN_CALL_TEMPLATE_ID: 'MSG1', DOUYIN_NOTIFY_URL: 'http://open.douyin.com/x' })).toThrow(/DOUYIN_NOTIFY_URL/);
    expect(() => loadConfig({ DOUYIN_CALL_TEMPLATE_ID: 'MSG1' })).toThrow(/douyin/);
    expect(() => loadConfig({ CALL_RING_TIMEOUT_SECONDS: '2' })).toThrow(/CALL_RING_TIMEOUT_SECONDS/);
  });
});
