/**
 * Imports for JavaScript/TypeScript: ESM `import` or CommonJS `require`, matching the file. A
 * new import goes after the file's last import, except a Node built-in (`node:crypto`), which
 * joins the built-ins or, when the file has none, goes before the first import: built-ins
 * first is the order eslint-plugin-import's `import/order` and simple-import-sort check.
 */
import { builtinModules } from 'node:module';
import type { SgNode } from '@ast-grep/napi';
import { type Edit, type ImportSpec, type LanguageId, Unfixable } from '../codemod.js';
import { type CodeStyle, detectStyle, toStyle } from '../style.js';
import type { TopLevel } from '../toplevel.js';
import { appendAtEnd, escapeRegex, type ImportPlanner, insertAfterLine, startOfLine } from './index.js';

interface Binding {
  module: string;
  /** Local name of the whole module (default import, namespace import, `const x = require()`). */
  whole?: string;
  named: Map<string, string>;
  /** The `{ a, b }` list (named_imports / object_pattern) new names can join. */
  list?: SgNode;
  node: SgNode;
  esm: boolean;
}

function unquote(text: string): string {
  return text.slice(1, -1);
}

function readImport(node: SgNode): Binding | undefined {
  const src = node.field('source');
  if (!src) return undefined;
  const b: Binding = { module: unquote(src.text()), named: new Map(), node, esm: true };
  const clause = node.children().find((c) => c.kind() === 'import_clause');
  for (const part of clause?.children() ?? []) {
    if (part.kind() === 'identifier') b.whole = part.text();
    if (part.kind() === 'namespace_import')
      b.whole = part
        .children()
        .find((c) => c.kind() === 'identifier')
        ?.text();
    if (part.kind() === 'named_imports') {
      b.list = part;
      for (const spec of part.children().filter((c) => c.kind() === 'import_specifier')) {
        const name = spec.field('name')?.text();
        const alias = spec.field('alias')?.text();
        if (name) b.named.set(name, alias ?? name);
      }
    }
  }
  return b;
}

function readRequire(node: SgNode): Binding | undefined {
  const decl = node.children().find((c) => c.kind() === 'variable_declarator');
  const value = decl?.field('value');
  if (!decl || value?.kind() !== 'call_expression' || value.field('function')?.text() !== 'require')
    return undefined;
  const arg = value
    .field('arguments')
    ?.children()
    .find((c) => c.kind() === 'string');
  if (!arg) return undefined;
  const b: Binding = { module: unquote(arg.text()), named: new Map(), node, esm: false };
  const name = decl.field('name');
  if (name?.kind() === 'identifier') b.whole = name.text();
  if (name?.kind() === 'object_pattern') {
    b.list = name;
    for (const p of name.children()) {
      if (p.kind() === 'shorthand_property_identifier_pattern') b.named.set(p.text(), p.text());
      if (p.kind() === 'pair_pattern') {
        const key = p.field('key')?.text();
        const local = p.field('value')?.text();
        if (key && local) b.named.set(key, local);
      }
    }
  }
  return b;
}

function isBuiltin(module: string): boolean {
  return module.startsWith('node:') || builtinModules.includes(module);
}

function modulesFor(spec: ImportSpec): string[] {
  const mods = [spec.module, ...(spec.aliases ?? [])];
  if (spec.module.startsWith('node:')) mods.push(spec.module.slice(5));
  return mods;
}

