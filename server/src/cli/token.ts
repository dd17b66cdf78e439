// `npm run token -- --room R --user U [--ttl 3600] [--viewer]`: mint one token locally.
import { parseArgs } from 'node:util';
import { DEV_APP_ID, DEV_APP_KEY } from '../config';
import { mintRoomToken } from '../mint';
import { ID_PATTERN } from '../schemas';
import { roomSharePath } from '../share-path';
import { DEV_CREDENTIALS_WARNING } from '../banner';

const USAGE = 'Usage / 用法: npm run token -- --room <roomId> --user <userId> [--ttl <60..86400>] [--viewer]';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Returns the process exit code: 0 ok, 1 bad environment, 2 bad arguments. */
export function runTokenCli(argv: string[], env: Record<string, string | undefined>, io: CliIo, nowSeconds: number): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        room: { type: 'string' },
        user: { type: 'string' },
        ttl: { type: 'string' },
        viewer: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const idRe = new RegExp(ID_PATTERN);
  const problems: string[] = [];
  if (values.room === undefined) problems.push('--room is required');
  else if (!idRe.test(values.room)) problems.push('--room must be 1-128 chars of a-z A-Z 0-9 @ . _ - / 房间 ID 字符不合法');
  if (values.user === undefined) problems.push('--user is required');
  else if (!idRe.test(values.user)) problems.push('--user must be 1-128 chars of a-z A-Z 0-9 @ . _ - / 用户 ID 字符不合法');
  // Plain decimal digits only, as the server reads TOKEN_TTL_SECONDS ("6e2", "+600" are typos).
  const isTtl = (s: string) => /^\d+$/.test(s) && Number(s) >= 60 && Number(s) <= 86400;
  if (values.ttl !== undefined && !isTtl(values.ttl)) {
    problems.push('--ttl must be an integer number of seconds between 60 and 86400 / 有效期须为 60–86400 秒');
  }
  if (problems.length > 0 || values.room === undefined || values.user === undefined) {
    io.err(`${problems.join('\n')}\n${USAGE}`);
    return 2;
  }

  // Blank counts as unset, as for the server; a bad value is the environment's fault, not the arguments'.
  const envTtl = env.TOKEN_TTL_SECONDS?.trim() || undefined;
  if (values.ttl === undefined && envTtl !== undefined && !isTtl(envTtl)) {
    io.err(`TOKEN_TTL_SECONDS must be an integer between 60 and 86400 (got "${envTtl}"). / TOKEN_TTL_SECONDS 须为 60–86400 秒。`);
    return 1;
  }
  const ttl = Number(values.ttl ?? envTtl ?? 3600);

  const appId = env.RTC_APP_ID?.trim() || undefined;
  const appKey = env.RTC_APP_KEY?.trim() || undefined;
  if ((appId === undefined) !== (appKey === undefined)) {
    io.err('Set both RTC_APP_ID and RTC_APP_KEY, or neither (dev default). / 请同时设置 RTC_APP_ID 和 RTC_APP_KEY。');
    return 1;
  }
  if (appId !== undefined && appId.length !== 24) {
    io.err(`RTC_APP_ID must be 24 characters (got ${appId.length}). / RTC_APP_ID 应为 24 个字符。`);
    return 1;
  }
  if (appId === undefined) io.err(DEV_CREDENTIALS_WARNING);

  const minted = mintRoomToken(
    { rtcAppId: appId ?? DEV_APP_ID, rtcAppKey: appKey ?? DEV_APP_KEY, tokenTtlSeconds: ttl },
    { roomId: values.room, userId: values.user, role: values.viewer ? 'viewer' : 'member' },
    nowSeconds,
  );
  io.out(`token:     ${minted.token}`);
  io.out(`expireAt:  ${minted.expireAt} (${new Date(minted.expireAt * 1000).toISOString()})`);
  io.out(`role:      ${values.viewer ? 'viewer (subscribe only / 仅订阅)' : 'member (publish + subscribe / 推流+订阅)'}`);
  io.out(`sharePath: ${roomSharePath(minted)}`);
  return 0;
}

/** The process side of the script, apart so tests can drive it with a stand-in process. */
interface CliProcess {
  argv: string[];
  env: Record<string, string | undefined>;
  exit: (code: number) => void;
}

export function main(proc: CliProcess): void {
  const code = runTokenCli(
    proc.argv.slice(2),
    proc.env,
    { out: (l) => console.log(l), err: (l) => console.error(l) },
    Math.floor(Date.now() / 1000),
  );
  proc.exit(code);
}

if (require.main === module) main(process);
