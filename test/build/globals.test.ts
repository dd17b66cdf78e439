// Rule R6: Douyin's logic layer gives `tt` by its bare name only. It does not promise `tt` on the global
// object, and `globalThis` is missing on iOS < 12.2 (docs/platform.md). So mini-program code never
// names `globalThis`, and never reaches anything through `global` / `window` / `self`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..', '..');
const GLOBAL_OBJECTS = ['global', 'window', 'self'];

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Every use of globalThis, and every `global.x` / `window['x']` / `self.x`, as "what at line". */
export function globalObjectUses(fileName: string, source: string): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (n: ts.Node): number => sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === 'globalThis') found.push(`globalThis at ${at(node)}`);
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && ts.isIdentifier(node.expression)) {
      const obj = node.expression.text;
      if (GLOBAL_OBJECTS.indexOf(obj) >= 0) found.push(`${obj}.… at ${at(node)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const files = [join(root, 'app.ts'), join(root, 'config.ts')].concat(...['pages', 'view', 'services', 'stores'].map((d) => walk(join(root, d), [])));

test('the checker sees each way of reaching the global object', () => {
  expect(globalObjectUses('x.ts', 'const a = (globalThis as any).tt;')).toEqual(['globalThis at 1']);
  expect(globalObjectUses('x.ts', 'declare const global: any;\nglobal.tt.login();')).toEqual(['global.… at 2']);
  expect(globalObjectUses('x.ts', "window['tt'];\nself.tt;")).toEqual(['window.… at 1', 'self.… at 2']);
  expect(globalObjectUses('x.ts', 'declare const tt: unknown;\nconst p = typeof tt === "undefined" ? null : tt;')).toEqual([]);
});

test('mini-program code includes the tt accessor', () => {
  expect(files.map((f) => relative(root, f))).toContain('services/platform/tt.ts');
});

test.each(files.map((f) => [relative(root, f), f]))('%s reaches tt by its bare name only (no globalThis, global., window., self.)', (_name, file) => {
  expect(globalObjectUses(file, readFileSync(file, 'utf8'))).toEqual([]);
});
