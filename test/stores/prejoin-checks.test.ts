// The pre-join check rules, as tables: what each line says (state + text) for every link problem,
// token expiry edge, token-service refusal, base-library version, context failure and network state.
// 'fail' blocks joining, so the edges (expiring this very second, exactly 2.68.0, connected but no
// network type) are where a wrong comparison would let someone in or keep them out.
import { PlatformError } from '../../services/platform/errors';
import { TokenServiceError } from '../../services/token-client';
import { capabilityLine, linkLine, networkLine, tokenErrorLine, tokenLine, versionLine } from '../../stores/prejoin-checks';

const NOW = Date.UTC(2026, 2, 1, 8, 0, 0);
const nowS = NOW / 1000;

test.each([
  ['room-1', [], { state: 'ok', text: '房间 room-1' }],
  [null, ['missing-room'], { state: 'fail', text: '缺少房间号' }],
  ['room-1', ['token-other-user'], { state: 'fail', text: '这是别人的链接' }],
  [null, ['missing-user', 'missing-token'], { state: 'fail', text: '缺少用户 ID；链接不完整，缺少进入房间所需的部分' }],
] as const)('linkLine(%j, %j)', (roomId, problems, expected) => {
  expect(linkLine(roomId, [...problems])).toEqual(expected);
});

test.each([
  ['expired a second ago', nowS - 1, { state: 'fail', text: '已过期，请向邀请人索取新的链接' }],
  ['expiring this very second', nowS, { state: 'fail', text: '已过期，请向邀请人索取新的链接' }],
  ['a second left', nowS + 1, { state: 'ok', text: '有效，约 1 分钟后过期' }],
  ['50 minutes left', nowS + 3000, { state: 'ok', text: '有效，约 50 分钟后过期' }],
  ['never expires', null, { state: 'ok', text: '有效' }],
  ['unreadable', 'unreadable', { state: 'warn', text: '有效期未知，可以尝试进入' }],
] as const)('tokenLine: %s', (_n, expireAt, expected) => {
  expect(tokenLine(expireAt, NOW)).toEqual(expected);
});

const NETWORK = { state: 'fail', text: '获取凭证失败，请检查网络后重试', retryable: true };
const LOGIN = { state: 'fail', text: '请先登录抖音后再进入房间', retryable: true };
const REJECTED = { state: 'fail', text: '获取凭证失败，请稍后重试', retryable: true };
test.each([
  ['network', new TokenServiceError('network', 'request:fail'), NETWORK],
  ['timeout', new TokenServiceError('timeout', 'timed out'), NETWORK],
  ['invite required', new TokenServiceError('rejected', 'x', 'invite_required', 403), { state: 'fail', text: '进入这个房间需要组织者的邀请链接', retryable: false }],
  ['login required', new TokenServiceError('rejected', 'x', 'login_required', 401), LOGIN],
  ['login failed (tt.login)', new TokenServiceError('rejected', 'x', 'login_failed'), LOGIN],
  ['invalid login code', new TokenServiceError('rejected', 'x', 'invalid_login_code', 401), LOGIN],
  ['another code', new TokenServiceError('rejected', 'x', 'http_502', 502), REJECTED],
  ['no code', new TokenServiceError('invalid-response', 'x'), REJECTED],
  ['not a token-service error', new Error('boom'), REJECTED],
] as const)('tokenErrorLine: %s', (_n, e, expected) => {
  expect(tokenErrorLine(e)).toEqual(expected);
});

test.each([
  ['2.67.9', 'fail'],
  ['2.68.0', 'ok'],
  ['2.68.1', 'ok'],
  ['3.0.0', 'ok'],
  [undefined, 'warn'],
] as const)('versionLine(%s): %s', (v, state) => {
  expect(versionLine(v).state).toBe(state);
});

test.each([
  ['worked', null, { state: 'ok', text: '可以通话' }],
  ['unsupported', new PlatformError('createRtcRoomContext', 'unsupported', undefined, ''), { state: 'fail', text: '当前抖音版本不支持音视频房间，请升级抖音' }],
  ['no AppId (bad parameter)', new PlatformError('createRtcRoomContext', 'bad-parameter', 20000, ''), { state: 'fail', text: '小程序还没有配置音视频 AppId，请联系管理员' }],
  ['capability denied', new PlatformError('createRtcRoomContext', 'capability-denied', 116183, ''), { state: 'fail', text: '该小程序尚未开通音视频通话能力，请联系管理员' }],
] as const)('capabilityLine: %s', (_n, e, expected) => {
  expect(capabilityLine(e)).toEqual(expected);
});

test.each([
  [false, 'wifi', { state: 'fail', text: '没有网络连接，请联网后重试' }],
  [false, 'unknown', { state: 'fail', text: '没有网络连接，请联网后重试' }],
  [true, 'none', { state: 'fail', text: '没有网络连接，请联网后重试' }],
  [true, '2g', { state: 'warn', text: '2G 网络较慢，通话可能卡顿' }],
  [true, '4g', { state: 'ok', text: '4G' }],
  [true, 'wifi', { state: 'ok', text: 'Wi-Fi' }],
] as const)('networkLine(connected %s, %s)', (connected, type, expected) => {
  expect(networkLine(connected, type)).toEqual(expected);
});
