// services/runtime.ts: how buildServices/appServices wire the configuration into what the platform
// sees: the configured calls socket URL (checked and used), tt.login as the calls identity in douyin
// mode (forced, 15 s to answer, failures named tt.login), no self-named userId or subscription button
// unless configured, and the one installation id of the calls socket kept in storage.
import { appServices, buildServices, configureRuntime, type RuntimeConfig } from '../../services/runtime';
import { globalPlatform } from '../../services/platform/tt';
import { RtcCloud, SIM_APP_ID } from '../../sim/cloud';
import { createFakeTt, type FakeTt } from '../../sim/fake-tt';
import { FakeCallServer } from '../../sim/helpers/call-server';
import { installGlobals, uninstallGlobals } from '../../sim/mini-program';
import { flush } from '../../sim/time';

const TOKEN_URL = 'https://token.example.com';

let fake: FakeTt;
beforeEach(() => {
  jest.useFakeTimers();
  fake = createFakeTt(new RtcCloud(), { socketServer: new FakeCallServer({ grant: () => null as never }) });
});
afterEach(() => jest.useRealTimers());

function build(config: Partial<RuntimeConfig> = {}) {
  return buildServices(fake.tt, { appId: SIM_APP_ID, tokenServiceUrl: TOKEN_URL, ...config });
}

/** The hello frames the phone sent, parsed. */
function hellos(): Array<{ deviceId: string; auth: unknown }> {
  return fake.control.sockets.flatMap((s) => s.sent.map((d) => JSON.parse(String(d)))).filter((f) => f.type === 'hello');
}

describe('the calls socket URL', () => {
  test('an explicit one is checked (ws:// is refused: no calls) and, when fine, used instead of the derived one', async () => {
    expect(build({ callsSocketUrl: 'ws://calls.example.com/s' }).configProblems).toContain('calls-url-not-wss');
    const s = build({ callsSocketUrl: 'wss://calls.example.com/s', tokenServiceMode: 'dev' });
    s.calls!.socket.start();
    await flush();
    expect(fake.control.sockets.map((x) => x.url)).toEqual(['wss://calls.example.com/s']);
    s.calls!.socket.stop();
  });

  test('appServices passes a configured calls socket URL on', () => {
    installGlobals({ tt: fake.tt });
    try {
      configureRuntime({ appId: SIM_APP_ID, tokenServiceUrl: TOKEN_URL, callsSocketUrl: 'ws://calls.example.com/s' });
      expect(appServices().configProblems).toContain('calls-url-not-wss');
    } finally {
      configureRuntime({});
      uninstallGlobals();
    }
  });
});

describe('douyin mode', () => {
  test('no self-named userId, and no subscription button without a template id', () => {
    const s = build();
    expect(s.calls!.devUserId).toBeNull();
    expect(s.calls!.notices.available).toBe(false);
  });

  test('the socket says who it is with a forced tt.login code', async () => {
    fake.control.setLogin({ code: 'c-1' });
    const s = build();
    s.calls!.socket.start();
    await flush();
    expect(fake.control.callsTo('tt.login').map((c) => c.args)).toEqual([{ force: true }]);
    expect(hellos().map((h) => h.auth)).toEqual([{ code: 'c-1' }]);
    s.calls!.socket.stop();
  });

  test('tt.login may take up to 15 s (the call list still loads)', async () => {
    fake.control.setLogin({ code: 'c-1' });
    fake.control.setLatency('tt.login', 12000);
    fake.control.setRequestHandler(() => ({ statusCode: 200, data: { calls: [] } }));
    const out = build().calls!.listCalls().then((c) => c, (e: unknown) => e);
    await jest.advanceTimersByTimeAsync(12000);
    await flush();
    expect(await out).toEqual([]);
    expect(fake.control.callsTo('tt.request').map((c) => (c.args as { header: unknown }).header)).toEqual([{ 'x-login-code': 'c-1' }]);
  });

  test('without a login code the socket never says hello', async () => {
    fake.control.setLogin({ code: '' });
    const s = build();
    s.calls!.socket.start();
    await flush();
    expect(hellos()).toEqual([]);
    s.calls!.socket.stop();
  });

  test('a failed tt.login reaches the caller named as tt.login', async () => {
    fake.control.setLogin({ fail: { errNo: 10000, errMsg: 'login:fail not login' } });
    const out = build().calls!.listCalls().then(() => null, (e: unknown) => e);
    await flush();
    expect(await out).toMatchObject({ code: 'login_failed', message: expect.stringMatching(/^tt\.login failed/) });
  });
});

describe('dev mode userId', () => {
  test('stays the same for the whole run even when storage cannot keep it', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      fake.control.failAlways('tt.setStorageSync', { errMsg: 'setStorageSync:fail exceed storage max size' });
      const calls = build({ tokenServiceMode: 'dev' }).calls!;
      const first = calls.devUserId;
      expect(first).toEqual(expect.any(String));
      expect(calls.devUserId).toBe(first);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('the installation id of the calls socket (dev mode)', () => {
  async function helloDeviceId(): Promise<string> {
    const s = build({ tokenServiceMode: 'dev' });
    s.calls!.socket.start();
    await flush();
    s.calls!.socket.stop();
    const h = hellos();
    return h[h.length - 1].deviceId;
  }

  test('a new one is d- and 16 [a-z0-9], kept under callsDeviceId and reused', async () => {
    const id = await helloDeviceId();
    expect(id).toMatch(/^d-[a-z0-9]{16}$/);
    expect(fake.control.storage.get('callsDeviceId')).toBe(id);
    expect(await helloDeviceId()).toBe(id);
  });

  test.each([
    ['a valid stored id is used', 'd-0123456789abcdef', true],
    ['one char short', 'd-0123456789abcde', false],
    ['one char long', 'd-0123456789abcdefg', false],
    ['prefix before it', 'xd-0123456789abcdef', false],
    ['uppercase', 'd-0123456789ABCDEF', false],
  ])('%s (%s)', async (_what, stored, kept) => {
    fake.control.storage.set('callsDeviceId', stored);
    const id = await helloDeviceId();
    if (kept) expect(id).toBe(stored);
    else {
      expect(id).not.toBe(stored);
      expect(id).toMatch(/^d-[a-z0-9]{16}$/);
    }
  });
});

describe('globalPlatform', () => {
  test('outside Douyin (no tt) it says so instead of handing out nothing', () => {
    expect(() => globalPlatform()).toThrow('tt is not available: not running inside Douyin');
  });

  test('a null tt counts as none', () => {
    const setTt = (globalThis as unknown as { __simSetTt: (v: unknown) => void }).__simSetTt;
    setTt(null);
    try {
      expect(() => globalPlatform()).toThrow('not running inside Douyin');
    } finally {
      setTt(undefined);
    }
  });

  test('inside, it is the bare tt', () => {
    installGlobals({ tt: fake.tt });
    try {
      expect(globalPlatform()).toBe(fake.tt);
    } finally {
      uninstallGlobals();
    }
  });
});
