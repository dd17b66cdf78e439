// config.ts checked before use: each problem names the file and the field (issue 10 item 5, rule R8).
import { callsSocketUrl, checkConfig } from '../../services/config-check';
import { buildServices } from '../../services/runtime';
import { CONFIG_PROBLEM_TEXT } from '../../stores/messages';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt } from '../../sim/fake-tt';
import { flush } from '../../sim/time';

const APP = '65a1b2c3d4e5f60718293a4b';

test.each([
  [{ appId: APP, tokenServiceUrl: '' }, []],
  [{ appId: APP, tokenServiceUrl: 'https://rtc-token.example.com' }, []],
  [{ appId: APP, tokenServiceUrl: 'https://rtc-token.example.com:8443/base/' }, []],
  [{ appId: '', tokenServiceUrl: '' }, ['app-id-missing']],
  [{ appId: '   ', tokenServiceUrl: '' }, ['app-id-missing']],
  [{ appId: 'app', tokenServiceUrl: '' }, ['app-id-length']],
  [{ appId: `${APP}0`, tokenServiceUrl: '' }, ['app-id-length']],
  [{ appId: APP, tokenServiceUrl: 'http://rtc-token.example.com' }, ['token-url-not-https']],
  [{ appId: APP, tokenServiceUrl: 'http://127.0.0.1:8787', tokenServiceMode: 'douyin' as const }, ['token-url-not-https']],
  [{ appId: APP, tokenServiceUrl: 'http://127.0.0.1:8787', tokenServiceMode: 'dev' as const }, []],
  [{ appId: APP, tokenServiceUrl: 'http://localhost:8787', tokenServiceMode: 'dev' as const }, []],
  [{ appId: APP, tokenServiceUrl: 'http://[::1]:8787', tokenServiceMode: 'dev' as const }, []],
  [{ appId: APP, tokenServiceUrl: 'http://192.168.1.5:8787', tokenServiceMode: 'dev' as const }, ['token-url-not-https']],
  [{ appId: APP, tokenServiceUrl: 'ftp://rtc-token.example.com' }, ['token-url-not-https']],
  [{ appId: APP, tokenServiceUrl: 'rtc-token.example.com' }, ['token-url-malformed']],
  [{ appId: APP, tokenServiceUrl: 'https://' }, ['token-url-malformed']],
  [{ appId: APP, tokenServiceUrl: 'https://exa mple.com' }, ['token-url-malformed']],
  [{ appId: '', tokenServiceUrl: 'http://x.example.com' }, ['app-id-missing', 'token-url-not-https']],
])('%j → %j', (input, expected) => {
  expect(checkConfig(input)).toEqual(expected);
});

test('every problem names config.ts and its field', () => {
  expect(CONFIG_PROBLEM_TEXT['app-id-missing']).toBe('请在 config.ts 中填写 RTC_APP_ID（火山引擎 RTC 控制台的 24 位 AppId，必须与 Token 服务的 RTC_APP_ID 相同）');
  for (const [p, text] of Object.entries(CONFIG_PROBLEM_TEXT)) {
    expect(text).toContain('config.ts');
    expect(text).toContain(p.startsWith('app-id') ? 'RTC_APP_ID' : p.startsWith('calls-') ? 'CALLS_SOCKET_URL' : 'TOKEN_SERVICE_URL');
  }
});

test('no token client for a refused URL; one for https', () => {
  const fake = createFakeTt(new RtcCloud());
  expect(buildServices(fake.tt, { appId: APP, tokenServiceUrl: 'http://rtc-token.example.com' }).tokenClient).toBeNull();
  expect(buildServices(fake.tt, { appId: APP, tokenServiceUrl: 'https://rtc-token.example.com' }).tokenClient).not.toBeNull();
  expect(buildServices(fake.tt, { appId: APP, tokenServiceUrl: 'http://127.0.0.1:8787', tokenServiceMode: 'dev' }).tokenClient).not.toBeNull();
});

describe('the simulated tt.request in a release build (https only, tt-request docs)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const ask = (fake: ReturnType<typeof createFakeTt>, url: string): Promise<{ ok: boolean; errMsg?: string }> =>
    new Promise((resolve) => {
      fake.tt.request({ url, success: () => resolve({ ok: true }), fail: (e) => resolve({ ok: false, errMsg: e.errMsg }) });
    });

  test('refuses http by default, serves https; releaseBuild false lets loopback http through', async () => {
    const strict = createFakeTt(new RtcCloud());
    strict.control.setRequestHandler(() => ({ statusCode: 200, data: {} }));
    const [http, https] = [ask(strict, 'http://127.0.0.1:8787/v1/rtc/token'), ask(strict, 'https://token.test/v1/rtc/token')];
    await flush();
    expect(await http).toEqual({ ok: false, errMsg: 'request:fail url not in domain list: http://127.0.0.1:8787/v1/rtc/token' });
    expect(await https).toEqual({ ok: true });
    const ide = createFakeTt(new RtcCloud(), { releaseBuild: false });
    ide.control.setRequestHandler(() => ({ statusCode: 200, data: {} }));
    const loop = ask(ide, 'http://127.0.0.1:8787/v1/rtc/token');
    await flush();
    expect(await loop).toEqual({ ok: true });
  });
});

describe('the calls socket URL (tt.connectSocket: wss only in a release build)', () => {
  const base = { appId: 'a'.repeat(24), tokenServiceUrl: 'https://t.example.com' };
  test.each([
    ['wss://t.example.com/v1/calls/socket', 'douyin', []],
    ['ws://t.example.com/v1/calls/socket', 'douyin', ['calls-url-not-wss']],
    ['ws://127.0.0.1:8787/v1/calls/socket', 'dev', []],
    ['ws://127.0.0.1:8787/v1/calls/socket', 'douyin', ['calls-url-not-wss']],
    ['https://t.example.com/v1/calls/socket', 'douyin', ['calls-url-not-wss']],
    ['wss//broken', 'douyin', ['calls-url-malformed']],
    ['', 'douyin', []],
  ])('%s in %s mode → %j', (url, mode, problems) => {
    expect(checkConfig({ ...base, tokenServiceMode: mode as 'dev' | 'douyin', callsSocketUrl: url })).toEqual(problems);
  });

  test('derived from the token URL unless set', () => {
    expect(callsSocketUrl('https://t.example.com/base/')).toBe('wss://t.example.com/v1/calls/socket');
    expect(callsSocketUrl('http://127.0.0.1:8787')).toBe('ws://127.0.0.1:8787/v1/calls/socket');
    expect(callsSocketUrl('https://t.example.com', 'wss://c.example.com/s')).toBe('wss://c.example.com/s');
    expect(callsSocketUrl('')).toBe('');
  });
});
