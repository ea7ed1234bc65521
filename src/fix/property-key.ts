/**
 * What a dynamic property access `obj[key]` does and what its key can be, read from the
 * syntax of one JavaScript/TypeScript file (no type checker). Shared by the object-injection
 * triage rule (src/triage/object-injection.ts) and the prototype-guard codemod, so the two
 * never disagree about which keys are safe.
 *
 * A key is *safe* when it cannot be `__proto__`, `constructor` or `prototype`: a number (a
 * numeric literal, arithmetic, `.length`, `indexOf()`, a numeric loop index, an array
 * callback's index), a constant string that is none of those three, or a TypeScript
 * annotation that says so (`number`, a literal union, an alias or enum of one). A key taken
 * from `Object.keys(o)` / `Object.entries(o)` / `for (k in o)` is an *own key* of `o`:
 * reading `o[k]` with it reads what is there, which is only safe for reads of that same `o`.
 */
import type { SgNode } from '@ast-grep/napi';
import { escapeRegex } from './imports/index.js';
import { parentSkippingParens, unwrapParens } from './js.js';
import { type Binding, bindingOf, callbackCall, rootOf, sameNode, within } from './js-binding.js';

export interface Access {
  /** The outermost subscript of the chain (`a[k1][k2]`), the one written or read. */
  target: SgNode;
  write: boolean;
  /** How: "assignment", "compound assignment (+=)", "update (++)", "read", "call", "delete". */
  how: string;
}

const PROTO_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const ARITHMETIC = new Set(['-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>']);
const NUMERIC_METHODS = new Set([
  'indexOf',
  'lastIndexOf',
  'findIndex',
  'findLastIndex',
  'charCodeAt',
  'codePointAt',
]);
const NUMERIC_CALLS = /^(Math\.\w+|Number|parseInt|parseFloat|Number\.parse(Int|Float)|Date\.now)$/;
const INDEX_CALLBACKS = new Set([
  'forEach',
  'map',
  'filter',
  'some',
  'every',
  'find',
  'findIndex',
  'flatMap',
]);
const MAX_DEPTH = 6;

/** Whether `node` (a subscript) is written, following `a[k1][k2]` chains out to the last subscript. */
export function accessOf(node: SgNode): Access {
  let target = node;
  let up = parentSkippingParens(target);
  while (up?.kind() === 'subscript_expression' && sameNode(up.field('object'), target)) {
    target = up;
    up = parentSkippingParens(target);
  }
  const k = up?.kind();
  if (
    (k === 'assignment_expression' || k === 'augmented_assignment_expression') &&
    sameNode(up!.field('left'), target)
  ) {
    const op = up!.field('operator')?.text() ?? up!.children()[1]?.text() ?? '=';
    return {
      target,
      write: true,
      how: k === 'assignment_expression' ? 'assignment' : `compound assignment (${op})`,
    };
  }
  if (k === 'update_expression') {
    const op =
      up!
        .children()
        .find((c) => c.text() === '++' || c.text() === '--')
        ?.text() ?? '++';
    return { target, write: true, how: `update (${op})` };
  }
  // `[o[k]] = v`, `({ a: o[k] } = v)`, `for (o[k] of xs)`: the subscript is assigned to.
  const assigned =
    k === 'array_pattern' ||
    k === 'pair_pattern' ||
    (k === 'for_in_statement' && sameNode(up!.field('left'), target));
  if (assigned) return { target, write: true, how: 'destructuring' };
  if (k === 'call_expression' && sameNode(up!.field('function'), target))
    return { target, write: false, how: 'call' };
  if (k === 'unary_expression' && up!.children()[0]?.text() === 'delete')
    return { target, write: false, how: 'delete' };
  return { target, write: false, how: 'read' };
}

/** The dynamic keys of a subscript chain `a[k1][k2]`, innermost first. */
export function chainKeys(target: SgNode): SgNode[] {
  const keys: SgNode[] = [];
  let node: SgNode | null = target;
  while (node?.kind() === 'subscript_expression') {
    const key = node.field('index');
    if (key) keys.unshift(key);
    node = node.field('object');
  }
  return keys;
}

/** Why `key` (the index of `subscript`) cannot name a prototype key, or undefined when nothing proves it. */
export function safeKeyReason(key: SgNode): string | undefined {
  // The three questions each look up the key's declaration: walk up to it once.
  bindings = new Map();
  try {
    return numberReason(key, 0) ?? constantReason(key, 0) ?? typedReason(key);
  } finally {
    bindings = undefined;
  }
}

