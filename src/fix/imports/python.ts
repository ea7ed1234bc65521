/** Imports for Python: `import m` / `from m import name`, after the file's last top-level import. */
import type { SgNode } from '@ast-grep/napi';
import { type Edit, Unfixable } from '../codemod.js';
import { escapeRegex, type ImportPlanner, insertAfterLine, startOfLine } from './index.js';

interface PyImport {
  node: SgNode;
  /** `import a.b [as c]`: module -> local expression. */
  modules: Map<string, string>;
  /** `from m import x [as y]`. */
  from?: string;
  names: Map<string, string>;
  wildcard: boolean;
}

function readImport(node: SgNode): PyImport {
  const imp: PyImport = { node, modules: new Map(), names: new Map(), wildcard: false };
  if (node.kind() === 'import_statement') {
    for (const c of node.children()) {
      if (c.kind() === 'dotted_name') imp.modules.set(c.text(), c.text());
      if (c.kind() === 'aliased_import') {
        const name = c.field('name')?.text();
        const alias = c.field('alias')?.text();
        if (name && alias) imp.modules.set(name, alias);
      }
    }
    return imp;
  }
  imp.from = node.field('module_name')?.text();
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
      const lines: string[] = [];
      const from = new Map<string, string[]>();
      for (const spec of specs) {
        if (!spec.name) lines.push(`import ${spec.module}`);
        else from.set(spec.module, [...(from.get(spec.module) ?? []), spec.name]);
      }
      for (const [mod, names] of from)
        lines.push(`from ${mod} import ${[...new Set(names)].sort().join(', ')}`);
      const edits: Edit[] = [];
      const anchor = imports[imports.length - 1]?.node;
      const blocks = helpers.map((h) => h.trimEnd());
      if (anchor) {
        const body = [...lines, ...(blocks.length > 0 ? ['', '', blocks.join('\n\n\n')] : [])];
        if (body.length > 0) edits.push(insertAfterLine(source, anchor.range().end.index, body));
        return edits;
      }
      const first = statements.find((s, i) => !(i === 0 && isDocstring(s)) && s.kind() !== 'comment');
      const at = first ? startOfLine(source, first.range().start.index) : source.length;
      const parts = [lines.join('\n'), blocks.join('\n\n\n')].filter((p) => p.length > 0);
      if (parts.length > 0)
        edits.push({ start: at, end: at, text: `${parts.join('\n\n\n')}\n${first ? '\n\n' : ''}` });
      return edits;
    },
  };
}

function isDocstring(node: SgNode): boolean {
  return node.kind() === 'expression_statement' && node.child(0)?.kind() === 'string';
}
