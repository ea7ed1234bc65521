/** Imports for Java: `import a.b.C;` after the last import (or the package line). */
import type { SgNode } from '@ast-grep/napi';
import { type Edit, Unfixable } from '../codemod.js';
import { escapeRegex, type ImportPlanner, insertAfterLine, startOfLine } from './index.js';

export function javaPlanner(root: SgNode, source: string, statements: SgNode[]): ImportPlanner {
  const imports = statements.filter((s) => s.kind() === 'import_declaration');
  const importText = imports.map((i) => i.text().replace(/\s+/g, ' '));
  const usesName = (name: string): boolean =>
    root.find({
      rule: { any: [{ kind: 'identifier' }, { kind: 'type_identifier' }], regex: `^${escapeRegex(name)}$` },
    }) !== null;

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
      const edits: Edit[] = [];
      const last = imports[imports.length - 1];
      const pkg = statements.find((s) => s.kind() === 'package_declaration');
      if (last) edits.push(insertAfterLine(source, last.range().end.index, lines));
      else if (pkg) edits.push(insertAfterLine(source, pkg.range().end.index, ['', ...lines]));
      else {
        const first = statements.find((s) => s.kind() !== 'line_comment' && s.kind() !== 'block_comment');
        const at = first ? startOfLine(source, first.range().start.index) : 0;
        edits.push({ start: at, end: at, text: `${lines.join('\n')}\n\n` });
      }
      return edits;
    },
  };
}