/** Declarations already looked up during one safeKeyReason, by node id and name (one tree). */
let bindings: Map<string, Binding | undefined> | undefined;

function bindingOfCached(from: SgNode, name: string): Binding | undefined {
  if (!bindings) return bindingOf(from, name);
  const key = `${from.id()}\u0000${name}`;
  if (bindings.has(key)) return bindings.get(key);
  const b = bindingOf(from, name);
  bindings.set(key, b);
  return b;
}

/** Why `key` is an own key of the object `subscript` reads (`for (k in o) o[k]`), or undefined. */
export function ownKeyReason(subscript: SgNode): string | undefined {
  const key = subscript.field('index');
  const object = subscript.field('object');
  if (key?.kind() !== 'identifier' || !object || !/^[\w$.]+$/.test(object.text())) return undefined;
  const b = bindingOf(key, key.text());
  if (!b) return undefined;
  const o = object.text();
  const from = `${key.text()} comes from`;
  // `o` must be the same variable where the keys were listed: not one declared inside the loop.
  const base = object.kind() === 'identifier' ? bindingOf(object, o) : undefined;
  if (base && within(base.at, b.at)) return undefined;
  if (b.kind === 'for-in') {
    const right = unwrapParens(b.at.field('right')!);
    const op = b.at.field('operator')?.text() ?? (b.at.text().includes(' of ') ? 'of' : 'in');
    if (op === 'in' && right.text() === o) return `${from} for…in over ${o} itself`;
    const listed = keysCallOf(right);
    if (op === 'of' && listed && listed.of === o && (listed.fn === 'keys' || b.index === 0))
      return `${from} Object.${listed.fn}(${o}) of the same object`;
  }
  if (b.kind === 'param' && b.index === 0) {
    const call = callbackCall(b.at);
    const listed = call && keysCallOf(unwrapParens(call.receiver));
    if (listed && listed.fn === 'keys' && listed.of === o)
      return `${from} Object.keys(${o}) of the same object`;
  }
  return undefined;
}

/** `Object.keys(x)` / `Object.entries(x)` / `Reflect.ownKeys(x)`: which, and of what. */
function keysCallOf(node: SgNode): { fn: string; of: string } | undefined {
  if (node.kind() !== 'call_expression') return undefined;
  const m = /^(?:Object\.(keys|entries|getOwnPropertyNames)|Reflect\.(ownKeys))$/.exec(
    node.field('function')?.text() ?? '',
  );
  const args = node.field('arguments')?.namedChildren() ?? [];
  if (!m || args.length !== 1) return undefined;
  return { fn: m[1] ?? m[2]!, of: unwrapParens(args[0]!).text() };
}

function numberReason(node: SgNode, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrapParens(node);
  const k = n.kind();
  if (k === 'number') return 'the key is a number';
  if (k === 'update_expression') return 'the key is a number (++/--)';
  if (k === 'unary_expression') {
    const op = n.children()[0]?.text();
    return op === '-' || op === '+' || op === '~' ? 'the key is a number (arithmetic)' : undefined;
  }
  if (k === 'binary_expression') {
    const op = n.field('operator')?.text() ?? n.children()[1]?.text() ?? '';
    if (ARITHMETIC.has(op)) return 'the key is a number (arithmetic)';
    if (op === '+' && numberReason(n.field('left')!, depth + 1) && numberReason(n.field('right')!, depth + 1))
      return 'the key is a number (arithmetic)';
    return undefined;
  }
  if (k === 'ternary_expression') {
    const a = n.field('consequence');
    const b = n.field('alternative');
    return a && b && numberReason(a, depth + 1) && numberReason(b, depth + 1)
      ? 'the key is a number'
      : undefined;
  }
  if (k === 'member_expression' && n.field('property')?.text() === 'length')
    return 'the key is a number (a length)';
  if (k === 'call_expression') {
    const callee = n.field('function');
    const method = callee?.kind() === 'member_expression' ? callee.field('property')?.text() : undefined;
    if ((method && NUMERIC_METHODS.has(method)) || NUMERIC_CALLS.test(callee?.text() ?? ''))
      return `the key is a number (${callee!.text()}())`;
    return undefined;
  }
  if (k === 'identifier') return identifierNumber(n, depth);
  return undefined;
}

