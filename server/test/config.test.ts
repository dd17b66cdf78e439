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
  ])('rejects %s=%s and says which variable', (name, value) => {
    expect(problemsOf({ ...douyinEnv, [name]: value })).toContain(name);
  });

  it('real credentials without an explicit mode are refused (dev mode would hand out tokens to anyone)', () => {
    expect(problemsOf({ RTC_APP_ID: douyinEnv.RTC_APP_ID, RTC_APP_KEY: douyinEnv.RTC_APP_KEY })).toContain('TOKEN_SERVICE_MODE');
  });

  it('dev mode with only one of the RTC credentials is an error', () => {
    expect(problemsOf({ TOKEN_SERVICE_MODE: 'dev', RTC_APP_ID: douyinEnv.RTC_APP_ID })).toContain('RTC_APP_KEY');
  });

  it('error messages never echo secret values', () => {
    const msg = problemsOf({ ...douyinEnv, INVITE_SECRET: 'tooshort-secret', TOKEN_TTL_SECONDS: '1' });
    expect(msg).not.toContain('tooshort-secret');
    expect(msg).not.toContain(douyinEnv.RTC_APP_KEY);
  });
});
