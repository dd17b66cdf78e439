// `npm run token`: argument handling, exit codes and what gets printed.
import { parseAccessToken, verifyToken } from '../src/token/access-token';
import { runCli } from './cli-run';

const NOW = 1_800_000_000;
const realEnv = { RTC_APP_ID: '65a1b2c3d4e5f60718293a4b', RTC_APP_KEY: '0123456789abcdef0123456789abcdef' };

const run = (argv: string[], env: Record<string, string> = realEnv) => runCli(argv, env, NOW);

describe('token CLI', () => {
  it('mints a member token with the configured credentials and prints token, expiry and share path', () => {
    const r = run(['--room', 'room-1', '--user', 'alice', '--ttl', '600']);
    expect(r.code).toBe(0);
    const token = r.field('token') ?? '';
    expect(verifyToken(token, realEnv.RTC_APP_KEY, NOW + 600)).toBe(true);
    expect(r.field('expireAt')).toMatch(new RegExp(`^${NOW + 600} `));
    expect(r.field('sharePath')).toBe(`pages/room/room?roomId=room-1&userId=alice&token=${encodeURIComponent(token)}`);
    expect(r.err).toBe('');
  });

  it('--viewer gives a subscribe-only token', () => {
    const r = run(['--room', 'r', '--user', 'u', '--viewer']);
    expect([...(parseAccessToken(r.field('token') ?? '')?.privileges.keys() ?? [])]).toEqual([4]);
  });

  it('without credentials uses the dev default and warns', () => {
    const r = run(['--room', 'r', '--user', 'u'], {});
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/FAKE/);
  });

  it.each([
    [[]],
    [['--room', 'r']],
    [['--room', 'bad room', '--user', 'u']],
    [['--room', 'r', '--user', 'u', '--ttl', '10']],
    [['--room', 'r', '--user', 'u', '--ttl', 'abc']],
    [['--room', 'r', '--user', 'u', '--bogus']],
    [['--room']],
  ])('bad arguments %j -> exit 2 with usage', (argv) => {
    const r = run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage');
    expect(r.out).toBe('');
  });
});
