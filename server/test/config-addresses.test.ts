// Address-shaped settings: which TRUST_PROXY values are accepted (hop counts, IPv4/IPv6 addresses
// and CIDRs, exactly) and which are refused naming TRUST_PROXY; which HOSTs count as loopback for
// dev mode; which upstream URLs may carry the AppSecret (https, or http to loopback only); REDIS_URL.
import { loadConfig } from '../src/config';
import { configProblems } from './helpers';

const douyinEnv = {
  TOKEN_SERVICE_MODE: 'douyin',
  RTC_APP_ID: '65a1b2c3d4e5f60718293a4b',
  RTC_APP_KEY: '0123456789abcdef0123456789abcdef',
  DOUYIN_APP_ID: 'tt123',
  DOUYIN_APP_SECRET: 's3cret-value-not-for-logs',
  INVITE_SECRET: 'x'.repeat(32),
};

const TRUST_PROXY_PROBLEM =
  'TRUST_PROXY must be a hop count (e.g. 1 for one reverse proxy) or a comma-separated list of proxy addresses/CIDRs; ' +
  '"true" is refused because it trusts client-written X-Forwarded-For entries';

describe('TRUST_PROXY', () => {
  it.each([
    ['', false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['10', 10],
    ['10.0.0.1, ', ['10.0.0.1']],
    [' 10.100.200.250 ,, 255.255.255.255', ['10.100.200.250', '255.255.255.255']],
    ['10.0.0.0/32,0.0.0.0/0', ['10.0.0.0/32', '0.0.0.0/0']],
    ['fd00::1', ['fd00::1']],
    ['2001:db8::10', ['2001:db8::10']],
    ['2001:db8::/32,::1/128,::/0', ['2001:db8::/32', '::1/128', '::/0']],
  ])('%j is accepted as %j', (raw, expected) => {
    expect(loadConfig({ ...douyinEnv, TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it.each([
    'true',
    '00', // zero hops spelled oddly is still zero: not a hop count
    '11',
    ',',
    ' , ',
    '10.0.0.1,bogus',
    'x10.0.0.1',
    '1000.0.0.1',
    '10.0.0.1x',
    '10.0.0.256',
    '10.0.0.0/33',
    'zz::1',
    'fe80::1%eth0',
    '::1/129',
  ])('%j is refused, naming TRUST_PROXY and why "true" is not allowed', (raw) => {
    expect(configProblems({ ...douyinEnv, TRUST_PROXY: raw })).toEqual([TRUST_PROXY_PROBLEM]);
  });
});

describe('loopback HOST for dev mode', () => {
  it.each(['[::1]', 'LOCALHOST', '127.0.10.1', '127.10.0.1', '127.0.0.10', '127.255.255.255'])('%s is loopback: dev mode may listen there', (host) => {
    expect(loadConfig({ HOST: host }).host).toBe(host);
  });

  it.each(['local[host', 'local]host', '127.0.0.1.nip.io', 'a127.0.0.1', '128.0.0.1', '::2'])(
    '%s is not loopback: dev mode there needs ALLOW_DEV_MODE_ON_NETWORK=true',
    (host) => {
      expect(configProblems({ HOST: host })).toEqual([
        `HOST=${host} exposes dev mode (tokens for anyone) beyond this machine; use a loopback HOST or set ALLOW_DEV_MODE_ON_NETWORK=true`,
      ]);
    },
  );
});

describe('upstream URLs (they carry the AppSecret or its access token)', () => {
  const accepted = ['https://example.com/x', 'http://[::1]:9999/x', 'http://localhost:9/x', 'http://127.1.2.3/x'];
  const refused = ['not a url', 'https://', 'ftp://127.0.0.1/x', 'ws://localhost/x', 'http://127.0.0.1.nip.io/x', 'http://0.0.0.0/x'];

  it.each(accepted)('DOUYIN_CODE2SESSION_URL=%s is accepted', (url) => {
    expect(loadConfig({ ...douyinEnv, DOUYIN_CODE2SESSION_URL: url }).douyin?.code2sessionUrl).toBe(url);
  });

  it.each(refused)('DOUYIN_CODE2SESSION_URL=%s is refused, naming the variable', (url) => {
    expect(configProblems({ ...douyinEnv, DOUYIN_CODE2SESSION_URL: url })).toEqual([
      'DOUYIN_CODE2SESSION_URL must be an https:// URL (http:// only for a loopback stand-in)',
    ]);
  });

  it.each(['DOUYIN_CLIENT_TOKEN_URL', 'DOUYIN_NOTIFY_URL'])('%s: a loopback stand-in is used as given; anything else plain-http is refused', (name) => {
    const env = { ...douyinEnv, DOUYIN_CALL_TEMPLATE_ID: 'MSG1' };
    const notice = loadConfig({ ...env, [name]: 'http://127.0.0.1:9/stand-in' }).calls.notice;
    expect(name === 'DOUYIN_CLIENT_TOKEN_URL' ? notice?.clientTokenUrl : notice?.notifyUrl).toBe('http://127.0.0.1:9/stand-in');
    expect(configProblems({ ...env, [name]: 'http://open.douyin.com/x' })).toEqual([
      `${name} must be an https:// URL (http:// only for a loopback stand-in)`,
    ]);
  });
});

describe('REDIS_URL', () => {
  it.each(['redis://127.0.0.1:6379', 'rediss://:pw@cache.internal:6380/1'])('%s is kept', (url) => {
    expect(loadConfig({ REDIS_URL: url }).redisUrl).toBe(url);
  });

  it.each(['myredis://cache:6379', 'redis://', 'redis://:hunter2@cache host:6379'])('%s is refused, naming REDIS_URL without echoing it', (url) => {
    const problems = configProblems({ REDIS_URL: url });
    expect(problems).toEqual(['REDIS_URL must be a redis:// or rediss:// URL']);
  });
});
