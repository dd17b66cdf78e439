// callStatusText, the line both call pages show: every phase from each side, and which of an ended
// call's reason or state decides the words (a reason wins, except offline for a decline or cancel the
// person made themselves, which still says what they did).
import { callStatusText, type ActiveCall } from '../../stores/call-store';

const base: ActiveCall = {
  callId: 'call-abcdefgh',
  peer: 'bob',
  direction: 'in',
  media: 'audio',
  phase: 'ringing',
  state: null,
  reason: null,
  endedBy: null,
  room: null,
  expiresAt: null,
  acceptedAt: null,
  asking: null,
};
const call = (p: Partial<ActiveCall>): ActiveCall => Object.assign({}, base, p);

test.each<[string, Partial<ActiveCall>, string]>([
  ['checking', { phase: 'checking' }, '正在查询通话…'],
  ['inviting', { phase: 'inviting', direction: 'out' }, '正在连接…'],
  ['inviting, cancel asked', { phase: 'inviting', direction: 'out', asking: 'cancel' }, '正在取消…'],
  ['out ringing', { phase: 'ringing', direction: 'out' }, '正在呼叫，等待对方接听…'],
  ['out ringing, cancel asked', { phase: 'ringing', direction: 'out', asking: 'cancel' }, '正在取消…'],
  ['in ringing audio', { phase: 'ringing', media: 'audio' }, '邀请你进行语音通话'],
  ['in ringing video', { phase: 'ringing', media: 'video' }, '邀请你进行视频通话'],
  ['in ringing, accept asked', { phase: 'ringing', asking: 'accept' }, '正在接听…'],
  ['accepted', { phase: 'accepted', state: 'accepted' }, '已接通'],
])('%s → %s', (_name, p, text) => {
  expect(callStatusText(call(p))).toBe(text);
});

test.each<[string, Partial<ActiveCall>, string]>([
  ['elsewhere', { reason: 'elsewhere', state: 'accepted' }, '已在其他设备接听'],
  // not-found says the call is over whatever the last state was.
  ['not-found over a missed state', { reason: 'not-found', state: 'missed' }, '通话已结束'],
  ['not-found over a declined state', { reason: 'not-found', state: 'declined', direction: 'out' }, '通话已结束'],
  ['refused', { reason: 'refused', direction: 'out' }, '无法呼叫该用户（用户不存在或不可呼叫）'],
  ['offline, no state', { reason: 'offline', direction: 'out' }, '网络未连接，呼叫失败，请稍后重试'],
  ['offline over busy', { reason: 'offline', state: 'busy', direction: 'out' }, '网络未连接，呼叫失败，请稍后重试'],
  ['offline decline (mine)', { reason: 'offline', state: 'declined' }, '已拒绝'],
  ['offline cancel (mine)', { reason: 'offline', state: 'cancelled', direction: 'out' }, '已取消'],
  ['declined, caller', { state: 'declined', direction: 'out' }, '对方已拒绝'],
  ['cancelled, callee', { state: 'cancelled' }, '对方已取消'],
  ['busy, caller', { state: 'busy', direction: 'out' }, '对方忙'],
  ['busy, callee', { state: 'busy' }, '忙线未接'],
  ['missed, caller', { state: 'missed', direction: 'out' }, '无人接听'],
  ['missed, callee', { state: 'missed', reason: 'expired' }, '未接来电'],
  ['ended by the peer', { state: 'ended', endedBy: 'bob' }, '对方已挂断'],
  ['ended by me', { state: 'ended', endedBy: 'me' }, '通话已结束'],
  ['no state', {}, '通话已结束'],
])('ended: %s → %s', (_name, p, text) => {
  expect(callStatusText(call(Object.assign({ phase: 'ended' }, p)))).toBe(text);
});

test('no call at all says it is over', () => {
  expect(callStatusText(null)).toBe('通话已结束');
});
