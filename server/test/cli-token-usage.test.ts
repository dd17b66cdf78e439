// `npm run token`: what the operator reads for each mistake (exact problem lines, exit 2 for bad
// arguments, exit 1 for a bad environment), the --ttl bounds, trimmed credentials, the printed expiry
// and role, and the script entry (argv past the script name, real clock, exit code).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../src/cli/token';
import { parseAccessToken, Privilege, verifyToken } from '../src/token/access-token';
import { runCli } from './cli-run';

const NOW = 1_800_000_000; // 2027-01-15T08:00:00Z
const APP_ID = '65a1b2c3d4e5f60718293a4b';
const APP_KEY = '0123456789abcdef0123456789abcdef';
const realEnv = { RTC_APP_ID: APP_ID, RTC_APP_KEY: APP_KEY };
const USAGE = 'Usage / 用法: npm run token -- --room <roomId> --user <userId> [--ttl <60..86400>] [--viewer]';
const TTL_PROBLEM = '--ttl must be an integer number of seconds between 60 and 86400 / 有效期须为 60–86400 秒';

const run = (argv: string[], env: Record<string, string> = realEnv) => runCli(argv, env, NOW);

describe('bad arguments: exit 2, each problem on its own line, then the usage', () => {
  it.each<[string[], string[]]>([
    [[], ['--room is required', '--user is required']],
    [['--user', 'u'], ['--room is required']],
    [['--room', 'r'], ['--user is required']],
    [['--room', 'bad room', '--user', 'u'], ['--room must be 1-128 chars of a-z A-Z 0-9 @ . _ - / 房间 ID 字符不合法']],
    [['--room', 'r', '--user', 'bad user'], ['--user must be 1-128 chars of a-z A-Z 0-9 @ . _ - / 用户 ID 字符不合法']],
    [['--room', 'r', '--user', 'u', '--ttl', '86401'], [TTL_PROBLEM]],
    [['--user', 'u', '--ttl', '59'], ['--room is required', TTL_PROBLEM]],
  ])('%j', (argv, problems) => {
    const r = run(argv);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toEqual([...problems, USAGE]);
    expect(r.out).toBe('');
  });

  it.each(['+600', '6e2', '600.0', '0x258', ' 600'])('--ttl %j is not plain digits: refused', (ttl) => {
    const r = run(['--room', 'r', '--user', 'u', '--ttl', ttl]);
    expect([r.code, r.err.split('\n')]).toEqual([2, [TTL_PROBLEM, USAGE]]);
  });

  it('a stray positional argument is refused, not silently ignored', () => {
    const r = run(['--room', 'r', '--user', 'u', 'extra']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("Unexpected argument 'extra'");
    expect(r.err).toContain(USAGE);
  });
});

describe('--help', () => {
  it.each([['--help'], ['-h']])('%s prints the usage on stdout and exits 0', (flag) => {
    const r = run([flag], {});
    expect([r.code, r.out, r.err]).toEqual([0, USAGE, '']);
  });
});

describe('--ttl bounds', () => {
  it.each([60, 86400])('--ttl %d is accepted and sets the expiry', (ttl) => {
    const r = run(['--room', 'r', '--user', 'u', '--ttl', String(ttl)]);
    expect(r.code).toBe(0);
    expect(verifyToken(r.field('token') ?? '', APP_KEY, NOW + ttl)).toBe(true);
    expect(r.field('expireAt')?.startsWith(`${NOW + ttl} `)).toBe(true);
  });
});

describe('printed token details', () => {
  it('expiry is shown as Unix seconds and as an ISO time', () => {
    expect(run(['--room', 'r', '--user', 'u', '--ttl', '600']).field('expireAt')).toBe(`${NOW + 600} (2027-01-15T08:10:00.000Z)`);
  });

  it('a member (the default) may publish and subscribe, and says so', () => {
    const r = run(['--room', 'r', '--user', 'u']);
    expect(r.out.split('\n')).toContain('role:      member (publish + subscribe / 推流+订阅)');
    expect(parseAccessToken(r.field('token') ?? '')?.privileges.has(Privilege.PublishStream)).toBe(true);
  });

  it('a viewer says subscribe only', () => {
    expect(run(['--room', 'r', '--user', 'u', '--viewer']).out.split('\n')).toContain('role:      viewer (subscribe only / 仅订阅)');
  });
});

describe('RTC credentials from the environment: exit 1 when unusable', () => {
  it.each<Record<string, string>>([{ RTC_APP_ID: APP_ID }, { RTC_APP_KEY: APP_KEY }, { RTC_APP_ID: APP_ID, RTC_APP_KEY: '   ' }])('only one of the pair %j: refused', (env) => {
    const r = run(['--room', 'r', '--user', 'u'], env);
    expect([r.code, r.out, r.err]).toEqual([1, '', 'Set both RTC_APP_ID and RTC_APP_KEY, or neither (dev default). / 请同时设置 RTC_APP_ID 和 RTC_APP_KEY。']);
  });

  it('an RTC_APP_ID that is not 24 characters: refused with its length, the key never printed', () => {
    const r = run(['--room', 'r', '--user', 'u'], { RTC_APP_ID: APP_ID.slice(1), RTC_APP_KEY: APP_KEY });
    expect([r.code, r.out, r.err]).toEqual([1, '', 'RTC_APP_ID must be 24 characters (got 23). / RTC_APP_ID 应为 24 个字符。']);
  });

  it('credentials padded with whitespace are trimmed and signed with as real ones (no dev warning)', () => {
    const r = run(['--room', 'r', '--user', 'u'], { RTC_APP_ID: ` ${APP_ID}\n`, RTC_APP_KEY: `\t${APP_KEY} ` });
    expect([r.code, r.err]).toEqual([0, '']);
    expect(verifyToken(r.field('token') ?? '', APP_KEY, NOW + 1)).toBe(true);
    expect(parseAccessToken(r.field('token') ?? '')?.appId).toBe(APP_ID);
  });
});

describe('script entry', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('main() takes the arguments after the script name, the real clock, and exits with the code', () => {
    jest.useFakeTimers({ now: NOW * 1000 + 999 });
    const out = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const exit = jest.fn();
    main({ argv: ['node', 'token.ts', '--room', 'r', '--user', 'u', '--ttl', '600'], env: realEnv, exit });
    expect(exit).toHaveBeenCalledWith(0);
    expect(out.mock.calls.map(([l]) => l)).toContain(`expireAt:  ${NOW + 600} (2027-01-15T08:10:00.000Z)`);
    expect(err).not.toHaveBeenCalled();

    main({ argv: ['node', 'token.ts'], env: realEnv, exit });
    expect(exit).toHaveBeenLastCalledWith(2);
    expect(err.mock.calls.map(([l]) => l).join('\n')).toContain('--room is required');
  });

  it('run as a script (npm run token) it prints a token and exits 0', () => {
    const repo = join(__dirname, '..', '..');
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'server/src/cli/token.ts'), '--room', 'r', '--user', 'u'], {
      cwd: repo,
      env: { ...process.env, ...realEnv },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^token: {5}\S+$/m);
  });
});

