/**
 * Location matching: which node a finding's region points at. Scanners disagree on region
 * shape (CodeQL a sub-expression or the sink, Semgrep the whole match, ESLint the node, Bandit
 * a line), so the matcher accepts, in order of preference:
 *   1. a candidate whose range equals the region, give or take one column at either end;
 *   2. the one candidate lying inside the region (a whole line, a statement);
 *   3. the smallest candidate containing the region (the region is a sub-expression of it).
 * Several candidates at one tier, or none at all, leave the finding unfixed with a reason.
 */
import type { SgNode } from '@ast-grep/napi';
import type { Finding, Region } from '../sarif/finding.js';
import type { Codemod } from './codemod.js';
import { normalizeTool } from './route.js';
import type { TopLevel } from './toplevel.js';

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly source: string) {
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  get lineCount(): number {
    return this.starts.length;
  }
  /** Offset of a 1-based line start, or undefined past the end. */
  lineStart(line: number): number | undefined {
    return this.starts[line - 1];
  }
  /** Offset of the end of a 1-based line (before its newline). */
  lineEnd(line: number): number {
    const next = this.starts[line];
    return next === undefined ? this.source.length : next - 1;
  }
  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

export interface Span {
  start: number;
  end: number;
  /** True when the region named no columns (a whole line or lines). */
  wholeLines: boolean;
}

/**
 * How a scanner counts columns: SARIF's default is UTF-16 code units (a JavaScript string
 * index); a run with `columnKind: unicodeCodePoints` counts code points (an emoji before the
 * region is one column, two code units); Bandit reports Python's `col_offset`, a UTF-8 byte
 * offset, so on a line with non-ASCII text before the finding its columns run ahead of the
 * characters.
 */
export type ColumnUnit = 'utf16' | 'utf8' | 'codepoints';

export function columnUnitOf(finding: Finding): ColumnUnit {
  if (normalizeTool(finding.tool.name) === 'bandit') return 'utf8';
  return finding.location.region?.columnKind === 'unicodeCodePoints' ? 'codepoints' : 'utf16';
}

/** The string offset of a 1-based column on the line that starts at `lineStart`, capped at the line end. */
function columnOffset(lines: LineIndex, line: number, column: number, unit: ColumnUnit): number {
  const start = lines.lineStart(line) ?? 0;
  const end = lines.lineEnd(line);
  if (unit === 'utf16') return Math.min(start + column - 1, end);
  // Count units (UTF-8 bytes or code points) from the line start; a surrogate pair is one
  // code point of four bytes, and takes two string indexes.
  let units = column - 1;
  let at = start;
  while (units > 0 && at < end) {
    const code = lines.source.codePointAt(at)!;
    units -= unit === 'codepoints' ? 1 : code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    at += code > 0xffff ? 2 : 1;
  }
  return Math.min(at, end);
}

export function regionSpan(
  region: Region | undefined,
  lines: LineIndex,
  unit: ColumnUnit = 'utf16',
): Span | string {
  if (!region) return 'the finding has no region in the file';
  const startLine = lines.lineStart(region.startLine);
  const endLineNo = region.endLine ?? region.startLine;
  if (startLine === undefined || lines.lineStart(endLineNo) === undefined) {
    return `the reported line ${region.startLine} is past the end of the file (${lines.lineCount} lines); the file changed since the scan`;
  }
  if (region.startColumn === undefined) {
    return { start: startLine, end: lines.lineEnd(endLineNo), wholeLines: true };
  }
  const start = columnOffset(lines, region.startLine, region.startColumn, unit);
  const end =
    region.endColumn === undefined
      ? lines.lineEnd(endLineNo)
      : columnOffset(lines, endLineNo, region.endColumn, unit);
  return { start, end: Math.max(start, end), wholeLines: false };
}

export interface Located {
  node: SgNode;
  how: 'exact' | 'inside-region' | 'contains-region';
}

const spans = new WeakMap<SgNode, { s: number; e: number }>();

/** A node's offsets, read once (each range() is a call into the native parser). */
function span(node: SgNode): { s: number; e: number } {
  let hit = spans.get(node);
  if (!hit) {
    const r = node.range();
    hit = { s: r.start.index, e: r.end.index };
    spans.set(node, hit);
  }
  return hit;
}

/** Pick the node among `candidates` that the span points at, or a reason. */
export function pickNode(candidates: readonly SgNode[], region: Span, source: string): Located | string {
  const rs = region.start;
  const re = region.end;
  if (candidates.length === 0) return notHere(source, rs, re);
  if (!region.wholeLines) {
    const exact = candidates.filter((c) => {
      const { s, e } = span(c);
      return Math.abs(s - rs) <= 1 && Math.abs(e - re) <= 1;
    });
    if (exact.length === 1) return { node: exact[0]!, how: 'exact' };
    if (exact.length > 1) return { node: outermost(exact), how: 'exact' };
  }
  const inside = candidates.filter((c) => {
    const { s, e } = span(c);
    return s >= rs - 1 && (region.wholeLines ? s <= re : e <= re + 1);
  });
  const top = inside.filter((c) => !inside.some((o) => o !== c && contains(o, c)));
  if (top.length === 1) return { node: top[0]!, how: 'inside-region' };
  if (top.length > 1) {
    return `${top.length} places this codemod fixes lie in the reported region (${describe(source, rs, re)}); trust will not guess which one the scanner meant`;
  }
  const containing = candidates.filter((c) => {
    const { s, e } = span(c);
    return s <= rs + 1 && e >= re - 1 && !region.wholeLines;
  });
  if (containing.length > 0) {
    const smallest = containing.reduce((a, b) => (span(b).e - span(b).s < span(a).e - span(a).s ? b : a));
    return { node: smallest, how: 'contains-region' };
  }
  return notHere(source, rs, re);
}

/** How the reason for "no candidate at the region" starts (the engine may ask the codemod why). */
export const NOTHING_HERE = 'the code at the reported location';

// The file is not said to have changed: the engine checks the scanner's snippet when it sends
// one, and without one nothing shows a change; what is there is simply not this codemod's.
function notHere(source: string, start: number, end: number): string {
  return `${NOTHING_HERE} (${describe(source, start, end)}) is not something this codemod fixes`;
}

function contains(outer: SgNode, inner: SgNode): boolean {
  const o = span(outer);
  const i = span(inner);
  return o.s <= i.s && i.e <= o.e && (o.s !== i.s || o.e !== i.e);
}

function outermost(nodes: SgNode[]): SgNode {
  return nodes.reduce((a, b) => (span(b).e - span(b).s > span(a).e - span(a).s ? b : a));
}

function describe(source: string, start: number, end: number): string {
  const text = source.slice(start, end).replace(/\s+/g, ' ').trim();
  return text.length > 60 ? `"${text.slice(0, 57)}..."` : `"${text}"`;
}

/**
 * `match` results for one parsed file, searched only inside the top-level statements that
 * overlap a finding's region (a finding never needs code elsewhere), cached per statement.
 * With `found` (what the native prefetch matched, per codemod id) a codemod's candidates are
 * taken from there, unless a node another codemod claimed lies in those statements: the
 * prefetch tags a node with the first codemod whose rule matched it, so such a node might
 * also match this one's, and the statement is searched afresh.
 */
export class CandidateCache {
  private readonly cache = new Map<string, Map<number, SgNode[]>>();
  constructor(
    private readonly tops: TopLevel,
    private readonly found?: ReadonlyMap<string, readonly SgNode[]>,
  ) {}

  get(codemod: Codemod, region: { start: number; end: number }): SgNode[] {
    let perRule = this.cache.get(codemod.id);
    if (!perRule) {
      perRule = new Map();
      this.cache.set(codemod.id, perRule);
    }
    const out: SgNode[] = [];
    const n = this.tops.length;
    for (
      let i = this.tops.firstEndingAtOrAfter(region.start - 1);
      i < n && this.tops.span(i).start <= region.end + 1;
      i++
    ) {
      let hit = perRule.get(i);
      if (!hit) {
        hit =
          this.prefound(codemod.id, this.tops.span(i)) ??
          this.tops.nodes[i]!.findAll({ rule: codemod.match });
        perRule.set(i, hit);
      }
      out.push(...hit);
    }
    return out;
  }

  /** The prefetched candidates of `id` inside a statement, or undefined when they cannot be trusted. */
  private prefound(id: string, within: { start: number; end: number }): SgNode[] | undefined {
    if (!this.found?.has(id)) return undefined;
    const mine: SgNode[] = [];
    for (const [other, nodes] of this.found) {
      for (const node of nodes) {
        const { s, e } = span(node);
        if (s < within.start || e > within.end) continue;
        if (other !== id) return undefined;
        mine.push(node);
      }
    }
    return mine;
  }
}
