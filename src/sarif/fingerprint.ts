/**
 * sarif/fingerprint: the stable id of a finding. In order of preference:
 *   1. the scanner's own fingerprints / partialFingerprints (CodeQL primaryLocationLineHash,
 *      Semgrep matchBasedId) with tool, rule and path;
 *   2. tool, rule, path and the whitespace-normalized text of the flagged line, read from the
 *      checkout, plus which occurrence of that text in the file it is (so two identical lines
 *      differ, and inserting lines above changes nothing);
 *   3. the region snippet the scanner sent, when the file is not here;
 *   4. the line number, when there is nothing else.
 * Files are read once, through core/paths (never outside the root).
 */
import { hash as oneShot } from 'node:crypto';
import { readPlaced } from '../core/paths.js';
import type { Finding } from './finding.js';

export type FingerprintBasis = 'scanner' | 'line-text' | 'snippet' | 'line-number' | 'message';

/** Whitespace-insensitive form of a line of code. */
export function normalizeLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The lines of one file, for "which occurrence of this normalized text is line i". Normalizing
 * every line of every file up front (a string per line) was most of the ingest time and its
 * garbage, while a scan names a handful of lines per file; so the lines stay offsets into the
 * text and a lookup compares earlier lines with the wanted text in place, without allocating.
 * After many lookups in one file (a file with hundreds of findings) the whole index is built
 * once, as before, so the cost stays linear.
 */
export class FileLines {
  /** starts[i], ends[i]: the offsets of line i (0-based) without its line break. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private lookups = 0;
  private full?: { lines: string[]; occurrence: number[] };

  constructor(private readonly text: string) {
    // The same breaks as text.split(/\r\n|\r|\n/).
    const hasCr = text.indexOf('\r') >= 0;
    let at = 0;
    for (;;) {
      this.starts.push(at);
      let nl = text.indexOf('\n', at);
      if (hasCr) {
        const cr = text.indexOf('\r', at);
        if (cr >= 0 && (nl < 0 || cr < nl)) nl = cr;
      }
      if (nl < 0) break;
      this.ends.push(nl);
      at = text.charCodeAt(nl) === 13 && text.charCodeAt(nl + 1) === 10 ? nl + 2 : nl + 1;
    }
    this.ends.push(text.length);
  }

  /** The normalized text of 0-based line i and how many earlier lines normalize to the same. */
  line(i: number): { text: string; occurrence: number } | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.starts.length) return undefined;
    if (this.full) return { text: this.full.lines[i]!, occurrence: this.full.occurrence[i]! };
    if (++this.lookups > FULL_INDEX_AFTER) {
      this.full = indexLines(this.text);
      return this.line(i);
    }
    const want = normalizeLine(this.text.slice(this.starts[i], this.ends[i]));
    return { text: want, occurrence: this.countBefore(i, want) };
  }

  /**
   * Lines before line i that normalize to `want`. Such a line holds each word of `want`
   * verbatim, so the text is searched (natively) for the longest word and only the lines it
   * occurs on are compared.
   */
  private countBefore(i: number, want: string): number {
    const { text, starts, ends } = this;
    const word = want.split(' ').reduce((a, b) => (b.length > a.length ? b : a), '');
    let count = 0;
    if (word === '') {
      for (let j = 0; j < i; j++) if (normalizesTo(text, starts[j]!, ends[j]!, want)) count++;
      return count;
    }
    const limit = starts[i]!;
    let j = 0;
    for (let at = text.indexOf(word); at >= 0 && at < limit; at = text.indexOf(word, ends[j]! + 1)) {
      while (ends[j]! < at) j++;
      if (normalizesTo(text, starts[j]!, ends[j]!, want)) count++;
    }
    return count;
  }
}

/** Lookups in one file after which every line is normalized once instead. */
const FULL_INDEX_AFTER = 32;

/** The eager index: every line normalized, and its occurrence number. */
export function indexLines(text: string): { lines: string[]; occurrence: number[] } {
  const lines = text.split(/\r\n|\r|\n/).map(normalizeLine);
  const seen = new Map<string, number>();
  const occurrence = lines.map((line) => {
    const n = seen.get(line) ?? 0;
    seen.set(line, n + 1);
    return n;
  });
  return { lines, occurrence };
}

/** The characters `\s` matches in a JavaScript regular expression. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** normalizeLine(text.slice(start, end)) === want, for a `want` that is normalized, without slicing. */
export function normalizesTo(text: string, start: number, end: number, want: string): boolean {
  let i = start;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  let k = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      while (i < end && isSpace(text.charCodeAt(i))) i++;
      // Trailing whitespace is trimmed away; inner whitespace is one space.
      if (i === end) break;
      if (want.charCodeAt(k) !== 32) return false;
      k++;
      continue;
    }
    if (want.charCodeAt(k) !== c) return false;
    k++;
    i++;
  }
  return k === want.length;
}

export class Fingerprinter {
  private readonly files = new Map<string, FileLines | null>();

  constructor(private readonly root: string) {}

  private lines(path: string): FileLines | null {
    let entry = this.files.get(path);
    if (entry === undefined) {
      // Only paths the resolver placed in the tree get here (status in-tree or suffix-match:
      // placeInRoot said so), so the file is read without placing it a second time.
      const text = readPlaced(this.root, path);
      entry = text === undefined ? null : new FileLines(text);
      this.files.set(path, entry);
    }
    return entry;
  }

  /** The id and what it was computed from. */
  compute(finding: Omit<Finding, 'id'>): { id: string; basis: FingerprintBasis } {
    const tool = finding.tool.name.toLowerCase();
    const rule = finding.rule.id;
    const loc = finding.location;
    const where = loc.path ?? loc.uri ?? '';
    const scannerPrints = { ...finding.partialFingerprints, ...finding.fingerprints };
    if (Object.keys(scannerPrints).length > 0) {
      const sorted = Object.keys(scannerPrints)
        .sort()
        .map((k) => `${k}=${scannerPrints[k]}`);
      return { id: hash([tool, rule, where, 'fp', ...sorted]), basis: 'scanner' };
    }
    const line = loc.region?.startLine;
    if (line === undefined)
      return { id: hash([tool, rule, where, 'msg', finding.message]), basis: 'message' };
    const readable = loc.path && (loc.status === 'in-tree' || loc.status === 'suffix-match');
    const file = readable && loc.path ? this.lines(loc.path) : null;
    const at = file?.line(line - 1);
    if (at) {
      return { id: hash([tool, rule, where, 'line', at.text, String(at.occurrence)]), basis: 'line-text' };
    }
    const snippet = loc.region?.snippet;
    if (snippet && normalizeLine(snippet) !== '') {
      return {
        id: hash([tool, rule, where, 'line', normalizeLine(snippet.split(/\r?\n/)[0] ?? ''), '0']),
        basis: 'snippet',
      };
    }
    return {
      id: hash([tool, rule, where, 'n', String(line), String(loc.region?.startColumn ?? '')]),
      basis: 'line-number',
    };
  }
}

/** SHA-256 of the length-prefixed parts (one-shot: a hash object per finding cost more than the hashing). */
function hash(parts: string[]): string {
  let input = '';
  for (const part of parts) input += `${part.length}:${part}`;
  return oneShot('sha256', input, 'hex').slice(0, 32);
}