function identifierNumber(id: SgNode, depth: number): string | undefined {
  const name = id.text();
  const b = bindingOfCached(id, name);
  if (!b) return undefined;
  if (b.kind === 'for-init') {
    const value = b.at.field('value');
    if (value && numberReason(value, depth + 1) && onlyNumericWrites(b.loop, name, depth))
      return `the key ${name} is a numeric loop index`;
    return undefined;
  }
  if (b.kind === 'param' && b.index === 1) {
    const call = callbackCall(b.at);
    if (call && INDEX_CALLBACKS.has(call.method))
      return `the key ${name} is the array index of ${call.method}()`;
  }
  if (b.kind === 'param' || b.kind === 'let')
    return typeNumber(b.type) ? `the key ${name} is declared a number` : undefined;
  if (b.kind === 'const') {
    if (typeNumber(b.type)) return `the key ${name} is declared a number`;
    const value = b.at.field('value');
    return value && numberReason(value, depth + 1) ? `the key ${name} is a number` : undefined;
  }
  return undefined;
}

/** In a `for (let i = 0; …)` loop, every write to `i` keeps it a number. */
function onlyNumericWrites(loop: SgNode, name: string, depth: number): boolean {
  const writes = loop.findAll({
    rule: { any: [{ kind: 'assignment_expression' }, { kind: 'augmented_assignment_expression' }] },
  });
  return writes.every((w) => {
    if (w.field('left')?.text() !== name) return true;
    const right = w.field('right');
    return right !== null && numberReason(right, depth + 1) !== undefined;
  });
}

function constantReason(node: SgNode, depth: number): string | undefined {
  const n = unwrapParens(node);
  const k = n.kind();
  if (k === 'string' || (k === 'template_string' && !n.text().includes('${'))) {
    const value = n.text().slice(1, -1);
    return PROTO_KEYS.has(value) ? undefined : `the key is the constant ${n.text()}`;
  }
  if (k !== 'identifier' || depth > MAX_DEPTH) return undefined;
  const b = bindingOfCached(n, n.text());
  const value = b?.kind === 'const' ? b.at.field('value') : null;
  return value && constantReason(value, depth + 1)
    ? `the key ${n.text()} is the constant ${value.text()}`
    : undefined;
}

function typedReason(node: SgNode): string | undefined {
  const n = unwrapParens(node);
  if (n.kind() !== 'identifier') return undefined;
  const b = bindingOfCached(n, n.text());
  if (!b || !('type' in b) || !b.type) return undefined;
  const type = b.type.namedChildren()[0];
  return type && literalType(type, n, 0)
    ? `the key ${n.text()} has the literal type ${type.text()}`
    : undefined;
}

function typeNumber(annotation: SgNode | undefined): boolean {
  return annotation?.namedChildren()[0]?.text() === 'number';
}

/** A type whose values are numbers or string literals other than the prototype keys. */
function literalType(type: SgNode, from: SgNode, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const k = type.kind();
  if (k === 'predefined_type') return type.text() === 'number';
  if (k === 'literal_type') {
    const lit = type.namedChildren()[0];
    if (lit?.kind() === 'number' || lit?.kind() === 'unary_expression') return true;
    return lit?.kind() === 'string' && !PROTO_KEYS.has(lit.text().slice(1, -1));
  }
  if (k === 'union_type') return type.namedChildren().every((t) => literalType(t, from, depth + 1));
  if (k === 'parenthesized_type') return type.namedChildren().every((t) => literalType(t, from, depth + 1));
  if (k === 'type_identifier') {
    const root = rootOf(from);
    const alias = root.find({
      rule: {
        kind: 'type_alias_declaration',
        has: { field: 'name', regex: `^${escapeRegex(type.text())}$` },
      },
    });
    const value = alias?.field('value');
    if (value) return literalType(value, from, depth + 1);
    const en = root.find({
      rule: { kind: 'enum_declaration', has: { field: 'name', regex: `^${escapeRegex(type.text())}$` } },
    });
    return en !== null && !/['"`](__proto__|constructor|prototype)['"`]/.test(en.text());
  }
  if (k === 'index_type_query') {
    // `keyof typeof X` where X is an object literal declared here: its keys, spelled out.
    const query = type.namedChildren()[0];
    const target = query?.kind() === 'type_query' ? query.namedChildren()[0] : undefined;
    if (target?.kind() !== 'identifier') return false;
    const b = bindingOfCached(target, target.text());
    // An annotation (`Record<string, T>`) widens the keys past what the literal spells out.
    const value = b?.kind === 'const' && !b.type ? unwrapParens(b.at.field('value') ?? target) : undefined;
    const obj =
      value?.kind() === 'as_expression' || value?.kind() === 'satisfies_expression'
        ? value.namedChildren()[0]
        : value;
    return (
      obj?.kind() === 'object' && !/(^|[\s{,'"])(__proto__|constructor|prototype)['"]?\s*:/.test(obj.text())
    );
  }
  return false;
}
