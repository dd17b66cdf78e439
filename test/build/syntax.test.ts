// Old Douyin hosts choke on newer syntax (optional chaining broke other mini-program demos).
// Guards: what we upload (tools/build-mp.js: esbuild, per file, into dist/) parses as ES2015 and its
// relative requires resolve to files the build writes; what tsc emits with our tsconfig parses as
// ES2015 too; and the sources themselves avoid ?. and ?? (belt and braces, and for adopters who
// open the sources with the IDE's TypeScript plugin instead of dist/).
import { parse } from 'acorn';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import ts from 'typescript';

// Plain JS build script (tools/build-mp.js), loaded as it runs in `npm run build:mp`.
const buildMp = require('../../tools/build-mp.js') as { transpile(source: string, file: string): string; sourceFiles(): string[] };

const root = join(__dirname, '..', '..');
const MINIPROGRAM_DIRS = ['pages', 'view', 'services', 'stores'];

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const files = [join(root, 'app.ts'), join(root, 'config.ts')].concat(...MINIPROGRAM_DIRS.map((d) => walk(join(root, d), [])));
const config = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => readFileSync(p, 'utf8'));
const options = ts.parseJsonConfigFileContent(config.config, ts.sys, root).options;

test('there is mini-program code to check', () => {
  expect(files.length).toBeGreaterThan(15);
  expect(options.target).toBe(ts.ScriptTarget.ES2015);
});

test.each(files.map((f) => [relative(root, f), f]))('%s compiles to ES2015 syntax', (_name, file) => {
  const src = readFileSync(file, 'utf8');
  const out = ts.transpileModule(src, { compilerOptions: { ...options, noEmit: false }, fileName: file }).outputText;
  expect(() => parse(out, { ecmaVersion: 2015, sourceType: 'script' })).not.toThrow();
});

test.each(files.map((f) => [relative(root, f), f]))('%s uses no ?. or ??', (_name, file) => {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) && node.questionDotToken) {
      found.push(`?. at ${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
      found.push(`?? at ${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  expect(found).toEqual([]);
});

describe('the upload (dist/, tools/build-mp.js)', () => {
  const sources = buildMp.sourceFiles();
  const built = new Set(sources.map((f) => f.replace(/\.ts$/, '.js')));
  const tsSources = sources.filter((f) => f.endsWith('.ts'));

  test('holds every mini-program source and nothing from tests, the sim, server, bench or tools', () => {
    for (const f of files) expect(sources).toContain(relative(root, f).split('\\').join('/'));
    expect(sources.filter((f) => /^(test|sim|server|bench|tools|docs|typings|node_modules|dist)\//.test(f) || f.endsWith('.md'))).toEqual([]);
    // Root-level tooling configs are not part of the mini-program either.
    expect(sources.filter((f) => !f.includes('/') && !/^(app\.(ts|json|ttss)|config\.ts)$/.test(f))).toEqual([]);
  });

  test.each(tsSources.map((f) => [f]))('%s builds to ES2015 whose relative requires resolve', (rel) => {
    const out = buildMp.transpile(readFileSync(join(root, rel), 'utf8'), rel);
    expect(() => parse(out, { ecmaVersion: 2015, sourceType: 'script' })).not.toThrow();
    const missing: string[] = [];
    for (const m of out.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      const target = posix.normalize(posix.join(dirname(rel), m[1]));
      if (!built.has(`${target}.js`) && !built.has(target)) missing.push(m[1]);
    }
    expect(missing).toEqual([]);
  });
});
