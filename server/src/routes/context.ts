// What the route plugins share: configuration, the clock and the Douyin login exchange.
import type { FastifyRequest } from 'fastify';
import { type Code2SessionFailure, exchangeCode } from '../auth/douyin-session';
import { userIdFromOpenid } from '../auth/user-id';
import type { Config } from '../config';
import { noteLog } from '../plugins/request-log';

export interface RouteContext {
  config: Config;
  /** Unix seconds. */
  now: () => number;
  /** Douyin mode: login code -> our opaque RTC userId and the openid (throws HttpError 401/502/504). */
  login: (code: string, onFailure: (f: Code2SessionFailure) => void) => Promise<{ userId: string; openid: string }>;
  /** Douyin mode: login code -> our opaque RTC userId (throws HttpError 401/502/504). */
  loginUserId: (code: string, request: FastifyRequest) => Promise<string>;
  /**
   * Told about every successful Douyin login (the calls feature keeps userId → openid server side,
   * for notices and to know which users exist). Its failures never fail the login.
   */
  onLogin: (userId: string, openid: string) => Promise<void>;
}

export function createRouteContext(
  config: Config,
  deps: { now?: () => number; code2sessionUrl?: string; code2sessionTimeoutMs?: number },
): RouteContext {
  const douyin = config.douyin;
  const ctx: RouteContext = {
    config,
    now: deps.now ?? (() => Math.floor(Date.now() / 1000)),
    onLogin: async () => undefined,
    login: async (code, onFailure) => {
      if (!douyin) throw new Error('login called outside douyin mode');
      const session = await exchangeCode(
        {
          url: deps.code2sessionUrl ?? douyin.code2sessionUrl,
          appId: douyin.appId,
          appSecret: douyin.appSecret,
          timeoutMs: deps.code2sessionTimeoutMs ?? config.code2sessionTimeoutMs,
        },
        code,
        onFailure,
      );
      const userId = userIdFromOpenid(config.userIdSecret, douyin.appId, session.openid);
      await ctx.onLogin(userId, session.openid).catch(() => undefined);
      return { userId, openid: session.openid };
    },
    loginUserId: async (code, request) =>
      (await ctx.login(code, (f) => noteLog(request, { code2session: f }, 'code2session failed'))).userId,
  };
  return ctx;
}
