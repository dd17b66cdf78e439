// `npm run token` in-process with captured output. Apart from helpers.ts because the app's tests
// import helpers.ts under the mini-program typings, where `require` has no `.main` (cli/token.ts uses it).
import { runTokenCli } from '../src/cli/token';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** The value printed after "<name>:" on stdout, trimmed. */
  field: (name: string) => string | undefined;
}

/** Runs `npm run token` in-process with captured stdout/stderr. */
export function runCli(argv: string[], env: Record<string, string>, nowSeconds: number): CliRun {
  const out: string[] = [];
  const err: string[] = [];
  const code = runTokenCli(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) }, nowSeconds);
  const field = (name: string) => out.find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim();
  return { code, out: out.join('\n'), err: err.join('\n'), field };
}
