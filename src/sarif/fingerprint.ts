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
import { createHash } from 'node:crypto';
import { readInRoot } from '../core/paths.js';
import type { Finding } from './finding.js';

export type FingerprintBasis = 'scanner' | 'line-text' | 'snippet' | 'line-number' | 'message';

/** Whitespace-insensitive form of a line of code. */
export function normalizeLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

interface FileLines {
  lines: string[];
  /** occurrence[i]: how many earlier lines have the same normalized text as line i. */
  occurrence: number[];
}

function indexLines(text: string): FileLines {
  const lines = text.split(/\r\n|\r|\n/).map(normalizeLine);
  const seen = new Map<string, number>();
  const occurrence = lines.map((line) => {
    const n = seen.get(line) ?? 0;
    seen.set(line, n + 1);
    return n;
  });
  return { lines, occurrence };
}

export class Fingerprinter {
  private readonly files = new Map<string, FileLines | null>();

  constructor(private readonly root: string) {}

  private lines(path: string): FileLines | null {
    let entry = this.files.get(path);
    if (entry === undefined) {
      const text = readInRoot(this.root, path);
      entry = text === undefined ? null : indexLines(text);
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
    const text = file?.lines[line - 1];
    if (file && text !== undefined) {
      const occurrence = file.occurrence[line - 1] ?? 0;
      return { id: hash([tool, rule, where, 'line', text, String(occurrence)]), basis: 'line-text' };
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

function hash(parts: string[]): string {
  const h = createHash('sha256');
  for (const part of parts) h.update(`${part.length}:${part}`);
  return h.digest('hex').slice(0, 32);
}
