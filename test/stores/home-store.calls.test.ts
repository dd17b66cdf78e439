// HomeStore's calls side as the home page shows it: what a fresh page binds before anything loads,
// the call records (a failed GET /v1/calls says so, and a later success clears it), and dialling a
// contact or a typed userId (inline errors, never yourself, no calls service → an explanation).
import { buildServices } from '../../services/runtime';
import type { CallRecordDto } from '../../services/token-client';
import { HomeStore, type HomeDeps } from '../../stores/home-store';
import { createSessionHistory, type SessionHistory } from '../../stores/session-records';
import { RtcCloud } from '../../sim/cloud';
import { createFakeTt } from '../../sim/fake-tt';
import { flush } from '../../sim/time';
import { TOKEN_URL, installTokenService } from '../../sim/helpers/token-service';

let history: SessionHistory;

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function setup(extra: Partial<HomeDeps> = {}): HomeStore {
  const cloud = new RtcCloud();
  const fake = createFakeTt(cloud, { label: 'alice' });
  installTokenService(fake, cloud, { mode: 'dev' });
  const services = buildServices(fake.tt, { appId: 'app', tokenServiceUrl: TOKEN_URL, tokenServiceMode: 'dev' });
  history = createSessionHistory(services.storage);
  return new HomeStore({ tokenClient: services.tokenClient, tokenServiceMode: 'dev', history, ...extra });
}

const bobCall = (): CallRecordDto => ({ callId: 'call-0001', peer: 'bob', direction: 'in', media: 'video', outcome: 'missed', startedAt: Date.now() - 60000, durationSeconds: 0 });

test('a fresh home page: empty inputs, no contacts, no load failure', () => {
  const store = setup({ listCalls: () => Promise.resolve([]) });
  expect(store.roomIdInput).toBe('');
  expect(store.callInput).toBe('');
  expect(store.contacts).toEqual([]);
  expect(store.history).toEqual([]);
  expect(store.callsLoadFailed).toBe(false);
  // Untouched inputs count as empty, not as something invalid.
  expect(store.joinById()).toEqual({ kind: 'none' });
  expect(store.inputError).toBe('请输入房间号');
  expect(store.dial('audio')).toEqual({ kind: 'none' });
  expect(store.callInputError).toBe('请输入要呼叫的用户 ID');
});

describe('call records', () => {
  test('a failed load keeps the rooms and says so; the next good load clears it and lists the calls', async () => {
    let fail = true;
    const store = setup({ listCalls: () => (fail ? Promise.reject(new Error('request:fail')) : Promise.resolve([bobCall()])) });
    await Promise.all([store.loadCalls(), flush()]);
    expect(store.callsLoadFailed).toBe(true);
    expect(store.history).toEqual([]);
    fail = false;
    await Promise.all([store.loadCalls(), flush()]);
    expect(store.callsLoadFailed).toBe(false);
    expect(store.history.map((e) => [e.key, e.alert])).toEqual([['call:call-0001', true]]);
    expect(store.contacts).toEqual(['bob']);
  });

  test('a first good load: no failure shown', async () => {
    const store = setup({ listCalls: () => Promise.resolve([bobCall()]) });
    await Promise.all([store.loadCalls(), flush()]);
    expect(store.callsLoadFailed).toBe(false);
  });
});

describe('dial', () => {
  test('no calls service: explained, no navigation', () => {
    const store = setup();
    expect(store.callsAvailable).toBe(false);
    expect(store.dial('video', 'bob')).toEqual({ kind: 'explain', title: '暂不能创建房间', content: '没有配置 Token 服务，无法发起通话' });
  });

  test.each([
    ['   ', '请输入要呼叫的用户 ID'],
    ['bob smith', '用户 ID 只能包含字母、数字和 @ . _ -，最多 128 位'],
    ['用户', '用户 ID 只能包含字母、数字和 @ . _ -，最多 128 位'],
    ['alice', '不能呼叫自己'],
  ])('typed %j: an inline error, no navigation; typing again clears it', (input, error) => {
    const store = setup({ listCalls: () => Promise.resolve([]), myUserId: () => 'alice' });
    store.setCallInput(input);
    expect(store.dial('audio')).toEqual({ kind: 'none' });
    expect(store.callInputError).toBe(error);
    store.setCallInput('bob');
    expect(store.callInputError).toBeNull();
  });

  test('typed (trimmed) userId or a tapped contact: on to the outgoing call', () => {
    const store = setup({ listCalls: () => Promise.resolve([]), myUserId: () => 'alice' });
    store.setCallInput('  bob ');
    expect(store.dial('video')).toEqual({ kind: 'navigate', url: '/pages/call/outgoing?callee=bob&media=video' });
    expect(store.callInputError).toBeNull();
    // A contact tap wins over whatever is typed.
    expect(store.dial('audio', ' carol ')).toEqual({ kind: 'navigate', url: '/pages/call/outgoing?callee=carol&media=audio' });
  });

  test('own id not known yet: any valid id dials', () => {
    const store = setup({ listCalls: () => Promise.resolve([]), myUserId: () => null });
    expect(store.dial('audio', 'alice')).toEqual({ kind: 'navigate', url: '/pages/call/outgoing?callee=alice&media=audio' });
  });
});
