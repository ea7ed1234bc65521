import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CODEMODS } from '../../codemods/index.js';
import { loadFindings } from '../sarif/index.js';
import { fixFile } from './engine.js';
import { columnUnitOf, LineIndex, regionSpan } from './locate.js';

// Each emoji is one code point and two UTF-16 code units; 'é' is one of each.
const LINE = 'const s = "🎉🎉é"; const r = Math.random();';
const AT = LINE.indexOf('Math.random()');
/** Columns of `Math.random()` counted in code points (two fewer than in UTF-16 code units). */
const CP_START = [...LINE.slice(0, AT)].length + 1;
const CP_END = CP_START + 'Math.random()'.length;

describe('regionSpan column units', () => {
  const lines = new LineIndex(`// first line\n${LINE}\n`);
  const lineStart = lines.lineStart(2)!;

  it('counts code points when the run says unicodeCodePoints: astral characters before the region', () => {
    const region = { startLine: 2, startColumn: CP_START, endColumn: CP_END };
    expect(CP_START).toBe(AT - 1);
    expect(regionSpan(region, lines, 'codepoints')).toEqual({
      start: lineStart + AT,
      end: lineStart + AT + 'Math.random()'.length,
      wholeLines: false,
    });
  });

  it('reads the same columns as UTF-16 code units by default (SARIF 2.1.0 §3.14.17), two characters early', () => {
    const region = { startLine: 2, startColumn: CP_START, endColumn: CP_END };
    expect(regionSpan(region, lines)).toMatchObject({ start: lineStart + AT - 2 });
    // The UTF-16 columns of the same place are the string index.
    expect(regionSpan({ startLine: 2, startColumn: AT + 1, endColumn: AT + 14 }, lines)).toMatchObject({
      start: lineStart + AT,
      end: lineStart + AT + 13,
    });
  });

  it('caps a code-point column past the end of the line at the line end', () => {
    const region = { startLine: 2, startColumn: 1, endColumn: 500 };
    expect(regionSpan(region, lines, 'codepoints')).toMatchObject({ end: lines.lineEnd(2) });
  });
});

describe('run.columnKind unicodeCodePoints, from SARIF to the fix', () => {
  const root = mkdtempSync(join(tmpdir(), 'trust-columnkind-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const source = `// first line\n${LINE}\nexport { r, s };\n`;
  writeFileSync(join(root, 'a.js'), source);

  function sarif(columnKind: string | undefined): string {
    const file = join(root, `${columnKind ?? 'default'}.sarif`);
    const result = {
      ruleId: 'js/insecure-randomness',
      message: { text: 'insecure random' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'a.js' },
            region: { startLine: 2, startColumn: CP_START, endColumn: CP_END },
          },
        },
      ],
      relatedLocations: [
        {
          id: 1,
          physicalLocation: { artifactLocation: { uri: 'a.js' }, region: { startLine: 3, startColumn: 1 } },
        },
      ],
    };
    // columnKind after results, where CodeQL writes it.
    const run = {
      tool: { driver: { name: 'CodeQL' } },
      results: [result],
      ...(columnKind ? { columnKind } : {}),
    };
    writeFileSync(file, JSON.stringify({ version: '2.1.0', runs: [run] }));
    return file;
  }

  it('keeps the column kind on every region of the run and fixes the place it names', async () => {
    const { findings } = await loadFindings([sarif('unicodeCodePoints')], { root });
    expect(findings[0]!.location.region).toEqual({
      startLine: 2,
      startColumn: CP_START,
      endColumn: CP_END,
      columnKind: 'unicodeCodePoints',
    });
    expect(findings[0]!.relatedLocations[0]?.region?.columnKind).toBe('unicodeCodePoints');
    expect(columnUnitOf(findings[0]!)).toBe('codepoints');
    const r = fixFile({ path: 'a.js', language: 'javascript', source, findings, codemods: CODEMODS });
    expect(r.outcomes[0]).toMatchObject({ status: 'fixed', codemod: 'trust:js/secure-random', line: 2 });
    expect(r.after).toContain('const r = secureRandom();');
  });

  it('reads the same numbers as UTF-16 columns without columnKind (or with utf16CodeUnits)', async () => {
    for (const kind of [undefined, 'utf16CodeUnits']) {
      const { findings } = await loadFindings([sarif(kind)], { root });
      expect(findings[0]!.location.region?.columnKind).toBeUndefined();
      expect(columnUnitOf(findings[0]!)).toBe('utf16');
      // Two code units early: "r = Math.rando" is not the call, so nothing is touched.
      const r = fixFile({ path: 'a.js', language: 'javascript', source, findings, codemods: CODEMODS });
      expect(r.outcomes[0]?.status).toBe('unfixed');
      expect(r.after).toBe(source);
    }
  });
});
