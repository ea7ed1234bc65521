/**
 * Which declaration a JavaScript/TypeScript name refers to, read from the syntax around a use
 * (property-key.ts asks: a loop head, a parameter, a const). Small node helpers beside it.
 */
import type { SgNode } from '@ast-grep/napi';
import { parentSkippingParens } from './js.js';

export function within(inner: SgNode, outer: SgNode): boolean {
  const i = inner.range();
  const o = outer.range();
  return o.start.index <= i.start.index && i.end.index <= o.end.index;
}

export function sameNode(a: SgNode | null, b: SgNode): boolean {
  if (!a) return false;
  const ra = a.range();
  const rb = b.range();
  return ra.start.index === rb.start.index && ra.end.index === rb.end.index;
}

/** For a function that is the first argument of `recv.method(fn)`: the method and receiver. */
export function callbackCall(fn: SgNode): { method: string; receiver: SgNode } | undefined {
  const args = parentSkippingParens(fn);
  const call = args?.kind() === 'arguments' ? args.parent() : null;
  if (call?.kind() !== 'call_expression' || !sameNode(args!.namedChildren()[0] ?? null, fn)) return undefined;
  const callee = call.field('function');
  if (callee?.kind() !== 'member_expression') return undefined;
  const method = callee.field('property')?.text();
  const receiver = callee.field('object');
  return method && receiver ? { method, receiver } : undefined;
}

export function rootOf(node: SgNode): SgNode {
  let n = node;
  for (let p = n.parent(); p; p = p.parent()) n = p;
  return n;
}

export type Binding =
  | { kind: 'for-init'; at: SgNode; loop: SgNode }
  | { kind: 'for-in'; at: SgNode; index: number }
  | { kind: 'param'; at: SgNode; index: number; type?: SgNode }
  | { kind: 'const' | 'let'; at: SgNode; type?: SgNode };

/**
 * The innermost declaration of `name` visible at `from`: a loop head, a parameter, or a
 * declaration directly in an enclosing block. Hoisted `var`s in other blocks are not followed;
 * a name declared some other way is unknown (never safe).
 */
export function bindingOf(from: SgNode, name: string): Binding | undefined {
  for (let n = from.parent(); n; n = n.parent()) {
    const k = n.kind();
    if (k === 'for_statement') {
      const decl = declaratorIn(n.field('initializer'), name);
      if (decl) return { kind: 'for-init', at: decl, loop: n };
    } else if (k === 'for_in_statement') {
      const left = n.field('left');
      if (left?.kind() === 'identifier' && left.text() === name && n.text().startsWith('for')) {
        if (/^for\s*(await\s*)?\(\s*(const|let|var)\b/.test(n.text()))
          return { kind: 'for-in', at: n, index: 0 };
      }
      if (left?.kind() === 'array_pattern') {
        const i = left.namedChildren().findIndex((c) => c.kind() === 'identifier' && c.text() === name);
        if (i >= 0) return { kind: 'for-in', at: n, index: i };
      }
    } else if (
      k === 'arrow_function' ||
      k === 'function_expression' ||
      k === 'function_declaration' ||
      k === 'method_definition'
    ) {
      const single = n.field('parameter');
      if (single?.text() === name) return { kind: 'param', at: n, index: 0 };
      const params = n.field('parameters')?.namedChildren() ?? [];
      const i = params.findIndex((p) => paramName(p) === name);
      if (i >= 0) {
        const type = params[i]!.children().find((c) => c.kind() === 'type_annotation');
        return { kind: 'param', at: n, index: i, ...(type ? { type } : {}) };
      }
    } else if (k === 'statement_block' || k === 'program' || k === 'switch_case') {
      for (const s of n.children()) {
        // One kind() per statement: each is a call into the parser, and a program has hundreds.
        const sk = s.kind();
        if (sk !== 'lexical_declaration' && sk !== 'variable_declaration') continue;
        const decl = declaratorIn(s, name);
        if (!decl) continue;
        const type = decl.children().find((c) => c.kind() === 'type_annotation');
        const kind = s.children()[0]?.text() === 'const' ? 'const' : 'let';
        return { kind, at: decl, ...(type ? { type } : {}) };
      }
    }
  }
  return undefined;
}

function declaratorIn(decl: SgNode | null, name: string): SgNode | undefined {
  return decl
    ?.children()
    .find(
      (d) =>
        d.kind() === 'variable_declarator' &&
        d.field('name')?.kind() === 'identifier' &&
        d.field('name')!.text() === name,
    );
}

function paramName(p: SgNode): string | undefined {
  if (p.kind() === 'identifier') return p.text();
  if (p.kind() === 'required_parameter' || p.kind() === 'optional_parameter') {
    const pattern = p.field('pattern');
    return pattern?.kind() === 'identifier' ? pattern.text() : undefined;
  }
  return undefined;
}
