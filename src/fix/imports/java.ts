/**
 * Imports for Java: `import a.b.C;` next to the imports of the nearest package (the most
 * leading name segments in common), in ASCII order among them — which is where Google Java
 * Format, IntelliJ's and Eclipse's layouts all keep it — or after the package line.
 */
import type { SgNode } from '@ast-grep/napi';
import { type Edit, Unfixable } from '../codemod.js';
import {
  endOfLine,
  escapeRegex,
  type ImportPlanner,
  Insertions,
  insertAfterLine,
  startOfLine,
} from './index.js';

/** `a.b.C` of `import a.b.C;` (spaces dropped). */
function importedName(node: SgNode): string {
  return node
    .text()
    .replace(/^import\s+/, '')
    .replace(/\s*;\s*$/, '')
    .replace(/\s+/g, '');
}

function sharedSegments(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

export function javaPlanner(root: SgNode, source: string, statements: SgNode[]): ImportPlanner {
  const imports = statements.filter((s) => s.kind() === 'import_declaration');
  const importText = imports.map((i) => i.text().replace(/\s+/g, ' '));
  const usesName = (name: string): boolean =>
    root.find({
      rule: { any: [{ kind: 'identifier' }, { kind: 'type_identifier' }], regex: `^${escapeRegex(name)}$` },
    }) !== null;

  /** Each line next to its nearest package's imports, in order; joined per insertion point. */
  function placeAmongImports(lines: string[]): Edit[] {
    const plain = imports
      .filter((i) => !/^import\s+static\b/.test(i.text()))
      .map((node) => ({ node, name: importedName(node) }));
    const inserts = new Insertions(source);
    for (const line of lines) {
      const name = line.replace(/^import /, '').replace(/;$/, '');
      if (plain.length === 0) {
        // Only static imports: the others follow them after a blank line.
        inserts.add(endOfLine(source, imports[imports.length - 1]!.range().end.index), `\n${line}\n`);
        continue;
      }
      const best = Math.max(...plain.map((p) => sharedSegments(p.name, name)));
      const group = plain.filter((p) => sharedSegments(p.name, name) === best);
      const next = group.find((p) => p.name > name);
      if (next) inserts.add(startOfLine(source, next.node.range().start.index), `${line}\n`);
      else inserts.add(endOfLine(source, group[group.length - 1]!.node.range().end.index), `${line}\n`);
    }
    return inserts.edits();
  }

  return {
    existingImport(spec) {
      if (!spec.name) return undefined;
      const full = `${spec.module}.${spec.name}`;
      if (importText.some((t) => t === `import ${full};` || t === `import ${spec.module}.*;`))
        return spec.name;
      if (spec.module === 'java.lang') return spec.name;
      // Another class of that simple name is imported or declared here: use the qualified name.
      if (importText.some((t) => t.endsWith(`.${spec.name};`)) || usesName(spec.name)) return full;
      return undefined;
    },
    newImportName(spec, taken) {
      if (!spec.name) throw new Unfixable(`a Java import needs a class name (${spec.module})`);
      return taken.has(spec.name) ? `${spec.module}.${spec.name}` : spec.name;
    },
    hasFunction(name) {
      return (
        root.find({
          rule: { kind: 'method_declaration', has: { field: 'name', regex: `^${escapeRegex(name)}$` } },
        }) !== null
      );
    },
    usesName,
    render(specs, names, helpers) {
      if (helpers.length > 0) throw new Unfixable('helpers are not supported for Java; use a qualified call');
      const lines = [
        ...new Set(specs.filter((s, i) => names[i] === s.name).map((s) => `import ${s.module}.${s.name};`)),
      ].sort();
      if (lines.length === 0) return [];
      if (imports.length > 0) return placeAmongImports(lines);
      const pkg = statements.find((s) => s.kind() === 'package_declaration');
      if (pkg) return [insertAfterLine(source, pkg.range().end.index, ['', ...lines])];
      const first = statements.find((s) => s.kind() !== 'line_comment' && s.kind() !== 'block_comment');
      const at = first ? startOfLine(source, first.range().start.index) : 0;
      return [{ start: at, end: at, text: `${lines.join('\n')}\n\n` }];
    },
  };
}
