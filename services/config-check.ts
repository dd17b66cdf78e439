// Checks config.ts before anything uses it, so a wrong value is reported as that value (which file,
// which field) instead of surfacing later as a failed join or a refused request.
// Pure: no tt, no URL class (not promised by the mini-program runtime).

export type ConfigProblem =
  | 'app-id-missing'
  | 'app-id-length'
  | 'token-url-malformed'
  | 'token-url-not-https';

export interface ConfigInput {
  appId: string;
  tokenServiceUrl: string;
  tokenServiceMode?: 'dev' | 'douyin';
}

/** Volcengine RTC AppIds are 24 characters; the token format slices exactly 24 (docs/platform.md). */
export const APP_ID_LENGTH = 24;

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
  return problems;
}

/** Whether the token service URL itself passed (the app builds no token client otherwise). */
export function tokenUrlUsable(problems: ConfigProblem[]): boolean {
  return problems.indexOf('token-url-malformed') < 0 && problems.indexOf('token-url-not-https') < 0;
}
