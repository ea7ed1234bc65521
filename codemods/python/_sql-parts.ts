/**
 * Python query expressions -> literal SQL pieces and values, for sql-parameterization:
 * f-strings, `+` concatenation, `"...".format(...)` and `"..." % (...)`. Also renders the
 * rewritten SQL back in the original literal's prefix and quotes.
 */
import type { SgNode } from '@ast-grep/napi';
import type { QueryPart } from './_sql-slots.js';
import { callArgs, plainString } from './_support.js';

export interface ParsedQuery {
  parts: QueryPart[];
  /** The SQL as a Python literal in the original style, or undefined when it cannot be written. */
  render(sql: string): string | undefined;
}

interface Delimiters {
  prefix: string;
  quote: string;
}

function delimiters(str: SgNode): Delimiters | undefined {
  const start = str
    .children()
    .find((c) => c.kind() === 'string_start')
    ?.text();
  const m = start ? /^([a-zA-Z]*)('''|"""|'|")$/.exec(start) : null;
  if (!m) return undefined;
  return { prefix: (m[1] ?? '').replace(/[fF]/g, ''), quote: m[2] ?? '"' };
}

function renderer(d: Delimiters) {
  return (sql: string): string | undefined => {
    if (d.quote.length === 1 && (sql.includes(d.quote) || sql.includes('\n'))) {
      const other = d.quote === '"' ? "'" : '"';
      if (sql.includes(other) || sql.includes('\n')) return undefined;
      return `${d.prefix}${other}${sql}${other}`;
    }
    if (sql.endsWith(d.quote[0]!)) return undefined;
    return `${d.prefix}${d.quote}${sql}${d.quote}`;
  };
}

type ValueText = (node: SgNode) => string;

/** `str(x)` -> `x`: the value binds as itself rather than as its text. */
function unwrapStr(node: SgNode): string {
  if (node.kind() === 'call' && node.field('function')?.text() === 'str') {
    const args = callArgs(node);
    if (args && args.all.length === 1 && args.positional.length === 1) return args.positional[0]!.text();
  }
  return node.text();
}

function fString(node: SgNode, valueText: ValueText): ParsedQuery | string {
  const d = delimiters(node);
  if (!d) return 'unexpected string literal shape';
  const parts: QueryPart[] = [];
  for (const c of node.children()) {
    const k = c.kind();
    if (k === 'string_start' || k === 'string_end') continue;
    if (k === 'interpolation') {
      if (c.children().some((x) => x.kind() === 'type_conversion' || x.kind() === 'format_specifier')) {
        return `the f-string formats ${c.text()} itself (conversion or format spec); bind the value by hand`;
      }
      const expr = c.namedChildren()[0];
      if (!expr) return 'empty f-string interpolation';
      parts.push({ value: valueText(expr) });
    } else {
      if (/\{\{|\}\}/.test(c.text())) return 'the f-string contains escaped braces';
      parts.push({ sql: c.text() });
    }
  }
  return { parts, render: renderer(d) };
}

function concatenation(node: SgNode, valueText: ValueText): ParsedQuery | string {
  const leaves: SgNode[] = [];
  const walk = (n: SgNode) => {
    if (n.kind() === 'binary_operator' && n.field('operator')?.text() === '+') {
      walk(n.field('left')!);
      walk(n.field('right')!);
    } else leaves.push(n);
  };
  walk(node);
  let d: Delimiters | undefined;
  const parts: QueryPart[] = [];
  for (const leaf of leaves) {
    if (leaf.kind() === 'string') {
      const text = plainString(leaf);
      const ld = delimiters(leaf);
      if (text === undefined || !ld) return 'the query concatenates f-strings or byte strings';
      if (d && d.prefix !== ld.prefix) return 'the query mixes raw and plain string literals';
      d ??= ld;
      parts.push({ sql: text });
    } else parts.push({ value: valueText(leaf) });
  }
  if (!d) return 'the query has no string literal';
  return { parts, render: renderer(d) };
}

/** Split a format string at its placeholders, pairing each with the next value. */
function splitFormat(text: string, pattern: RegExp, values: string[], what: string): QueryPart[] | string {
  const parts: QueryPart[] = [];
  let at = 0;
  let n = 0;
  for (const m of text.matchAll(pattern)) {
    const token = m[0];
    if (token === '%%') continue;
    if (!/^(\{\}|\{\d+\}|%[sdif])$/.test(token))
      return `the ${what} placeholder ${token} is not a plain positional one`;
    const index = /^\{(\d+)\}$/.exec(token)?.[1];
    const value = values[index !== undefined ? Number(index) : n];
    if (value === undefined) return `the ${what} call has fewer values than placeholders`;
    n++;
    parts.push({ sql: text.slice(at, m.index).replace(/%%/g, '%') }, { value });
    at = (m.index ?? 0) + token.length;
  }
  parts.push({ sql: text.slice(at).replace(/%%/g, '%') });
  return parts;
}

function format(node: SgNode, valueText: ValueText): ParsedQuery | string {
  const fn = node.field('function');
  const str = fn?.field('object');
  const text = str ? plainString(str) : undefined;
  const d = str ? delimiters(str) : undefined;
  const args = callArgs(node);
  if (!str || text === undefined || !d || !args) return 'format() is not called on a plain string literal';
  if (args.splat || args.keywords.size > 0) return 'format() uses named or unpacked arguments';
  if (/\{\{|\}\}/.test(text)) return 'the format string contains escaped braces';
  const parts = splitFormat(text, /\{[^{}]*\}/g, args.positional.map(valueText), 'format()');
  return typeof parts === 'string' ? parts : { parts, render: renderer(d) };
}

function percent(node: SgNode, valueText: ValueText): ParsedQuery | string {
  const left = node.field('left');
  const right = node.field('right');
  const text = left ? plainString(left) : undefined;
  const d = left ? delimiters(left) : undefined;
  if (!left || !right || text === undefined || !d)
    return 'the % operator is not applied to a plain string literal';
  const values =
    right.kind() === 'tuple'
      ? right
          .namedChildren()
          .filter((c) => c.kind() !== 'comment')
          .map(valueText)
      : [valueText(right)];
  if (right.kind() === 'dictionary') return 'the query uses named %(...)s values';
  const parts = splitFormat(text, /%%|%\(?\w*\)?[a-z]/g, values, '%');
  return typeof parts === 'string' ? parts : { parts, render: renderer(d) };
}

/**
 * The literal pieces and values of a string built at run time. `unwrap` turns `str(x)` into `x`
 * (right for SQL parameters, which bind typed values; wrong where a string is required).
 */
export function queryParts(query: SgNode, unwrap = true): ParsedQuery | string {
  const valueText: ValueText = unwrap ? unwrapStr : (n) => n.text();
  const k = query.kind();
  if (k === 'string') {
    if (!query.children().some((c) => c.kind() === 'interpolation')) return 'the query is a constant string';
    return fString(query, valueText);
  }
  if (k === 'binary_operator') {
    const op = query.field('operator')?.text();
    if (op === '+') return concatenation(query, valueText);
    if (op === '%') return percent(query, valueText);
  }
  if (k === 'call' && query.field('function')?.field('attribute')?.text() === 'format')
    return format(query, valueText);
  return 'the query is built in a way this codemod cannot prove it understands';
}
