/**
 * test/helpers/real-code/added-helpers: the top-level declarations `trust fix` added to a
 * project (its helpers: a function or a `var`/`const` bound to a function), by name and by
 * body, so a test can see a helper written into several files instead of once and imported.
 */
import type { SgNode } from '@ast-grep/napi';
import { languageOf, parseSource } from '../../../src/fix/languages.js';

export interface Declared {
  path: string;
  name: string;
  /** The declaration's text with whitespace and the name taken out: the same helper compares equal. */
  body: string;
}

const FUNCTIONS = new Set<string>([
  'function_expression',
  'function',
  'arrow_function',
  'generator_function',
]);

function declarations(root: SgNode): { name: string; node: SgNode }[] {
  const out: { name: string; node: SgNode }[] = [];
  for (const top of root.children()) {
    const node = top.kind() === 'export_statement' ? (top.child(top.children().length - 1) ?? top) : top;
    if (node.kind() === 'function_declaration' || node.kind() === 'class_declaration') {
      const name = node.field('name')?.text();
      if (name) out.push({ name, node: top });
    } else if (node.kind() === 'lexical_declaration' || node.kind() === 'variable_declaration') {
      // A name bound to a function is a helper; an import (`const { x } = require(...)`) is not.
      for (const d of node.children().filter((c) => c.kind() === 'variable_declarator')) {
        const name = d.field('name');
        const value = d.field('value')?.kind() as string | undefined;
        if (name?.kind() === 'identifier' && value && FUNCTIONS.has(value))
          out.push({ name: name.text(), node: d });
      }
    }
  }
  return out;
}

export function topLevelDeclarations(path: string, source: string): Declared[] {
  const language = languageOf(path);
  if (!language) return [];
  return declarations(parseSource(language, source).root()).map(({ name, node }) => ({
    path,
    name,
    body: node.text().replaceAll(name, '\u0000').replace(/\s+/g, ''),
  }));
}

/** Declarations in `after` whose name the same file did not declare before. */
export function addedDeclarations(path: string, before: string, after: string): Declared[] {
  const old = new Set(topLevelDeclarations(path, before).map((d) => d.name));
  return topLevelDeclarations(path, after).filter((d) => !old.has(d.name));
}

function groups(added: readonly Declared[], key: (d: Declared) => string): Declared[][] {
  const by = new Map<string, Declared[]>();
  for (const d of added) by.set(key(d), [...(by.get(key(d)) ?? []), d]);
  return [...by.values()].filter((list) => list.length > 1);
}

/** Added helpers declared more than once in the project: by name, or by the same body under other names. */
export function repeatedHelpers(added: readonly Declared[]): string[] {
  const where = (list: Declared[]) => list.map((d) => `${d.path} (${d.name})`).join(', ');
  return [
    ...groups(added, (d) => d.name).map((l) => `helper ${l[0]!.name} written ${l.length} times: ${where(l)}`),
    ...groups(added, (d) => d.body)
      .filter((l) => new Set(l.map((d) => d.name)).size > 1)
      .map((l) => `one helper written ${l.length} times under other names: ${where(l)}`),
  ];
}