export function jsPlanner(language: LanguageId, root: SgNode, source: string, tops: TopLevel): ImportPlanner {
  const bindings: Binding[] = [];
  const statements = tops.nodes;
  for (const [i, s] of statements.entries()) {
    const k = tops.kind(i);
    const b =
      k === 'import_statement'
        ? readImport(s)
        : k === 'lexical_declaration' || k === 'variable_declaration'
          ? readRequire(s)
          : undefined;
    if (b) bindings.push(b);
  }
  const kinds = ['identifier', 'shorthand_property_identifier_pattern'];
  if (language !== 'javascript') kinds.push('type_identifier');
  const usesName = (name: string): boolean =>
    new RegExp(`(^|[^\\w$])${escapeRegex(name)}($|[^\\w$])`).test(source) &&
    root.find({ rule: { any: kinds.map((kind) => ({ kind })), regex: `^${escapeRegex(name)}$` } }) !== null;

  const esm = (): boolean => {
    if (bindings.length > 0) return bindings[bindings.length - 1]!.esm;
    if (language !== 'javascript') return true;
    if (statements.some((_, i) => tops.kind(i) === 'export_statement')) return true;
    return false;
  };

  // Read once per file: render runs again for each codemod's stage when diffs are asked for.
  let style: CodeStyle | undefined;

  return {
    existingImport(spec) {
      const mods = modulesFor(spec);
      for (const b of bindings) {
        if (!mods.includes(b.module)) continue;
        if (spec.name) {
          const local = b.named.get(spec.name);
          if (local) return local;
          if (b.whole) return `${b.whole}.${spec.name}`;
        } else if (b.whole) {
          return b.whole;
        }
      }
      return undefined;
    },
    newImportName(spec, taken) {
      const local = spec.name ?? spec.namespace ?? spec.module.replace(/^node:/, '').replace(/\W+/g, '_');
      if (usesName(local) || taken.has(local)) {
        throw new Unfixable(
          `cannot import ${local} from ${spec.module}: the name is already used in this file`,
        );
      }
      return local;
    },
    hasFunction(name) {
      return (
        new RegExp(`function\\s*\\*?\\s*${escapeRegex(name)}\\b`).test(source) &&
        root.find({
          rule: { kind: 'function_declaration', has: { field: 'name', regex: `^${escapeRegex(name)}$` } },
        }) !== null
      );
    },
    usesName,
    importsLocally(name) {
      return bindings.some((b) => b.module.startsWith('.') && [...b.named.values()].includes(name));
    },
    render(imports, names, helpers) {
      const edits: Edit[] = [];
      // The file's own style (style.ts), read only when something is added; an existing import
      // is the best evidence for how the file writes imports.
      style ??= detectStyle(source);
      const fileStyle = style;
      if (imports.length > 0) {
        const anchor = bindings[bindings.length - 1];
        const quote = anchor ? (anchor.node.text().includes('"') ? '"' : "'") : fileStyle.quote;
        // Semicolons by the file's majority: one statement (the last require) may lack one.
        const rest = joinExisting(bindings, imports, names, edits);
        const lines = renderLines(
          rest.imports,
          rest.names,
          esm(),
          quote,
          fileStyle.semicolons ? ';' : '',
          fileStyle.es5,
        );
        if (lines.length === 0) {
          // every new name joined an existing import list
        } else if (anchor) {
          const builtins = bindings.filter((b) => isBuiltin(b.module));
          const first = bindings[0]!.node.range().start.index;
          const lineAbove = source.slice(
            startOfLine(source, startOfLine(source, first) - 1),
            startOfLine(source, first),
          );
          if (!rest.imports.every((spec) => isBuiltin(spec.module))) {
            edits.push(insertAfterLine(source, anchor.node.range().end.index, lines));
          } else if (builtins.length > 0) {
            edits.push(insertAfterLine(source, builtins[builtins.length - 1]!.node.range().end.index, lines));
          } else if (
            /^\s*(\/\/|\/\*|\*)/.test(lineAbove) ||
            source.slice(startOfLine(source, first), first).trim()
          ) {
            // A comment right above the first import may be about it (eslint-disable-next-line,
            // a TypeScript ignore directive), or the import shares its line: keep out of the way,
            // after the last.
            edits.push(insertAfterLine(source, anchor.node.range().end.index, lines));
          } else {
            const at = startOfLine(source, first);
            edits.push({ start: at, end: at, text: `${lines.join('\n')}\n` });
          }
        } else {
          // After a 'use strict' directive (comments below it describe the code that follows);
          // otherwise before the first statement, below any licence header.
          const directives = statements.filter((s) => isDirective(s));
          const lastDirective = directives[directives.length - 1];
          if (
            lastDirective &&
            statements.indexOf(lastDirective) === directives.length - 1 + leadingComments(statements)
          ) {
            edits.push(insertAfterLine(source, lastDirective.range().end.index, lines));
          } else {
            const first = statements.find((s) => !isPrologue(s));
            const at = first ? startOfLine(source, first.range().start.index) : source.length;
            edits.push({ start: at, end: at, text: `${lines.join('\n')}\n${first ? '\n' : ''}` });
          }
        }
      }
      if (helpers.length > 0) {
        edits.push(
          appendAtEnd(
            source,
            helpers.map((h) => toStyle(h, fileStyle, language)),
          ),
        );
      }
      return edits;
    },
  };
}

