/**
 * The house (STYLE.md): dependencies point one way. Reads every import specifier under src/
 * (static, re-exports and dynamic `import(...)`, with the TypeScript parser) and checks that the
 * engine never imports the codemod catalogue (composition roots pass it in), that demo/ never
 * imports cli/, and that no two folders of src/ import each other, directly or round a cycle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

interface Import {
  /** The importing file, repo-relative with forward slashes. */
  from: string;
  /** The imported file, repo-relative, or the bare specifier for a package. */
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

const repoPath = (abs: string) => relative(ROOT, abs).split(sep).join('/');

function importsOf(file: string, text = readFileSync(file, 'utf8')): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const s = specifier.text;
    const to = s.startsWith('.') ? repoPath(resolve(dirname(file), s)) : s;
    found.push({ from: repoPath(file), to, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const allTypes =
        !!clause?.isTypeOnly ||
        (!!clause &&
          !clause.name &&
          !!clause.namedBindings &&
          ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 &&
          clause.namedBindings.elements.every((e) => e.isTypeOnly));
      add(node.moduleSpecifier, allTypes);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal as ts.Expression, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The src/ folder a repo-relative path is in ("fix" for src/fix/imports/js.ts), if any. */
const folderOf = (path: string) => /^src\/([^/]+)\//.exec(path)?.[1];

/** A cycle in the folder graph, as the folders round it, or undefined. */
function findCycle(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    path.push(node);
    for (const next of [...(edges.get(node) ?? [])].sort()) {
      if (state.get(next) === 'open') return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...edges.keys()].sort()) {
    if (state.has(node)) continue;
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Folders of src/ whose files may not import codemods/ (composition roots pass the catalogue). */
const ENGINE = ['fix', 'triage', 'sarif', 'audit', 'core', 'llm', 'forge', 'proxy', 'scan', 'run'];

const all = sourceFiles(SRC).flatMap((f) => importsOf(f));

describe('the house', () => {
  it('reads static, re-exported, type-only and dynamic imports', () => {
    const text = [
      "import a from './a.js';",
      "import type { B } from '../b/b.js';",
      "import { type C } from './c.js';",
      "export { d } from './d.js';",
      "const e = await import('../e/e.js');",
    ].join('\n');
    const found = importsOf(join(SRC, 'x', 'y.ts'), text);
    expect(found.map((i) => [i.to, i.typeOnly])).toEqual([
      ['src/x/a.js', false],
      ['src/b/b.js', true],
      ['src/x/c.js', true],
      ['src/x/d.js', false],
      ['src/e/e.js', false],
    ]);
    expect(all.length).toBeGreaterThan(200);
    expect(all.some((i) => i.from === 'src/cli/commands/demo.ts' && i.to === 'src/cli/commands/fix.js')).toBe(
      true,
    );
  });

  it('finds a cycle round folders, and none in a chain', () => {
    const graph = (pairs: [string, string][]) => {
      const m = new Map<string, Set<string>>();
      for (const [a, b] of pairs) m.set(a, new Set([...(m.get(a) ?? []), b]));
      return m;
    };
    expect(
      findCycle(
        graph([
          ['cli', 'fix'],
          ['fix', 'core'],
          ['triage', 'core'],
        ]),
      ),
    ).toBeUndefined();
    expect(
      findCycle(
        graph([
          ['cli', 'fix'],
          ['fix', 'triage'],
          ['triage', 'fix'],
        ]),
      ),
    ).toEqual(['fix', 'triage', 'fix']);
  });

  it('the engine does not import the codemod catalogue (only its types)', () => {
    const offending = all
      .filter((i) => ENGINE.includes(folderOf(i.from) ?? '') && i.to.startsWith('codemods/') && !i.typeOnly)
      .map((i) => `${i.from} imports ${i.to}`);
    expect(offending).toEqual([]);
  });

  it('demo/ imports nothing from cli/', () => {
    const offending = all
      .filter((i) => folderOf(i.from) === 'demo' && folderOf(i.to) === 'cli')
      .map((i) => `${i.from} imports ${i.to}`);
    expect(offending).toEqual([]);
  });

  it('no import cycle between the folders of src/', () => {
    const edges = new Map<string, Set<string>>();
    const why = new Map<string, string>();
    for (const i of all) {
      const a = folderOf(i.from);
      const b = folderOf(i.to);
      if (!a || !b || a === b) continue;
      edges.set(a, new Set([...(edges.get(a) ?? []), b]));
      if (!why.has(`${a}>${b}`)) why.set(`${a}>${b}`, `${i.from} imports ${i.to}`);
    }
    const cycle = findCycle(edges);
    const explained = cycle?.slice(1).map((b, k) => why.get(`${cycle[k]}>${b}`));
    expect(cycle && { cycle: cycle.join(' -> '), because: explained }).toBeUndefined();
  });
});
