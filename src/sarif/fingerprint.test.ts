import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from './finding.js';
import { FileLines, Fingerprinter, indexLines, normalizeLine, normalizesTo } from './fingerprint.js';

// Small pieces so that lines repeat, whitespace runs vary and every kind of line break occurs.
const PIECES = ['a', 'b', 'x = 1', '}', ' ', '  ', '\t', '\u00a0', '\u2028', '\ufeff', '\u3000', ';'];
const BREAKS = ['\n', '\r\n', '\r'];

function randomText(seed: number, lines: number): string {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  let text = '';
  for (let i = 0; i < lines; i++) {
    const parts = next(5);
    for (let k = 0; k < parts; k++) text += PIECES[next(PIECES.length)];
    if (i < lines - 1 || next(2) === 0) text += BREAKS[next(BREAKS.length)];
  }
  return text;
}

describe('FileLines', () => {
  it('gives each line the normalized text and occurrence of the eager index, before and after it switches to it', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const text = randomText(seed, 1 + (seed % 60));
      const eager = indexLines(text);
      const lazy = new FileLines(text);
      // Every line twice: the first lookups are answered in place, the later ones from the full index.
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < eager.lines.length; i++) {
          expect(lazy.line(i), `seed ${seed}, line ${i}`).toEqual({
            text: eager.lines[i],
            occurrence: eager.occurrence[i],
          });
        }
      }
      expect(lazy.line(eager.lines.length)).toBeUndefined();
      expect(lazy.line(-1)).toBeUndefined();
      expect(lazy.line(0.5)).toBeUndefined();
    }
  });

  it('compares a line with a normalized text the way normalizeLine would', () => {
    const cases = ['  a  b ', 'a b', 'a\u00a0\tb', 'ab', ' a', '', '   ', 'a b c', 'a\u2028b'];
    for (const line of cases) {
      for (const want of cases.map(normalizeLine)) {
        expect(
          normalizesTo(line, 0, line.length, want),
          `${JSON.stringify(line)} vs ${JSON.stringify(want)}`,
        ).toBe(normalizeLine(line) === want);
      }
    }
  });
});

describe('Fingerprinter', () => {
  const root = mkdtempSync(join(tmpdir(), 'trust-fingerprint-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // The id as it was computed before the lazy index: a hash object fed each length-prefixed part.
  function reference(parts: string[]): string {
    const h = createHash('sha256');
    for (const part of parts) h.update(`${part.length}:${part}`);
    return h.digest('hex').slice(0, 32);
  }

  function at(line: number): Omit<Finding, 'id'> {
    return {
      tool: { name: 'CodeQL' },
      rule: { id: 'js/x' },
      level: 'warning',
      cwe: [],
      message: 'm',
      location: { status: 'in-tree', path: 'a.js', region: { startLine: line } },
      relatedLocations: [],
      codeFlows: [],
      partialFingerprints: {},
      suppressed: false,
      suppressions: [],
      sources: [{ file: 's.sarif', runIndex: 0, resultIndex: 0, tool: 'CodeQL' }],
    };
  }

  it('keeps the ids of line-text fingerprints: the line, normalized, and its occurrence', () => {
    const text = 'const a = 1;\n  const  a = 1;\r\nb()\rconst a = 1;   \n';
    writeFileSync(join(root, 'a.js'), text);
    const printer = new Fingerprinter(root);
    const lines = indexLines(text);
    for (let line = 1; line <= 4; line++) {
      const want = reference([
        'codeql',
        'js/x',
        'a.js',
        'line',
        lines.lines[line - 1]!,
        String(lines.occurrence[line - 1]),
      ]);
      expect(printer.compute(at(line))).toEqual({ id: want, basis: 'line-text' });
    }
    // The three copies of the first line are told apart by occurrence.
    expect(new Set([1, 2, 4].map((l) => printer.compute(at(l)).id)).size).toBe(3);
    // Past the end: the line number is all there is.
    expect(printer.compute(at(9)).basis).toBe('line-number');
  });
});
