// Old Douyin hosts choke on newer syntax (optional chaining broke other mini-program demos).
// Two guards: what tsc emits with our tsconfig parses as ES2015, and the sources themselves avoid
// ?. and ?? in case the IDE's TypeScript plugin emits with a newer target than ours (unverified).
import { parse } from 'acorn';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..', '..');
const MINIPROGRAM_DIRS = ['pages', 'services', 'stores'];

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
