/**
 * Imports for Python: `import m` / `from m import name`, placed the way isort and Ruff (rule
 * I001) order them, so a fix does not fail the project's import-order check: sections
 * (`__future__`, standard library, third-party and first-party, relative) separated by a blank
 * line; inside a section straight imports before `from` imports, each by module name. A new
 * import goes before the first import of its section that sorts after it (or after the last),
 * and a section the file does not have yet is opened in its place. Helpers go after the last
 * import.
 */
import type { SgNode } from '@ast-grep/napi';
import { type Edit, type ImportSpec, Unfixable } from '../codemod.js';
import { endOfLine, escapeRegex, type ImportPlanner, Insertions, startOfLine } from './index.js';
import { PYTHON_STDLIB } from './python-stdlib.js';

interface PyImport {
  node: SgNode;
  /** `import a.b [as c]`: module -> local expression. */
  modules: Map<string, string>;
  /** `from m import x [as y]`. */
  from?: string;
  names: Map<string, string>;
  wildcard: boolean;
  /** The module it sorts by (the first one of `import a, b`). */
  key: string;
}

/** isort's sections, in file order. */
const FUTURE = 0;
const STDLIB = 1;
const OTHER = 2;
const RELATIVE = 3;

function sectionOf(module: string): number {
  if (module === '__future__') return FUTURE;
  if (module.startsWith('.')) return RELATIVE;
  return PYTHON_STDLIB.has(module.split('.')[0]!) ? STDLIB : OTHER;
}

/** isort's order inside a section: straight imports first, then by module, ignoring case. */
function sortsBefore(a: { from: boolean; key: string }, b: { from: boolean; key: string }): boolean {
  if (a.from !== b.from) return !a.from;
  return a.key.toLowerCase() < b.key.toLowerCase();
}

function readImport(node: SgNode): PyImport {
  const imp: PyImport = { node, modules: new Map(), names: new Map(), wildcard: false, key: '' };
  if (node.kind() === 'import_statement') {
    for (const c of node.children()) {
      if (c.kind() === 'dotted_name') imp.modules.set(c.text(), c.text());
      if (c.kind() === 'aliased_import') {
        const name = c.field('name')?.text();
        const alias = c.field('alias')?.text();
        if (name && alias) imp.modules.set(name, alias);
      }
    }
    imp.key = [...imp.modules.keys()][0] ?? '';
    return imp;
  }
  imp.from = node.field('module_name')?.text();
  imp.key = imp.from ?? '';
  for (const c of node.children().slice(2)) {
    if (c.kind() === 'dotted_name') imp.names.set(c.text(), c.text());
    if (c.kind() === 'wildcard_import') imp.wildcard = true;
    if (c.kind() === 'aliased_import') {
      const name = c.field('name')?.text();
      const alias = c.field('alias')?.text();
      if (name && alias) imp.names.set(name, alias);
    }
  }
  return imp;
}

