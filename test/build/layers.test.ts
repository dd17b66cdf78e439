// The architecture, enforced: pages → view → stores → services → tt. Only services touch `tt`, services never
// import stores, view or pages, stores never reach the raw platform (they get services injected) nor the view
// layer, the view layer (binding, diff, selectors) never imports pages, and no page imports another page's
// folder (what several pages share lives in view/ or pages/shared/).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..', '..');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

interface Source {
  file: string;
  layer: 'pages' | 'view' | 'stores' | 'services' | 'app';
  imports: Array<{ target: string; typeOnly: boolean; names: string[] }>;
  globalTtUses: number;
}

function read(file: string): Source {
  const rel = relative(root, file);
  const top = rel.split('/')[0];
  const layer = (['pages', 'view', 'stores', 'services'].indexOf(top) >= 0 ? top : 'app') as Source['layer'];
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const imports: Source['imports'] = [];
  let globalTtUses = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const spec = node.moduleSpecifier.text;
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      const names = clause && clause.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements.map((e) => (e.propertyName || e.name).text) : [];
      imports.push({ target: spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)) : spec, typeOnly, names });
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'tt') globalTtUses++;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { file: rel, layer, imports, globalTtUses };
}

const sources = [join(root, 'app.ts'), join(root, 'config.ts')]
  .concat(walk(join(root, 'pages')), walk(join(root, 'view')), walk(join(root, 'stores')), walk(join(root, 'services')))
  .map(read);

const RAW_PLATFORM = ['services/platform/tt', 'services/platform/invoke'];

test('the layers are all there', () => {
  expect(sources.filter((s) => s.layer === 'stores').length).toBeGreaterThan(5);
  expect(sources.filter((s) => s.layer === 'services').length).toBeGreaterThan(5);
  expect(sources.filter((s) => s.layer === 'view').map((s) => s.file)).toEqual(expect.arrayContaining(['view/binding.ts', 'view/diff.ts', 'view/room-view.ts']));
});

/** The folders of the pages app.json lists (pages/room, pages/call, …). */
const PAGE_FOLDERS = (JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as { pages: string[] }).pages.map((p) => dirname(p));

/** Which page folder a file or import target lies in, if any. */
function pageFolder(path: string): string | undefined {
  return PAGE_FOLDERS.filter((f) => path.startsWith(`${f}/`))[0];
}

test('the page folders come from app.json', () => {
  expect(PAGE_FOLDERS).toEqual(expect.arrayContaining(['pages/index', 'pages/prejoin', 'pages/room', 'pages/call']));
  expect(pageFolder('pages/room/room')).toBe('pages/room');
  expect(pageFolder('pages/shared/outcome')).toBeUndefined();
});

test("no page imports another page's folder, and nothing outside pages imports a page folder", () => {
  const bad = sources.flatMap((s) =>
    s.imports
      .filter((i) => {
        const target = pageFolder(i.target);
        return target !== undefined && target !== pageFolder(s.file);
      })
      .map((i) => `${s.file} → ${i.target}`),
  );
  expect(bad).toEqual([]);
});

test('the view layer never imports pages; stores and services never import the view layer', () => {
  const bad = sources.flatMap((s) =>
    s.imports
      .filter((i) => (s.layer === 'view' && /^pages\//.test(i.target)) || ((s.layer === 'stores' || s.layer === 'services') && /^view\//.test(i.target)))
      .map((i) => `${s.file} → ${i.target}`),
  );
  expect(bad).toEqual([]);
});

test('nobody reads the global tt directly (the one cast lives in services/platform/tt.ts)', () => {
  expect(sources.filter((s) => s.globalTtUses > 0).map((s) => s.file)).toEqual([]);
});

test('services never import stores or pages', () => {
  const bad = sources
    .filter((s) => s.layer === 'services')
    .flatMap((s) => s.imports.filter((i) => /^(stores|pages)\//.test(i.target)).map((i) => `${s.file} → ${i.target}`));
  expect(bad).toEqual([]);
});

test('stores never import pages, the raw platform, or the composition root', () => {
  const bad = sources
    .filter((s) => s.layer === 'stores')
    .flatMap((s) =>
      s.imports
        .filter((i) => /^pages\//.test(i.target) || RAW_PLATFORM.indexOf(i.target) >= 0 || (i.target === 'services/runtime' && !i.typeOnly))
        .map((i) => `${s.file} → ${i.target}`),
    );
  expect(bad).toEqual([]);
});

test("stores and pages never see the platform's raw event payloads (services classify them)", () => {
  const bad = sources
    .filter((s) => s.layer === 'stores' || s.layer === 'view' || s.layer === 'pages')
    .flatMap((s) => s.imports.flatMap((i) => i.names.filter((n) => /Payload$/.test(n)).map((n) => `${s.file} → ${i.target} ${n}`)));
  expect(bad).toEqual([]);
});

test('pages reach the platform only through services (never the raw tt or the promisifier)', () => {
  const bad = sources
    .filter((s) => s.layer === 'pages' || s.layer === 'view' || s.layer === 'app')
    .flatMap((s) => s.imports.filter((i) => RAW_PLATFORM.indexOf(i.target) >= 0).map((i) => `${s.file} → ${i.target}`));
  expect(bad).toEqual([]);
});

test('only the composition root imports the global platform accessor', () => {
  const users = sources.filter((s) => s.imports.some((i) => i.target === 'services/platform/tt')).map((s) => s.file);
  expect(users).toEqual(['services/runtime.ts']);
});

describe('the simulator (sim/) and the tests (test/)', () => {
  const sim = walk(join(root, 'sim')).map(read);

  test('sim/ never imports tools/, bench/ or test/ (they use it, not the other way round)', () => {
    expect(sim.length).toBeGreaterThan(5);
    const bad = sim.flatMap((s) => s.imports.filter((i) => /^(tools|bench|test)\//.test(i.target)).map((i) => `${s.file} → ${i.target}`));
    expect(bad).toEqual([]);
  });

  test('test/ holds tests only (harnesses and helpers live in sim/)', () => {
    const notTests = walk(join(root, 'test'))
      .map((f) => relative(root, f))
      .filter((f) => !f.endsWith('.test.ts'));
    expect(notTests).toEqual([]);
  });

  test('mini-program code never imports the simulator', () => {
    const bad = sources.flatMap((s) => s.imports.filter((i) => /^(sim|test)\//.test(i.target)).map((i) => `${s.file} → ${i.target}`));
    expect(bad).toEqual([]);
  });
});