describe('TOKEN_TTL_SECONDS (used when --ttl is not given), read as the server reads it', () => {
  it.each([
    ['600', 600],
    [' 600\n', 600],
    ['', 3600], // blank counts as unset, as for the server
  ])('%j gives a %d s token', (raw, ttl) => {
    const r = run(['--room', 'r', '--user', 'u'], { ...realEnv, TOKEN_TTL_SECONDS: raw });
    expect(r.code).toBe(0);
    expect(r.field('expireAt')?.startsWith(`${NOW + ttl} `)).toBe(true);
  });

  it('--ttl wins over TOKEN_TTL_SECONDS, even a bad one', () => {
    expect(run(['--room', 'r', '--user', 'u', '--ttl', '120'], { ...realEnv, TOKEN_TTL_SECONDS: 'junk' }).field('expireAt')?.startsWith(`${NOW + 120} `)).toBe(true);
  });

  it.each(['59', '86401', '6e2', '1h'])('%j is a bad environment: exit 1 naming TOKEN_TTL_SECONDS, not --ttl', (raw) => {
    const r = run(['--room', 'r', '--user', 'u'], { ...realEnv, TOKEN_TTL_SECONDS: raw });
    expect([r.code, r.out, r.err]).toEqual([1, '', `TOKEN_TTL_SECONDS must be an integer between 60 and 86400 (got "${raw}"). / TOKEN_TTL_SECONDS 须为 60–86400 秒。`]);
  });
});