export function pythonPlanner(root: SgNode, source: string, statements: SgNode[]): ImportPlanner {
  const imports = statements
    .filter((s) => s.kind() === 'import_statement' || s.kind() === 'import_from_statement')
    .map(readImport);
  const usesName = (name: string): boolean =>
    root.find({ rule: { kind: 'identifier', regex: `^${escapeRegex(name)}$` } }) !== null;

  return {
    existingImport(spec) {
      for (const imp of imports) {
        if (spec.name) {
          if (imp.from === spec.module && imp.names.has(spec.name)) return imp.names.get(spec.name);
          const whole = imp.modules.get(spec.module);
          if (whole) return `${whole}.${spec.name}`;
        } else {
          const whole = imp.modules.get(spec.module);
          if (whole) return whole;
        }
      }
      return undefined;
    },
    newImportName(spec, taken) {
      const value = spec.name ?? spec.module;
      const head = value.split('.')[0] ?? value;
      // `import pkg.sub` binds `pkg`; another submodule import of the same package (in the file
      // or in this batch) binds the very same name, so it is no conflict.
      const samePackage =
        !spec.name &&
        value.includes('.') &&
        (imports.some((imp) =>
          [...imp.modules].some(([m, bound]) => bound === m && (m === head || m.startsWith(`${head}.`))),
        ) ||
          taken.has(head));
      if (!samePackage && (usesName(head) || taken.has(head))) {
        throw new Unfixable(`cannot import ${value}: the name ${head} is already used in this file`);
      }
      return value;
    },
    hasFunction(name) {
      return (
        root.find({
          rule: { kind: 'function_definition', has: { field: 'name', regex: `^${escapeRegex(name)}$` } },
        }) !== null
      );
    },
    usesName,
    render(specs, _names, helpers) {
      const blocks = helpers.map((h) => h.trimEnd());
      if (imports.length === 0) return renderWithoutImports(specs, blocks);
      // Insertions by offset, in the order made (sections ascending), joined per offset.
      const inserts = new Insertions(source);
      const after = (node: SgNode) => endOfLine(source, node.range().end.index);
      const before = (node: SgNode) => startOfLine(source, node.range().start.index);
      const placed = imports.map((imp) => ({
        imp,
        section: sectionOf(imp.key),
        from: imp.from !== undefined,
        key: imp.key,
      }));
      for (const [section, lines] of newLines(specs)) {
        const same = placed.filter((p) => p.section === section);
        if (same.length > 0) {
          for (const line of lines) {
            const next = same.find((p) => sortsBefore(line, p));
            if (next) inserts.add(before(next.imp.node), `${line.text}\n`);
            else inserts.add(after(same[same.length - 1]!.imp.node), `${line.text}\n`);
          }
          continue;
        }
        // A new section: after the last import of an earlier one, else before the first of a later one.
        const text = lines.map((l) => l.text).join('\n');
        const earlier = placed.filter((p) => p.section < section).pop();
        if (earlier) inserts.add(after(earlier.imp.node), `\n${text}\n`);
        else inserts.add(before(placed.find((p) => p.section > section)!.imp.node), `${text}\n\n`);
      }
      if (blocks.length > 0) {
        // PEP 8: two blank lines around a top-level definition (count the ones already below).
        const at = after(imports[imports.length - 1]!.node);
        const below = at < 0 ? '' : /^\n{0,2}/.exec(source.slice(at))![0];
        const more = at < 0 || at + below.length >= source.length ? '' : '\n'.repeat(2 - below.length);
        inserts.add(at, `\n\n${blocks.join('\n\n\n')}\n${more}`);
      }
      return inserts.edits();
    },
  };

  /** No import yet: the imports and helpers go before the first statement after the docstring. */
  function renderWithoutImports(specs: ImportSpec[], blocks: string[]): Edit[] {
    const sections = [...newLines(specs).values()].map((lines) => lines.map((l) => l.text).join('\n'));
    const first = statements.find((s, i) => !(i === 0 && isDocstring(s)) && s.kind() !== 'comment');
    const at = first ? startOfLine(source, first.range().start.index) : source.length;
    const parts = [sections.join('\n\n'), blocks.join('\n\n\n')].filter((p) => p.length > 0);
    if (parts.length === 0) return [];
    // isort and PEP 8: two blank lines before a definition (or after a helper), else one.
    const definition = /^(function|class|decorated)_definition$/.test(String(first?.kind()));
    const gap = !first ? '' : definition || blocks.length > 0 ? '\n\n' : '\n';
    return [{ start: at, end: at, text: `${parts.join('\n\n\n')}\n${gap}` }];
  }
}

/** The new import lines by section (ascending), each section in isort order. */
function newLines(specs: ImportSpec[]): Map<number, { text: string; from: boolean; key: string }[]> {
  const straight = new Set<string>();
  const from = new Map<string, Set<string>>();
  for (const spec of specs) {
    if (!spec.name) straight.add(spec.module);
    else from.set(spec.module, (from.get(spec.module) ?? new Set()).add(spec.name));
  }
  const lines = [
    ...[...straight].map((m) => ({ text: `import ${m}`, from: false, key: m })),
    ...[...from].map(([m, names]) => ({
      text: `from ${m} import ${[...names].sort().join(', ')}`,
      from: true,
      key: m,
    })),
  ].sort((a, b) => (sortsBefore(a, b) ? -1 : sortsBefore(b, a) ? 1 : 0));
  const bySection = new Map<number, typeof lines>();
  for (const line of lines) {
    const section = sectionOf(line.key);
    bySection.set(section, [...(bySection.get(section) ?? []), line]);
  }
  return new Map([...bySection].sort(([a], [b]) => a - b));
}

function isDocstring(node: SgNode): boolean {
  return node.kind() === 'expression_statement' && node.child(0)?.kind() === 'string';
}
