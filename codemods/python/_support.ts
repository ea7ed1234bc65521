/**
 * Python syntax helpers shared by the codemods in codemods/python: what a name refers to
 * through the file's imports, a call's arguments, and keyword-argument edits that keep the
 * call's formatting. Pure functions over ast-grep nodes; no file access.
 */
import type { SgNode } from '@ast-grep/napi';
import type { Edit } from '../../src/fix/codemod.js';

/** Local name -> the qualified name it stands for, from the file's top-level imports. */
export function importedNames(root: SgNode): Map<string, string> {
  const names = new Map<string, string>();
  for (const stmt of root.findAll({
    rule: { any: [{ kind: 'import_statement' }, { kind: 'import_from_statement' }] },
  })) {
    const from = stmt.kind() === 'import_from_statement' ? stmt.field('module_name')?.text() : undefined;
    const parts = stmt.kind() === 'import_from_statement' ? stmt.children().slice(2) : stmt.children();
    for (const c of parts) {
      if (from && stmt.field('module_name')?.id() === c.id()) continue;
      if (c.kind() === 'dotted_name') {
        const name = c.text();
        // `import a.b` binds `a`; `from m import x` binds `x`.
        if (from) names.set(name, `${from}.${name}`);
        else names.set(name.split('.')[0] ?? name, name.split('.')[0] ?? name);
      }
      if (c.kind() === 'aliased_import') {
        const name = c.field('name')?.text();
        const alias = c.field('alias')?.text();
        if (name && alias) names.set(alias, from ? `${from}.${name}` : name);
      }
    }
  }
  return names;
}

/** `ET.fromstring` -> `xml.etree.ElementTree.fromstring` when `ET` is an imported name. */
export function qualify(expr: SgNode, imports: Map<string, string>): string | undefined {
  if (expr.kind() !== 'identifier' && expr.kind() !== 'attribute') return undefined;
  const text = expr.text().replace(/\s+/g, '');
  if (!/^[A-Za-z_][\w.]*$/.test(text)) return undefined;
  const [head, ...rest] = text.split('.');
  const base = head ? imports.get(head) : undefined;
  if (!base) return undefined;
  return [base, ...rest].join('.');
}

export interface CallArgs {
  list: SgNode;
  positional: SgNode[];
  keywords: Map<string, SgNode>;
  /** `*args` or `**kwargs` present: the real arguments are unknown. */
  splat: boolean;
  all: SgNode[];
}

export function callArgs(call: SgNode): CallArgs | undefined {
  const list = call.field('arguments');
  if (list?.kind() !== 'argument_list') return undefined;
  const all = list.namedChildren().filter((c) => c.kind() !== 'comment');
  const args: CallArgs = { list, positional: [], keywords: new Map(), splat: false, all };
  for (const a of all) {
    if (a.kind() === 'keyword_argument') {
      const name = a.field('name')?.text();
      const value = a.field('value');
      if (name && value) args.keywords.set(name, value);
    } else if (a.kind() === 'list_splat' || a.kind() === 'dictionary_splat') {
      args.splat = true;
    } else {
      args.positional.push(a);
    }
  }
  return args;
}

/** Append `text` (e.g. "timeout=60") as the call's last argument, keeping its layout. */
export function appendArgument(args: CallArgs, text: string): Edit {
  const last = args.all[args.all.length - 1];
  if (!last) {
    const open = args.list.range().start.index + 1;
    return { start: open, end: open, text };
  }
  const end = last.range().end.index;
  return { start: end, end, text: `, ${text}` };
}

/** Whether a node is the literal `True` / `False`. */
export function isBool(node: SgNode | undefined, value: boolean): boolean {
  return node?.kind() === (value ? 'true' : 'false');
}

/** A plain (non f-, non byte-) string literal's value, or undefined. Escapes are not decoded. */
export function plainString(node: SgNode): string | undefined {
  if (node.kind() !== 'string') return undefined;
  const start =
    node
      .children()
      .find((c) => c.kind() === 'string_start')
      ?.text() ?? '';
  if (/[fFbB]/.test(start)) return undefined;
  if (node.children().some((c) => c.kind() === 'interpolation')) return undefined;
  return node
    .children()
    .filter((c) => c.kind() === 'string_content')
    .map((c) => c.text())
    .join('');
}

/** The enclosing function body (or the module), for "used only here" guards. */
export function enclosingScope(node: SgNode): SgNode {
  let n: SgNode | null = node.parent();
  while (n && n.kind() !== 'function_definition' && n.kind() !== 'module') n = n.parent();
  return n ?? node.getRoot().root();
}

/** The statement (direct child of a block or module) that contains `node`. */
export function enclosingStatement(node: SgNode): SgNode | undefined {
  let n: SgNode | null = node;
  while (n) {
    const p: SgNode | null = n.parent();
    if (!p) return undefined;
    if (p.kind() === 'block' || p.kind() === 'module') return n;
    n = p;
  }
  return undefined;
}

/** The whitespace before the first character on the line holding `index`. */
export function indentAt(source: string, index: number): string {
  const lineStart = source.lastIndexOf('\n', index - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))?.[0] ?? '';
}

/** Remove one argument and the separator next to it, keeping the rest of the call as written. */
export function removeArgument(args: CallArgs, arg: SgNode): Edit {
  const i = args.all.findIndex((a) => a.id() === arg.id());
  const next = args.all[i + 1];
  const prev = args.all[i - 1];
  if (next) return { start: arg.range().start.index, end: next.range().start.index, text: '' };
  if (prev) return { start: prev.range().end.index, end: arg.range().end.index, text: '' };
  // The only argument: empty the parentheses (with any trailing comma and line breaks).
  const open = args.list.range().start.index + 1;
  return { start: open, end: args.list.range().end.index - 1, text: '' };
}

/** The file's line ending, so inserted lines match it (CRLF files stay CRLF). */
export function eol(source: string): string {
  return source.includes('\r\n') ? '\r\n' : '\n';
}
