// The startup banner: what an operator reads in the terminal when the token service starts.
import { DEV_CREDENTIALS_WARNING, listeningUrls, startupBanner } from '../src/banner';
import { DEV_APP_ID } from '../src/config';
import { testConfig } from './helpers';

const NOW = 1_800_000_000;
const URLS = ['http://127.0.0.1:8787', 'http://192.168.1.20:8787'];

test('dev mode with the embedded fake credentials: loud warnings, a demo share path and when it expires', () => {
  const text = startupBanner(testConfig('dev', { devCredentials: true, rtcAppId: DEV_APP_ID }), URLS, NOW);
  const lines = text.split('\n');
  expect(lines[0]).toBe('='.repeat(78));
  expect(text).toContain('TOKEN SERVICE IN DEV MODE');
  expect(text).toContain('Do not expose dev mode to the internet. Production: TOKEN_SERVICE_MODE=douyin.');
  expect(text).toContain(DEV_CREDENTIALS_WARNING);
  expect(DEV_CREDENTIALS_WARNING.split('\n')).toHaveLength(3);
  expect(DEV_CREDENTIALS_WARNING).toMatch(/假凭据/);
  // Valid for the configured TTL (3600 s) from now.
  expect(text).toContain(`Demo room share path (valid until ${new Date((NOW + 3600) * 1000).toISOString()}):`);
  const path = lines[lines.indexOf('演示房间页面路径（可粘贴到抖音开发者工具的编译模式/启动参数）：') + 1];
  expect(path).toMatch(/^pages\/room\/room\?.*roomId=demo-room/);
  expect(path).toContain('userId=demo-user-1');
  expect(text).toContain('Tokens: npm run token -- --room <roomId> --user <userId> [--viewer]');
  expect(text).toContain(`  RTC_APP_ID = '${DEV_APP_ID}'`);
  expect(text).toContain("  TOKEN_SERVICE_URL = 'http://127.0.0.1:8787'");
  expect(text).toContain('State: in memory (single instance)');
  expect(lines.slice(-3)).toEqual(['Listening on (GET /healthz, POST /v1/rtc/token, POST /v1/rooms):', ...URLS.map((u) => `  ${u}`)]);
});

test('dev mode with real credentials: no demo token is printed (the banner ends up in logs)', () => {
  const text = startupBanner(testConfig('dev'), URLS, NOW);
  expect(text).toContain('Real RTC credentials: no demo token printed.');
  expect(text).not.toContain('Demo room share path');
  expect(text).not.toContain(DEV_CREDENTIALS_WARNING);
  expect(text).toContain('TOKEN SERVICE IN DEV MODE');
});

test('douyin mode: no dev warnings, an https placeholder for the mini-program, and Redis state when configured', () => {
  const text = startupBanner(testConfig('douyin', { redisUrl: 'redis://127.0.0.1:6379' }), URLS, NOW);
  expect(text).toContain('Token service in douyin mode (login code + signed invite required).');
  expect(text).not.toContain('DEV MODE');
  expect(text).not.toContain('Tokens: npm run token');
  expect(text).toContain("  TOKEN_SERVICE_URL = 'https://<your-domain>'");
  expect(text).toContain("  TOKEN_SERVICE_MODE = 'douyin'");
  expect(text).toContain('State: Redis (shared by all instances)');
});

test('listening URLs: a bound address as is (IPv6 in brackets); 0.0.0.0 expands to every IPv4 interface, loopback included', () => {
  expect(listeningUrls([{ address: '127.0.0.1', family: 'IPv4', port: 8787 }])).toEqual(['http://127.0.0.1:8787']);
  expect(listeningUrls([{ address: '::1', family: 'IPv6', port: 8787 }])).toEqual(['http://[::1]:8787']);
  const wildcard = listeningUrls([{ address: '0.0.0.0', family: 'IPv4', port: 9000 }]);
  expect(wildcard).toContain('http://127.0.0.1:9000');
  expect(wildcard.filter((u) => u.includes('['))).toEqual([]);
  // '::' also lists IPv6 interfaces, but never link-local ones (they need a zone id to be reachable).
  const both = listeningUrls([{ address: '::', family: 'IPv6', port: 9000 }]);
  expect(both).toContain('http://127.0.0.1:9000');
  expect(both.filter((u) => u.toLowerCase().includes('[fe80'))).toEqual([]);
});
