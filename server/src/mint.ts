// Turns an authorised (room, user, role) into a signed RTC token.
import type { Config } from './config';
import type { Role, TokenReply } from './schemas';
import { AccessToken, Privilege } from './token/access-token';

export function mintRoomToken(
  config: Pick<Config, 'rtcAppId' | 'rtcAppKey' | 'tokenTtlSeconds'>,
  req: { roomId: string; userId: string; role: Role },
  nowSeconds: number,
): TokenReply {
  // Privilege expiry = token expiry, as the Volcengine docs recommend (6348/1157360).
  const expireAt = nowSeconds + config.tokenTtlSeconds;
  const token = new AccessToken({
    appId: config.rtcAppId,
    appKey: config.rtcAppKey,
    roomId: req.roomId,
    userId: req.userId,
    issuedAt: nowSeconds,
  });
  if (req.role === 'member') token.addPrivilege(Privilege.PublishStream, expireAt);
  token.addPrivilege(Privilege.SubscribeStream, expireAt).expireTime(expireAt);
  return { appId: config.rtcAppId, roomId: req.roomId, userId: req.userId, token: token.serialize(), expireAt };
}
