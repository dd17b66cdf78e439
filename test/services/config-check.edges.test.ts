// config.ts edges the main table misses: values a JS-edited config.ts can hold (missing fields, padding,
// text around a URL, non-ASCII AppIds), the derived socket URL's own edge cases, and which problems keep
// the token client / calls service from being built (tokenUrlUsable / callsUrlUsable on checkConfig's output).
import { callsSocketUrl, callsUrlUsable, checkConfig, tokenUrlUsable, type ConfigInput } from '../../services/config-check';

const APP = '65a1b2c3d4e5f60718293a4b';
const missing = undefined as unknown as string;

test.each<[string, ConfigInput, string[]]>([
  ['missing appId', { appId: missing, tokenServiceUrl: '' }, ['app-id-missing']],
  ['missing token URL', { appId: APP, tokenServiceUrl: missing }, []],
  ['padded token URL', { appId: APP, tokenServiceUrl: '  https://rtc-token.example.com/ \n' }, []],
  ['padded calls URL', { appId: APP, tokenServiceUrl: '', callsSocketUrl: ' wss://c.example.com/s ' }, []],
  ['text before the token URL', { appId: APP, tokenServiceUrl: '1https://rtc-token.example.com' }, ['token-url-malformed']],
  ['text before the calls URL', { appId: APP, tokenServiceUrl: '', callsSocketUrl: 'see wss://c.example.com/s' }, ['calls-url-malformed']],
  ['24 chars, a space inside', { appId: '65a1b2c3d4e5 60718293a4b', tokenServiceUrl: '' }, ['app-id-length']],
  ['24 chars, full-width first', { appId: 'Ａ5a1b2c3d4e5f60718293a4b', tokenServiceUrl: '' }, ['app-id-length']],
  ['24 chars, full-width last', { appId: '65a1b2c3d4e5f60718293a4Ｂ', tokenServiceUrl: '' }, ['app-id-length']],
  ['ftp to loopback in dev', { appId: APP, tokenServiceUrl: 'ftp://localhost:8787', tokenServiceMode: 'dev' }, ['token-url-not-https']],
  ['HTTP://LOCALHOST in dev', { appId: APP, tokenServiceUrl: 'HTTP://LOCALHOST:8787', tokenServiceMode: 'dev' }, []],
  ['ws://localhost in dev', { appId: APP, tokenServiceUrl: '', tokenServiceMode: 'dev', callsSocketUrl: 'ws://localhost:8787/v1/calls/socket' }, []],
  ['WS://LOCALHOST in dev', { appId: APP, tokenServiceUrl: '', tokenServiceMode: 'dev', callsSocketUrl: 'WS://LOCALHOST:8787/v1/calls/socket' }, []],
  ['https to loopback as calls URL in dev', { appId: APP, tokenServiceUrl: '', tokenServiceMode: 'dev', callsSocketUrl: 'https://127.0.0.1:8787/v1/calls/socket' }, ['calls-url-not-wss']],
  ['ws to a LAN host in dev', { appId: APP, tokenServiceUrl: '', tokenServiceMode: 'dev', callsSocketUrl: 'ws://192.168.1.5:8787/v1/calls/socket' }, ['calls-url-not-wss']],
  ['ws to loopback without dev mode', { appId: APP, tokenServiceUrl: '', callsSocketUrl: 'ws://127.0.0.1:8787/v1/calls/socket' }, ['calls-url-not-wss']],
])('%s', (_name, input, expected) => {
  expect(checkConfig(input)).toEqual(expected);
});

test.each<[string, string, string | undefined, string]>([
  ['blank explicit URL: derived', 'https://t.example.com', '   ', 'wss://t.example.com/v1/calls/socket'],
  ['explicit URL trimmed', 'https://t.example.com', ' wss://c.example.com/s ', 'wss://c.example.com/s'],
  ['padded token URL', '  https://t.example.com/base \n', undefined, 'wss://t.example.com/v1/calls/socket'],
  ['text before the token URL', 'xhttps://t.example.com', undefined, ''],
  ['missing token URL', missing, undefined, ''],
  ['missing both', missing, missing, ''],
])('callsSocketUrl: %s', (_name, token, explicit, expected) => {
  expect(callsSocketUrl(token, explicit)).toBe(expected);
});

const WSS = 'wss://c.example.com/s';
test.each<[string, ConfigInput, boolean, boolean]>([
  ['all fine', { appId: APP, tokenServiceUrl: 'https://t.example.com', callsSocketUrl: WSS }, true, true],
  ['only the AppId wrong', { appId: '', tokenServiceUrl: 'https://t.example.com', callsSocketUrl: WSS }, true, true],
  ['token URL malformed (first problem)', { appId: APP, tokenServiceUrl: 't.example.com', callsSocketUrl: WSS }, false, true],
  ['token URL not https (first problem)', { appId: APP, tokenServiceUrl: 'http://t.example.com', callsSocketUrl: WSS }, false, true],
  ['token URL not https (second problem)', { appId: '', tokenServiceUrl: 'http://t.example.com', callsSocketUrl: WSS }, false, true],
  ['calls URL malformed (first problem)', { appId: APP, tokenServiceUrl: '', callsSocketUrl: 'wss//c' }, true, false],
  ['calls URL not wss (first problem)', { appId: APP, tokenServiceUrl: '', callsSocketUrl: 'ws://c.example.com/s' }, true, false],
  ['calls URL not wss (second problem)', { appId: '', tokenServiceUrl: '', callsSocketUrl: 'ws://c.example.com/s' }, true, false],
])('usable: %s → token %s, calls %s', (_name, input, token, calls) => {
  const problems = checkConfig(input);
  expect(tokenUrlUsable(problems)).toBe(token);
  expect(callsUrlUsable(problems)).toBe(calls);
});
