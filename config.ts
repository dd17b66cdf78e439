// Deployment settings. These are the only values an adopter must edit.
// The AppKey is NOT here on purpose: tokens are signed by the token service (server/).

/** Volcengine RTC AppId (24 characters, from the Volcengine RTC console). */
export const RTC_APP_ID = '';

/**
 * Base URL of the token service, e.g. 'https://rtc-token.example.com'. Empty = no token service:
 * the app then runs on link tokens alone (no renewal, no room creation, no invitations).
 * The domain must be on the mini-program's request whitelist in the Douyin console.
 */
export const TOKEN_SERVICE_URL = '';

/**
 * How the token service identifies callers (must match the server's TOKEN_SERVICE_MODE):
 * 'douyin' = the app sends tt.login's code and the server derives the userId;
 * 'dev' = the app names its own userId (local development only).
 */
export const TOKEN_SERVICE_MODE: 'dev' | 'douyin' = 'douyin';

/**
 * The calls signalling socket (docs/calls.md). Empty = derived from TOKEN_SERVICE_URL: https → wss,
 * path /v1/calls/socket. Release builds accept only wss:// on the console's socket whitelist.
 */
export const CALLS_SOCKET_URL = '';

/**
 * The Douyin subscription-message template for "incoming call" notices (控制台 → 订阅消息). Empty =
 * the app does not offer 「开启来电提醒」. Must be the template the token service sends.
 */
export const CALL_SUBSCRIBE_TEMPLATE_ID = '';
