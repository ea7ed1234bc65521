/** Small JavaScript/TypeScript syntax helpers shared by the JS codemods. */
import type { SgNode } from '@ast-grep/napi';

/** Strip wrapping parentheses: `((x))` -> `x`. */
export function unwrapParens(node: SgNode): SgNode {
  let n = node;
  while (n.kind() === 'parenthesized_expression') {
    const inner = n.namedChildren()[0];
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** The nearest ancestor that is not a parenthesized expression. */
export function parentSkippingParens(node: SgNode): SgNode | null {
  let p = node.parent();
  while (p && p.kind() === 'parenthesized_expression') p = p.parent();
  return p;
}

/**
 * Whether the file (its whole text) runs on Node (CommonJS, a Node built-in import,
 * process/module use), not in a browser. Read from the text: cheap, and a comment mentioning
 * require() errs towards Node.
 */
export function looksLikeNode(source: string): boolean {
  return NODE_HINTS.test(source);
}

const NODE_HINTS =
  /\brequire\s*\(|\bprocess\.\w|\bmodule\.exports\b|\bfrom\s*['"](node:[\w/]+|fs|path|crypto|child_process|http|https|os|url|util|stream)['"/]/;

/** Whether a node is a string literal (plain, or a template without substitutions). */
export function isStaticString(node: SgNode): boolean {
  const k = node.kind();
  if (k === 'string') return true;
  return k === 'template_string' && !node.children().some((c) => c.kind() === 'template_substitution');
}

/** The value of a static string literal (quotes removed; escapes kept as written). */
export function stringValue(node: SgNode): string {
  return node.text().slice(1, -1);
}

/** Literal text, or an expression spliced into it. */
export type StringPiece = { literal: string } | { node: SgNode };

/**
 * A string built from literals, templates and `+`, as its literal text and the expressions
 * between, in order. `accept` says which other expressions may stand as a piece; anything it
 * refuses makes the whole expression not understood (undefined).
 */
export function stringPieces(
  expr: SgNode,
  accept: (node: SgNode) => boolean = () => true,
): StringPiece[] | undefined {
  const e = unwrapParens(expr);
  const kind = String(e.kind());
  if (kind === 'string') return [{ literal: stringValue(e) }];
  if (kind === 'template_string') {
    const out: StringPiece[] = [];
    for (const c of e.children()) {
      if (c.kind() === 'string_fragment') out.push({ literal: c.text() });
      if (c.kind() === 'template_substitution') {
        const inner = c.namedChildren()[0];
        if (inner) out.push({ node: inner });
      }
    }
    return out;
  }
  if (kind === 'binary_expression' && e.field('operator')?.text() === '+') {
    const l = stringPieces(e.field('left')!, accept);
    const r = stringPieces(e.field('right')!, accept);
    return l && r ? [...l, ...r] : undefined;
  }
  return accept(e) ? [{ node: e }] : undefined;
}

/** Named arguments of a call (skipping punctuation and comments). */
export function callArguments(call: SgNode): SgNode[] {
  const args = call.field('arguments');
  return (args?.namedChildren() ?? []).filter((c) => c.kind() !== 'comment');
}

/**
 * The dynamic pieces of a string-building expression: the non-literal operands of `+` and the
 * `${}` substitutions of a template. Literal pieces stay as written.
 */
export function dynamicParts(expr: SgNode, alreadySafe: RegExp): SgNode[] {
  const e = unwrapParens(expr);
  if (isStaticString(e) || e.kind() === 'number' || e.kind() === 'regex') return [];
  if (e.kind() === 'binary_expression' && e.field('operator')?.text() === '+') {
    return [...dynamicParts(e.field('left')!, alreadySafe), ...dynamicParts(e.field('right')!, alreadySafe)];
  }
  if (e.kind() === 'template_string') {
    return e
      .children()
      .filter((c) => c.kind() === 'template_substitution')
      .flatMap((s) => s.namedChildren().slice(0, 1))
      .filter((p) => !alreadySafe.test(p.text()));
  }
  if (alreadySafe.test(e.text())) return [];
  return [e];
}

/** An edit removing one entry of an object literal with its separating comma (and its line, if alone). */
export function removeObjectEntry(
  source: string,
  pair: SgNode,
): { start: number; end: number; text: string } {
  let start = pair.range().start.index;
  let end = pair.range().end.index;
  const next = pair.next();
  const prev = pair.prev();
  if (next?.kind() === ',') {
    end = next.range().end.index;
    while (source[end] === ' ') end++;
    const lineStart = source.lastIndexOf('\n', start - 1) + 1;
    if (/^\s*$/.test(source.slice(lineStart, start)) && source[end] === '\n') {
      start = lineStart;
      end++;
    }
  } else if (prev?.kind() === ',') {
    start = prev.range().start.index;
  }
  return { start, end, text: '' };
}
