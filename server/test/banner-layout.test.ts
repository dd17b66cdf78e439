// The banner as an operator reads it: the whole douyin-mode text line by line (blank lines separate
// the blocks), the dev-mode blocks around the token hint, which listening URL the mini-program hint
// picks (the loopback one, wherever it is in the list), and the interface expansion of wildcard binds.
jest.mock('node:os', () => ({
  ...jest.requireActual<typeof import('node:os')>('node:os'),
  networkInterfaces: () => ({
    lo: [
      { address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '255.0.0.0', mac: '00:00:00:00:00:00', cidr: '127.0.0.1/8' },
      { address: '::1', family: 'IPv6', internal: true, netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', mac: '00:00:00:00:00:00', cidr: '::1/128', scopeid: 0 },
    ],
    eth0: [
      { address: '192.168.1.20', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '02:00:00:00:00:01', cidr: '192.168.1.20/24' },
      { address: 'fd00::20', family: 'IPv6', internal: false, netmask: 'ffff:ffff:ffff:ffff::', mac: '02:00:00:00:00:01', cidr: 'fd00::20/64', scopeid: 0 },
      { address: 'fe80::1', family: 'IPv6', internal: false, netmask: 'ffff:ffff:ffff:ffff::', mac: '02:00:00:00:00:01', cidr: 'fe80::1/64', scopeid: 2 },
    ],
  }),
}));

import { listeningUrls, startupBanner } from '../src/banner';
import { testConfig, TEST_APP_ID } from './helpers';

const NOW = 1_800_000_000;

test('douyin mode, line by line', () => {
  const text = startupBanner(testConfig('douyin'), ['http://10.0.0.5:8787'], NOW);
  expect(text.split('\n')).toEqual([
    'Token service in douyin mode (login code + signed invite required).',
    '',
    'Mini-program config.ts / 小程序 config.ts 需要填写：',
    `  RTC_APP_ID = '${TEST_APP_ID}'   // 必须与本服务的 RTC_APP_ID 相同 (must equal this service's AppId)`,
    "  TOKEN_SERVICE_URL = 'https://<your-domain>'   // 真机与发布版只接受 https:// 且已加入 request 合法域名的地址",
    "  TOKEN_SERVICE_MODE = 'douyin'",
    '',
    'State: in memory (single instance)',
    'Listening on (GET /healthz, POST /v1/rtc/token, POST /v1/rooms):',
    '  http://10.0.0.5:8787',
  ]);
});

test('dev mode: the token hint and the demo share path are blocks of their own', () => {
  const lines = startupBanner(testConfig('dev', { devCredentials: true }), ['http://127.0.0.1:8787'], NOW).split('\n');
  const demo = lines.findIndex((l) => l.startsWith('Demo room share path'));
  expect(lines[demo - 1]).toBe('');
  const hint = lines.indexOf('Tokens: npm run token -- --room <roomId> --user <userId> [--viewer]');
  expect(lines.slice(hint - 1, hint + 3)).toEqual(['', lines[hint], '', 'Mini-program config.ts / 小程序 config.ts 需要填写：']);
});

test.each([
  ['127.0.0.1 listed second', ['http://192.168.1.20:8787', 'http://127.0.0.1:8787'], 'http://127.0.0.1:8787'],
  ['localhost listed second', ['http://[::1]:8787', 'http://localhost:8787'], 'http://localhost:8787'],
  ['no loopback: the first URL', ['http://[fd00::20]:8787', 'http://192.168.1.20:8787'], 'http://[fd00::20]:8787'],
])('dev mode hint points the mini-program at the loopback URL (%s)', (_name, urls, picked) => {
  const text = startupBanner(testConfig('dev'), urls, NOW);
  expect(text).toContain(`  TOKEN_SERVICE_URL = '${picked}'`);
});

test('wildcard binds: 0.0.0.0 lists every IPv4 interface; :: also IPv6 ones except link-local', () => {
  expect(listeningUrls([{ address: '0.0.0.0', family: 'IPv4', port: 9000 }])).toEqual(['http://127.0.0.1:9000', 'http://192.168.1.20:9000']);
  expect(listeningUrls([{ address: '::', family: 'IPv6', port: 9000 }])).toEqual([
    'http://127.0.0.1:9000',
    'http://[::1]:9000',
    'http://192.168.1.20:9000',
    'http://[fd00::20]:9000',
  ]);
  // A specific address is used as is, even when an interface has it.
  expect(listeningUrls([{ address: '192.168.1.20', family: 'IPv4', port: 9000 }])).toEqual(['http://192.168.1.20:9000']);
});
