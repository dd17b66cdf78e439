// Startup text. Loud in dev mode so nobody mistakes it for a production setup.
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { type Config, DEV_APP_ID, DEV_APP_KEY } from './config';
import { mintRoomToken } from './mint';
import { roomSharePath } from './share-path';

export const DEV_CREDENTIALS_WARNING = [
  '!! Using the embedded FAKE dev credentials (RTC_APP_ID/RTC_APP_KEY not set).',
  '!! Volcengine will REJECT these tokens; set RTC_APP_ID and RTC_APP_KEY to get tokens that join real rooms.',
  '!! 正在使用内置的假凭据：火山引擎不会接受这些 Token，请设置真实的 RTC_APP_ID / RTC_APP_KEY。',
].join('\n');

/** Every URL the server answers on; a wildcard bind (0.0.0.0 / ::) is expanded to each interface. */
export function listeningUrls(addresses: AddressInfo[]): string[] {
  const urls: string[] = [];
  const url = (family: string, address: string, port: number) =>
    family === 'IPv6' ? `http://[${address}]:${port}` : `http://${address}:${port}`;
  for (const a of addresses) {
    if (a.address === '0.0.0.0' || a.address === '::') {
      for (const list of Object.values(networkInterfaces())) {
        for (const i of list ?? []) {
          if (a.address === '0.0.0.0' && i.family !== 'IPv4') continue;
          if (i.family === 'IPv6' && i.scopeid) continue; // link-local needs a zone id; skip
          urls.push(url(i.family, i.address, a.port));
        }
      }
    } else urls.push(url(a.family, a.address, a.port));
  }
  return [...new Set(urls)];
}

export function startupBanner(config: Config, urls: string[], nowSeconds: number): string {
  const lines: string[] = [];
  if (config.mode === 'dev') {
    const bar = '='.repeat(78);
    lines.push(bar, '  TOKEN SERVICE IN DEV MODE / 开发模式：任何人都可以为任意房间和用户签发 Token', bar);
    lines.push('  Do not expose dev mode to the internet. Production: TOKEN_SERVICE_MODE=douyin.');
    if (config.devCredentials) {
      lines.push(DEV_CREDENTIALS_WARNING);
      // Minted with the embedded fake credentials only: a banner ends up in terminals and log files,
      // so it must never carry a token that a real AppKey signed.
      const demo = mintRoomToken(
        { rtcAppId: DEV_APP_ID, rtcAppKey: DEV_APP_KEY, tokenTtlSeconds: config.tokenTtlSeconds },
        { roomId: 'demo-room', userId: 'demo-user-1', role: 'member' },
        nowSeconds,
      );
      lines.push(
        '',
        `Demo room share path (valid until ${new Date(demo.expireAt * 1000).toISOString()}):`,
        '演示房间页面路径（可粘贴到抖音开发者工具的编译模式/启动参数）：',
        roomSharePath(demo),
      );
    } else {
      lines.push('  Real RTC credentials: no demo token printed. / 使用真实凭据，不打印演示 Token。');
    }
    lines.push('', 'Tokens: npm run token -- --room <roomId> --user <userId> [--viewer]');
  } else {
    lines.push('Token service in douyin mode (login code + signed invite required).');
  }
  lines.push('', ...miniProgramConfigHint(config, urls), '');
  lines.push(`State: ${config.redisUrl === null ? 'in memory (single instance)' : 'Redis (shared by all instances)'}`);
  lines.push('Listening on (GET /healthz, POST /v1/rtc/token, POST /v1/rooms):');
  for (const u of urls) lines.push(`  ${u}`);
  return lines.join('\n');
}

/**
 * What to put into the mini-program's config.ts so the first run in the IDE works: the AppId must be
 * this service's (tokens are bound to it), and release builds need an https:// whitelisted domain.
 */
function miniProgramConfigHint(config: Config, urls: string[]): string[] {
  const local = urls.find((u) => u.startsWith('http://127.0.0.1') || u.startsWith('http://localhost')) ?? urls[0] ?? 'https://<your-domain>';
  return [
    'Mini-program config.ts / 小程序 config.ts 需要填写：',
    `  RTC_APP_ID = '${config.rtcAppId}'   // 必须与本服务的 RTC_APP_ID 相同 (must equal this service's AppId)`,
    `  TOKEN_SERVICE_URL = '${config.mode === 'dev' ? local : 'https://<your-domain>'}'   // 真机与发布版只接受 https:// 且已加入 request 合法域名的地址`,
    `  TOKEN_SERVICE_MODE = '${config.mode}'`,
  ];
}
