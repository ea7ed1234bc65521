/**
 * The top-level statements of a parsed file (children of the root, comments included), with
 * their offsets read once and on demand: each `range()` and `kind()` is a call into the
 * native parser, and a file has a few hundred statements of which a fix touches a handful.
 */
import type { SgNode } from '@ast-grep/napi';

export interface Offsets {
  start: number;
  end: number;
}

export class TopLevel {
  readonly nodes: SgNode[];
  private readonly spans: (Offsets | undefined)[];
  private readonly kinds: (string | undefined)[];

  /**
   * With `text` (the root's whole text), every span is found at once from the statements'
   * texts: cheaper than a `range()` each when all of them are needed. Only whitespace lies
   * between top-level statements (comments are statements here), so each statement's text is
   * the first occurrence after the previous one's end.
   */
  constructor(root: SgNode, text?: string) {
    this.nodes = root.children();
    this.spans = new Array(this.nodes.length);
    this.kinds = new Array(this.nodes.length);
    if (text === undefined) return;
    let at = 0;
    for (const [i, node] of this.nodes.entries()) {
      const own = node.text();
      const start = text.indexOf(own, at);
      if (start < 0) {
        this.spans.fill(undefined);
        return;
      }
      at = start + own.length;
      this.spans[i] = { start, end: at };
    }
  }

  get length(): number {
    return this.nodes.length;
  }

  span(i: number): Offsets {
    let hit = this.spans[i];
    if (!hit) {
      const r = this.nodes[i]!.range();
      hit = { start: r.start.index, end: r.end.index };
      this.spans[i] = hit;
    }
    return hit;
  }

  kind(i: number): string {
    let hit = this.kinds[i];
    if (hit === undefined) {
      hit = String(this.nodes[i]!.kind());
      this.kinds[i] = hit;
    }
    return hit;
  }

  /** Whether statement i is a comment (line, block or doc comment, in any of our grammars). */
  isComment(i: number): boolean {
    return this.kind(i).endsWith('comment');
  }

  /** Index of the first statement ending at or after `offset` (length when none does). */
  firstEndingAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.span(mid).end < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
