// Startup text. Loud in dev mode so nobody mistakes it for a production setup.
import type { Config } from './config';
import { mintRoomToken } from './mint';
import { roomSharePath } from './share-path';

export const DEV_CREDENTIALS_WARNING = [
  '!! Using the embedded FAKE dev credentials (RTC_APP_ID/RTC_APP_KEY not set).',
  '!! Volcengine will REJECT these tokens; set RTC_APP_ID and RTC_APP_KEY to get tokens that join real rooms.',
  '!! 正在使用内置的假凭据：火山引擎不会接受这些 Token，请设置真实的 RTC_APP_ID / RTC_APP_KEY。',
].join('\n');

export function startupBanner(config: Config, address: string, nowSeconds: number): string {
  const lines: string[] = [];
  if (config.mode === 'dev') {
    const bar = '='.repeat(78);
    lines.push(bar, '  TOKEN SERVICE IN DEV MODE / 开发模式：任何人都可以为任意房间和用户签发 Token', bar);
    lines.push('  Do not expose dev mode to the internet. Production: TOKEN_SERVICE_MODE=douyin.');
    if (config.devCredentials) lines.push(DEV_CREDENTIALS_WARNING);
    const demo = mintRoomToken(config, { roomId: 'demo-room', userId: 'demo-user-1', role: 'member' }, nowSeconds);
    lines.push(
      '',
      `Demo room share path (valid until ${new Date(demo.expireAt * 1000).toISOString()}):`,
      '演示房间页面路径（可粘贴到抖音开发者工具的编译模式/启动参数）：',
      roomSharePath(demo),
      '',
      'More tokens: npm run token -- --room <roomId> --user <userId> [--viewer]',
    );
  } else {
    lines.push('Token service in douyin mode (login code + signed invite required).');
  }
  lines.push(`Listening on ${address}  (GET /healthz, POST /v1/rtc/token, POST /v1/rooms)`);
  return lines.join('\n');
}
