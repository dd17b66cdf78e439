// Mode and credential rules, secrets and call notices as the operator sets them: which variables
// each mode needs (each missing one named), blank or padded values treated like a shell would want,
// the derived user-id secret staying stable, and the notice template settings.
import { DEV_APP_ID, DEV_APP_KEY, loadConfig } from '../src/config';
import { configProblems } from './helpers';

const APP_ID = '65a1b2c3d4e5f60718293a4b';
const APP_KEY = '0123456789abcdef0123456789abcdef';
const DY_SECRET = 's3cret-value-not-for-logs';
const douyinEnv = {
  TOKEN_SERVICE_MODE: 'douyin',
  RTC_APP_ID: APP_ID,
  RTC_APP_KEY: APP_KEY,
  DOUYIN_APP_ID: 'tt123',
  DOUYIN_APP_SECRET: DY_SECRET,
  INVITE_SECRET: 'x'.repeat(32),
};

describe('mode and RTC credentials', () => {
  it.each<[string, Record<string, string>, string[]]>([
    ['an unknown mode', { TOKEN_SERVICE_MODE: 'prod' }, ['TOKEN_SERVICE_MODE must be "dev" or "douyin" (got "prod")']],
    [
      'RTC_APP_ID alone without a mode',
      { RTC_APP_ID: APP_ID },
      ['TOKEN_SERVICE_MODE is required when RTC_APP_ID/RTC_APP_KEY are set ("douyin" for production)', 'RTC_APP_KEY is missing (Volcengine RTC console)'],
    ],
    [
      'RTC_APP_KEY alone without a mode',
      { RTC_APP_KEY: APP_KEY },
      ['TOKEN_SERVICE_MODE is required when RTC_APP_ID/RTC_APP_KEY are set ("douyin" for production)', 'RTC_APP_ID is missing (24 characters, Volcengine RTC console)'],
    ],
    ['dev mode with only RTC_APP_KEY', { TOKEN_SERVICE_MODE: 'dev', RTC_APP_KEY: APP_KEY }, ['RTC_APP_ID is missing (24 characters, Volcengine RTC console)']],
    ['a 25-character RTC_APP_ID', { ...douyinEnv, RTC_APP_ID: `${APP_ID}c` }, ['RTC_APP_ID must be exactly 24 characters (got 25)']],
    ['a 23-character RTC_APP_ID', { ...douyinEnv, RTC_APP_ID: APP_ID.slice(1) }, ['RTC_APP_ID must be exactly 24 characters (got 23)']],
    ['an RTC_APP_ID with a space inside', { ...douyinEnv, RTC_APP_ID: `${APP_ID.slice(0, 12)} ${APP_ID.slice(13)}` }, ['RTC_APP_ID must be exactly 24 characters (got 24)']],
  ])('%s is refused with exactly the problems that apply', (_what, env, expected) => {
    expect(configProblems(env)).toEqual(expected);
  });

  it('dev mode with both real credentials uses them, not the embedded fake ones', () => {
    const c = loadConfig({ TOKEN_SERVICE_MODE: 'dev', RTC_APP_ID: APP_ID, RTC_APP_KEY: APP_KEY });
    expect([c.rtcAppId, c.rtcAppKey, c.devCredentials]).toEqual([APP_ID, APP_KEY, false]);
    const d = loadConfig({ TOKEN_SERVICE_MODE: 'dev' });
    expect([d.rtcAppId, d.rtcAppKey, d.devCredentials]).toEqual([DEV_APP_ID, DEV_APP_KEY, true]);
  });

  it('values padded with whitespace (e.g. copied from a console) are trimmed', () => {
    const c = loadConfig({ ...douyinEnv, TOKEN_SERVICE_MODE: ' douyin\n', RTC_APP_ID: ` ${APP_ID} `, RTC_APP_KEY: `\t${APP_KEY}` });
    expect([c.mode, c.rtcAppId, c.rtcAppKey]).toEqual(['douyin', APP_ID, APP_KEY]);
  });

  it('variables set to an empty string count as unset (a blank line in an .env file)', () => {
    const c = loadConfig({ TOKEN_SERVICE_MODE: '', RTC_APP_ID: '', RTC_APP_KEY: ' ', HOST: '', REDIS_URL: '', INVITE_SECRET: '', USER_ID_SECRET: '' });
    expect(c).toMatchObject({ mode: 'dev', devCredentials: true, host: '127.0.0.1', redisUrl: null });
    expect(c.inviteSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('douyin mode names every missing variable and echoes no secret', () => {
    const problems = configProblems({ TOKEN_SERVICE_MODE: 'douyin', RTC_APP_KEY: APP_KEY, INVITE_SECRET: 'short-secret-value' });
    expect(problems).toEqual([
      'RTC_APP_ID is missing (24 characters, Volcengine RTC console)',
      'INVITE_SECRET must be at least 32 characters',
      'DOUYIN_APP_ID is missing (mini-program AppID, Douyin developer console)',
      'DOUYIN_APP_SECRET is missing (mini-program AppSecret)',
    ]);
    expect(problems.join('\n')).not.toMatch(/short-secret-value|0123456789abcdef/);
  });
});

describe('user-id secret', () => {
  it('USER_ID_SECRET is used as given', () => {
    expect(loadConfig({ ...douyinEnv, USER_ID_SECRET: 'u'.repeat(40) }).userIdSecret).toBe('u'.repeat(40));
  });

  it('unset, it is derived from INVITE_SECRET, stable across versions (changing it would re-key every user id)', () => {
    // HMAC-SHA256(INVITE_SECRET, "rtc-user-id/v1"), base64url; pinned so a refactor cannot silently change it.
    expect(loadConfig(douyinEnv).userIdSecret).toBe('mFWw5dZEloZhh6-FL4H7GDvIRZD9OR4xr9mWBHZbQWo');
    expect(loadConfig({ ...douyinEnv, INVITE_SECRET: 'y'.repeat(32) }).userIdSecret).not.toBe('mFWw5dZEloZhh6-FL4H7GDvIRZD9OR4xr9mWBHZbQWo');
  });
});

describe('call notices (DOUYIN_CALL_TEMPLATE_*)', () => {
  const withTemplate = { ...douyinEnv, DOUYIN_CALL_TEMPLATE_ID: 'MSG1' };
  const FIELDS_PROBLEM = 'DOUYIN_CALL_TEMPLATE_FIELDS must be two template keyword names: <call type>,<time>';

  it('dev mode refuses a template id, saying it needs douyin mode', () => {
    expect(configProblems({ DOUYIN_CALL_TEMPLATE_ID: 'MSG1' })).toEqual([
      'DOUYIN_CALL_TEMPLATE_ID needs TOKEN_SERVICE_MODE=douyin (notices go to openids)',
    ]);
  });

  it.each([
    [' call type , time ', 'call type', 'time'],
    [`${'m'.repeat(64)},${'t'.repeat(64)}`, 'm'.repeat(64), 't'.repeat(64)],
  ])('DOUYIN_CALL_TEMPLATE_FIELDS=%j gives the two keyword names, trimmed', (raw, media, time) => {
    expect(loadConfig({ ...withTemplate, DOUYIN_CALL_TEMPLATE_FIELDS: raw }).calls.notice).toMatchObject({ mediaField: media, timeField: time });
  });

  it.each(['type', 'type,time,extra', 'type,', ',time', ' , ', `${'m'.repeat(65)},time`, `type,${'t'.repeat(65)}`])(
    'DOUYIN_CALL_TEMPLATE_FIELDS=%j is refused, naming the variable',
    (raw) => {
      expect(configProblems({ ...withTemplate, DOUYIN_CALL_TEMPLATE_FIELDS: raw })).toEqual([FIELDS_PROBLEM]);
    },
  );

  it('a template id longer than 128 characters is refused, naming DOUYIN_CALL_TEMPLATE_ID', () => {
    expect(loadConfig({ ...douyinEnv, DOUYIN_CALL_TEMPLATE_ID: 'T'.repeat(128) }).calls.notice?.templateId).toBe('T'.repeat(128));
    expect(configProblems({ ...douyinEnv, DOUYIN_CALL_TEMPLATE_ID: 'T'.repeat(129) })).toEqual([
      'DOUYIN_CALL_TEMPLATE_ID must be at most 128 characters (got 129)',
    ]);
  });
});
