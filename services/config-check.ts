// Checks config.ts before anything uses it, so a wrong value is reported as that value (which file,
// which field) instead of surfacing later as a failed join or a refused request.
// Pure: no tt, no URL class (not promised by the mini-program runtime).

export type ConfigProblem =
  | 'app-id-missing'
  | 'app-id-length'
  | 'token-url-malformed'
  | 'token-url-not-https'
  | 'calls-url-malformed'
  | 'calls-url-not-wss';

export interface ConfigInput {
  appId: string;
  tokenServiceUrl: string;
  tokenServiceMode?: 'dev' | 'douyin';
  /** CALLS_SOCKET_URL as set in config.ts ('' = derived from the token URL). */
  callsSocketUrl?: string;
}

/** Volcengine RTC AppIds are 24 characters; the token format slices exactly 24 (docs/platform.md). */
const APP_ID_LENGTH = 24;

const URL_SHAPE = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(\[[0-9a-fA-F:.]+\]|[^\s/?#:@[\]]+)(:\d{1,5})?(?:[/?#][^\s]*)?$/;
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Problems with the deployment settings, in the order to fix them; [] when fine. TOKEN_SERVICE_URL
 * empty means "no token service" and is fine. tt.request in a release build accepts only HTTPS URLs
 * on the console's request whitelist (developer.open-douyin.com …/api/network/http/tt-request), so
 * plain http is allowed only for a loopback service in dev mode (the IDE with checks off).
 */
export function checkConfig(config: ConfigInput): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const appId = typeof config.appId === 'string' ? config.appId.trim() : '';
  if (appId === '') problems.push('app-id-missing');
  else if (appId.length !== APP_ID_LENGTH || !/^[\x21-\x7e]+$/.test(appId)) problems.push('app-id-length');
  const url = typeof config.tokenServiceUrl === 'string' ? config.tokenServiceUrl.trim() : '';
  if (url !== '') {
    const m = URL_SHAPE.exec(url);
    if (!m) problems.push('token-url-malformed');
    else {
      const scheme = m[1].toLowerCase();
      const host = m[2].toLowerCase();
      const devLoopback = scheme === 'http' && config.tokenServiceMode === 'dev' && LOOPBACK.indexOf(host) >= 0;
      if (scheme !== 'https' && !devLoopback) problems.push('token-url-not-https');
    }
  }
  // tt.connectSocket in a release build accepts only wss:// on the socket whitelist
  // (developer.open-douyin.com …/api/network/web-socket/tt-connect-socket); ws only for dev loopback.
  const calls = typeof config.callsSocketUrl === 'string' ? config.callsSocketUrl.trim() : '';
  if (calls !== '') {
    const m = URL_SHAPE.exec(calls);
    if (!m) problems.push('calls-url-malformed');
    else {
      const scheme = m[1].toLowerCase();
      const devLoopback = scheme === 'ws' && config.tokenServiceMode === 'dev' && LOOPBACK.indexOf(m[2].toLowerCase()) >= 0;
      if (scheme !== 'wss' && !devLoopback) problems.push('calls-url-not-wss');
    }
  }
  return problems;
}

/**
 * The socket URL: CALLS_SOCKET_URL when set, else the token service's origin with https → wss
 * (http → ws for the dev loopback) and the path /v1/calls/socket. '' when neither gives one.
 */
export function callsSocketUrl(tokenServiceUrl: string, explicit: string = ''): string {
  const set = (explicit || '').trim();
  if (set !== '') return set;
  const m = /^(https?):\/\/([^\s/?#]+)/i.exec((tokenServiceUrl || '').trim());
  if (!m) return '';
  return (m[1].toLowerCase() === 'https' ? 'wss' : 'ws') + '://' + m[2] + '/v1/calls/socket';
}

/** Whether the calls socket URL passed (no calls service is built otherwise). */
export function callsUrlUsable(problems: ConfigProblem[]): boolean {
  return problems.indexOf('calls-url-malformed') < 0 && problems.indexOf('calls-url-not-wss') < 0;
}

/** Whether the token service URL itself passed (the app builds no token client otherwise). */
export function tokenUrlUsable(problems: ConfigProblem[]): boolean {
  return problems.indexOf('token-url-malformed') < 0 && problems.indexOf('token-url-not-https') < 0;
}
