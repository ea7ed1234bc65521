/**
 * Java syntax helpers shared by the codemods in codemods/java: statements and blocks,
 * declarations of local variables, imports of a simple class name, and statement insertion
 * at the right indentation. Pure functions over ast-grep nodes; no file access.
 */
import type { SgNode } from '@ast-grep/napi';
import type { Edit } from '../../src/fix/codemod.js';

const BLOCKS = new Set(['block', 'constructor_body', 'switch_block_statement_group']);

/** The statement directly inside a block that contains `node`, or undefined (field, lambda body...). */
export function enclosingStatement(node: SgNode): SgNode | undefined {
  let n: SgNode | null = node;
  while (n) {
    const p: SgNode | null = n.parent();
    if (!p) return undefined;
    if (BLOCKS.has(String(p.kind()))) return n;
    if (p.kind() === 'class_body' || p.kind() === 'lambda_expression') return undefined;
    n = p;
  }
  return undefined;
}

/** The method, constructor or lambda body holding `node`. */
export function enclosingBody(node: SgNode): SgNode | undefined {
  let n: SgNode | null = node.parent();
  while (n) {
    const k = n.kind();
    if (k === 'method_declaration' || k === 'constructor_declaration' || k === 'lambda_expression') {
      return n.field('body') ?? undefined;
    }
    if (k === 'class_body') return undefined;
    n = n.parent();
  }
  return undefined;
}

/** The whitespace before the first character on the line holding `index`. */
export function indentAt(source: string, index: number): string {
  const lineStart = source.lastIndexOf('\n', index - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))?.[0] ?? '';
}

/**
 * Insert `code` as a statement of its own just before `statement`. `early` inserts at the start
 * of the line rather than after the indentation, so two fixes for one statement insert at two
 * different offsets and never collide.
 */
export function insertBefore(source: string, statement: SgNode, code: string, early = false): Edit {
  const at = statement.range().start.index;
  const indent = indentAt(source, at);
  const lineStart = source.lastIndexOf('\n', at - 1) + 1;
  const nl = eol(source);
  if (early && source.slice(lineStart, at).trim() === '') {
    return { start: lineStart, end: lineStart, text: `${indent}${code}\n`.replace(/\n/g, nl) };
  }
  return { start: at, end: at, text: `${code}\n${indent}`.replace(/\n/g, nl) };
}

/** The file's line ending, so inserted lines match it (CRLF files stay CRLF). */
export function eol(source: string): string {
  return source.includes('\r\n') ? '\r\n' : '\n';
}

export interface LocalDeclaration {
  statement: SgNode;
  declarator: SgNode;
  /** The declared type as written ("DocumentBuilderFactory", "var"). */
  type: string;
  value?: SgNode;
}

/** The declaration of local variable (or try resource) `name` in `body` that comes before `before`. */
export function findLocal(body: SgNode, name: string, before: SgNode): LocalDeclaration | undefined {
  const limit = before.range().start.index;
  let found: LocalDeclaration | undefined;
  for (const decl of body.findAll({ rule: { kind: 'local_variable_declaration' } })) {
    if (decl.range().start.index >= limit) continue;
    for (const d of decl.children().filter((c) => c.kind() === 'variable_declarator')) {
      if (d.field('name')?.text() !== name) continue;
      found = {
        statement: decl,
        declarator: d,
        type: decl.field('type')?.text() ?? '',
        value: d.field('value') ?? undefined,
      };
    }
  }
  // try-with-resources: `try (Statement s = c.createStatement()) { ... }`
  for (const res of body.findAll({ rule: { kind: 'resource' } })) {
    if (res.range().start.index >= limit || res.field('name')?.text() !== name) continue;
    found = {
      statement: res,
      declarator: res,
      type: res.field('type')?.text() ?? '',
      value: res.field('value') ?? undefined,
    };
  }
  return found;
}

/** Whether `name` (e.g. "Random") refers to `qualified` ("java.util.Random") in this file. */
export function refersTo(root: SgNode, name: string, qualified: string): boolean {
  if (name === qualified) return true;
  const pkg = qualified.slice(0, qualified.lastIndexOf('.'));
  const imports = root
    .findAll({ rule: { kind: 'import_declaration' } })
    .map((i) => i.text().replace(/\s+/g, ' '));
  return imports.some((t) => t === `import ${qualified};` || t === `import ${pkg}.*;`);
}

/** Calls `receiver.method(...)` inside `scope` whose receiver is the identifier `receiver`. */
export function callsOn(scope: SgNode, receiver: string, method: string): SgNode[] {
  return scope
    .findAll({ rule: { kind: 'method_invocation', has: { field: 'name', regex: `^${method}$` } } })
    .filter((c) => c.field('object')?.text() === receiver);
}
