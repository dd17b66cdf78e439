// What the route plugins share: configuration, the clock and the Douyin login exchange.
import type { FastifyRequest } from 'fastify';
import { exchangeCode } from '../auth/douyin-session';
import { userIdFromOpenid } from '../auth/user-id';
import type { Config } from '../config';
import { noteLog } from '../plugins/request-log';

export interface RouteContext {
  config: Config;
  /** Unix seconds. */
  now: () => number;
  /** Douyin mode: login code -> our opaque RTC userId (throws HttpError 401/502/504). */
  loginUserId: (code: string, request: FastifyRequest) => Promise<string>;
}

export function createRouteContext(
  config: Config,
  deps: { now?: () => number; code2sessionUrl?: string; code2sessionTimeoutMs?: number },
): RouteContext {
  const douyin = config.douyin;
  return {
    config,
    now: deps.now ?? (() => Math.floor(Date.now() / 1000)),
    loginUserId: async (code, request) => {
      if (!douyin) throw new Error('loginUserId called outside douyin mode');
      const session = await exchangeCode(
        {
          url: deps.code2sessionUrl ?? douyin.code2sessionUrl,
          appId: douyin.appId,
          appSecret: douyin.appSecret,
          timeoutMs: deps.code2sessionTimeoutMs ?? config.code2sessionTimeoutMs,
        },
        code,
        (f) => noteLog(request, { code2session: f }, 'code2session failed'),
      );
      return userIdFromOpenid(config.userIdSecret, douyin.appId, session.openid);
    },
  };
}
