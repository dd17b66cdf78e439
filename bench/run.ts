// Runs every bench/*.bench.ts in its own process (so one benchmark's heap cannot skew another's)
// and prints their tables in order. Benchmarks report ratios and simulated time, not wall-clock asserts.
//
//   npm run bench                 all suites
//   npm run bench room            only suites whose file name contains "room"
//   npm run bench -- --write      also write the results into README.md and docs/perf.md
//
// --write: each suite's whole output becomes the section `bench:<suite>` (e.g. bench:token), and any
// `<!-- bench:NAME -->…<!-- /bench:NAME -->` block a suite prints is a section too. Every doc block
// with the same markers is replaced; docs tables are never edited by hand.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = __dirname;
const args = process.argv.slice(2);
const write = args.includes('--write');
const only = args.filter((a) => a !== '--write')[0];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || f.includes(only))
  .sort();
const DOCS = ['README.md', 'docs/perf.md'].map((p) => resolve(dir, '..', p));

const sections = new Map<string, string>();
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(dir, f)], {
    stdio: ['inherit', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = r.stdout || '';
  process.stdout.write(out);
  if (r.status !== 0) {
    failed++;
    continue;
  }
  sections.set(f.replace(/\.bench\.ts$/, ''), out.trim());
  const marked = /<!-- bench:([\w-]+) -->\n([\s\S]*?)\n<!-- \/bench:\1 -->/g;
  for (let m = marked.exec(out); m; m = marked.exec(out)) sections.set(m[1], m[2].trim());
}

if (write) {
  if (failed) {
    console.error('\n--write skipped: a suite failed, the docs keep their last good numbers.');
  } else {
    for (const doc of DOCS) {
      const before = readFileSync(doc, 'utf8');
      const used: string[] = [];
      const after = before.replace(/<!-- bench:([\w-]+) -->\n(?:[\s\S]*?\n)?<!-- \/bench:\1 -->/g, (block, name: string) => {
        const body = sections.get(name);
        if (body === undefined) return block; // suite not run this time: keep its last output
        used.push(name);
        return `<!-- bench:${name} -->\n${body}\n<!-- /bench:${name} -->`;
      });
      if (after !== before) writeFileSync(doc, after);
      console.log(`\n${doc}: ${used.length ? `wrote ${used.join(', ')}` : 'no bench sections'}`);
    }
  }
}
process.exit(failed ? 1 : 0);
