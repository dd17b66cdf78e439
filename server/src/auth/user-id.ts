// RTC userIds for Douyin users: stable per (mini-program, openid), opaque, within the ID charset.
// The raw openid must not reach other room members (it is a personal identifier), hence a keyed hash.
import { createHmac } from 'node:crypto';

export function userIdFromOpenid(secret: string, douyinAppId: string, openid: string): string {
  // 16 bytes -> 22 base64url chars; "u" prefix keeps ids from starting with "-" in logs and URLs.
  const digest = createHmac('sha256', secret).update(`openid/v1|${douyinAppId}|${openid}`).digest();
  return 'u' + digest.subarray(0, 16).toString('base64url');
}