function isDirective(node: SgNode): boolean {
  return node.kind() === 'expression_statement' && node.child(0)?.kind() === 'string';
}

/** How many comments / hashbang lines come before the first directive or statement. */
function leadingComments(statements: SgNode[]): number {
  let n = 0;
  for (const s of statements) {
    if (s.kind() !== 'comment' && s.kind() !== 'hash_bang_line') break;
    n++;
  }
  return n;
}

function isPrologue(node: SgNode): boolean {
  const k = node.kind();
  if (k === 'comment' || k === 'hash_bang_line') return true;
  return k === 'expression_statement' && node.child(0)?.kind() === 'string';
}

function renderLines(
  imports: ImportSpec[],
  names: string[],
  esm: boolean,
  q: string,
  semi: string,
  es5: boolean,
): string[] {
  // ES5 has no const or destructuring: `var x = require('m').x`, one name a line.
  const decl = es5 ? 'var' : 'const';
  const byModule = new Map<string, { named: string[]; whole: string[] }>();
  imports.forEach((spec, i) => {
    const entry = byModule.get(spec.module) ?? { named: [], whole: [] };
    const local = names[i] ?? spec.name ?? '';
    if (spec.name)
      entry.named.push(local === spec.name ? spec.name : `${spec.name}${esm ? ' as ' : ': '}${local}`);
    else entry.whole.push(local);
    byModule.set(spec.module, entry);
  });
  const lines: string[] = [];
  for (const [mod, { named, whole }] of byModule) {
    for (const w of whole) {
      lines.push(
        esm ? `import * as ${w} from ${q}${mod}${q}${semi}` : `${decl} ${w} = require(${q}${mod}${q})${semi}`,
      );
    }
    if (named.length > 0 && es5 && !esm) {
      for (const n of [...new Set(named)].sort()) {
        const [name, local = name] = n.split(': ');
        lines.push(`var ${local} = require(${q}${mod}${q}).${name}${semi}`);
      }
    } else if (named.length > 0) {
      const list = [...new Set(named)].sort().join(', ');
      lines.push(
        esm
          ? `import { ${list} } from ${q}${mod}${q}${semi}`
          : `const { ${list} } = require(${q}${mod}${q})${semi}`,
      );
    }
  }
  return lines;
}

/**
 * Named imports from a module the file already imports with a one-line `{ ... }` list join
 * that list (`import { a, b }` / `const { a, b } = require()`); the rest need new statements.
 */
function joinExisting(
  bindings: Binding[],
  imports: ImportSpec[],
  names: string[],
  edits: Edit[],
): { imports: ImportSpec[]; names: string[] } {
  const rest: { imports: ImportSpec[]; names: string[] } = { imports: [], names: [] };
  const joined = new Map<Binding, string[]>();
  imports.forEach((spec, i) => {
    const local = names[i] ?? spec.name ?? '';
    const target =
      spec.name && local === spec.name
        ? bindings.find((b) => modulesFor(spec).includes(b.module) && b.list && !b.list.text().includes('\n'))
        : undefined;
    if (target) joined.set(target, [...(joined.get(target) ?? []), local]);
    else {
      rest.imports.push(spec);
      rest.names.push(local);
    }
  });
  for (const [b, added] of joined) {
    const list = b.list!;
    const items = list
      .namedChildren()
      .filter((c) => c.kind() !== 'comment')
      .map((c) => c.text());
    const all = [...items, ...[...new Set(added)].sort()];
    edits.push({
      start: list.range().start.index,
      end: list.range().end.index,
      text: `{ ${all.join(', ')} }`,
    });
  }
  return rest;
}
