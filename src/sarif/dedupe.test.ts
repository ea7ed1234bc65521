import { describe, expect, it } from 'vitest';
import { Deduplicator } from './dedupe.js';
import type { Finding } from './finding.js';

// Ends in ffff: an ordinal (last four hex digits) never spells the base id itself here.
const BASE_ID = '7dd4898bc7b65f213c397a0ddbaeffff';

interface Spec {
  tool?: string;
  rule?: string;
  line?: number;
  column?: number;
  cwe?: number[];
  message?: string;
  id?: string;
}

let resultIndex = 0;
function finding(spec: Spec): Finding {
  const tool = spec.tool ?? 'ESLint';
  const rule = spec.rule ?? 'no-eval';
  return {
    id: spec.id ?? BASE_ID,
    tool: { name: tool },
    rule: { id: rule },
    level: 'warning',
    cwe: spec.cwe ?? [],
    message: spec.message ?? 'eval can be harmful.',
    location: {
      status: 'in-tree',
      path: 'dist/bundle.min.js',
      region: { startLine: spec.line ?? 1, startColumn: spec.column ?? 1 },
    },
    relatedLocations: [],
    codeFlows: [],
    partialFingerprints: {},
    suppressed: false,
    suppressions: [],
    sources: [{ file: 'a.sarif', runIndex: 0, resultIndex: resultIndex++, tool, ruleId: rule }],
  };
}

function dedupe(specs: Spec[]): Deduplicator {
  const d = new Deduplicator();
  for (const spec of specs) d.add(finding(spec));
  return d;
}

describe('Deduplicator on one rule at one line (a minified bundle)', () => {
  it('keeps every column, merges exact repeats, and numbers the shared id', () => {
    const specs: Spec[] = [];
    for (let n = 0; n < 3000; n++) specs.push({ column: 1 + (n % 10 === 9 ? n - 1 : n) });
    const first = resultIndex;
    const d = dedupe(specs);
    expect(d.findings).toHaveLength(2700);
    expect(d.merged).toBe(300);
    expect(d.findings.map((f) => f.location.region?.startColumn)).toEqual(
      specs.filter((_, n) => n % 10 !== 9).map((s) => s.column),
    );
    expect(d.findings[0]!.id).toBe(BASE_ID);
    expect(d.findings[1]!.id).toBe(`${BASE_ID.slice(0, 28)}0002`);
    expect(d.findings[2699]!.id).toBe(`${BASE_ID.slice(0, 28)}${(2700).toString(16).padStart(4, '0')}`);
    expect(new Set(d.findings.map((f) => f.id)).size).toBe(2700);
    // Column 9 (n = 8) was repeated by n = 9: one finding with both reports.
    expect(d.findings[8]!.sources.map((s) => s.resultIndex)).toEqual([first + 8, first + 9]);
    expect(d.findings.filter((f) => f.sources.length === 2)).toHaveLength(300);
  });

  it('merges a second tool into the earliest finding it has not reported yet, by rule or CWE', () => {
    const specs: Spec[] = [];
    for (let n = 0; n < 500; n++) specs.push({ tool: 'ESLint', rule: 'no-eval', column: n + 1, cwe: [95] });
    specs.push(
      { tool: 'Semgrep', rule: 'NO-EVAL', column: 900 },
      { tool: 'Semgrep', rule: 'no-eval', column: 901 },
    );
    specs.push({ tool: 'CodeQL', rule: 'js/code-injection', column: 3, cwe: [94, 95] });
    const d = dedupe(specs);
    expect(d.findings).toHaveLength(500);
    expect(d.merged).toBe(3);
    expect(d.findings[0]!.sources.map((s) => s.tool)).toEqual(['ESLint', 'Semgrep', 'CodeQL']);
    expect(d.findings[0]!.cwe).toEqual([94, 95]);
    expect(d.findings[1]!.sources.map((s) => s.tool)).toEqual(['ESLint', 'Semgrep']);
  });

  it('finds an earlier finding through a CWE it gained in a merge, before a later one', () => {
    const d = dedupe([
      { tool: 'A', rule: 'r1', column: 1 },
      { tool: 'A', rule: 'r2', column: 2, cwe: [89] },
      { tool: 'B', rule: 'R1', column: 5, cwe: [89] },
      { tool: 'C', rule: 'z', column: 7, cwe: [89] },
      { tool: 'D', rule: 'y', column: 8, cwe: [79, 89] },
      { tool: 'D', rule: 'y', column: 9, cwe: [79, 89] },
    ]);
    expect(d.findings.map((f) => f.sources.map((s) => s.tool).join('+'))).toEqual(['A+B+C+D', 'A+D']);
    expect(d.findings[0]!.cwe).toEqual([79, 89]);
  });

  it('looks at an older finding first once it gains a CWE, for every tool', () => {
    const d = dedupe([
      { tool: 'X', rule: 'a', column: 1 },
      { tool: 'X', rule: 'b', column: 2, cwe: [89] },
      { tool: 'T', rule: 't', column: 3, cwe: [89] },
      { tool: 'T', rule: 't', column: 4, cwe: [89] },
      // Merges into the first finding (same rule), which now has CWE 89 too...
      { tool: 'U', rule: 'A', column: 5, cwe: [89] },
      // ...so T's next CWE-89 result joins it, though T's scan had gone past it.
      { tool: 'T', rule: 's', column: 6, cwe: [89] },
    ]);
    expect(d.findings.map((f) => f.sources.map((s) => s.tool).join('+'))).toEqual(['X+U+T', 'X+T', 'T']);
  });
});

/** The plain scan of every finding at the line that the index replaced: the reference. */
function referenceDedupe(findings: Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const tool = f.tool.name.toLowerCase();
    const line = f.location.region?.startLine;
    const key = (g: Finding) =>
      [g.tool.name.toLowerCase(), g.rule.id, g.location.region?.startColumn, g.message].join('|');
    const same =
      out.find((g) => g.location.region?.startLine === line && key(g) === key(f)) ??
      out.find(
        (g) =>
          g.location.region?.startLine === line &&
          !g.sources.some((s) => s.tool.toLowerCase() === tool) &&
          (g.rule.id.toLowerCase() === f.rule.id.toLowerCase() || g.cwe.some((c) => f.cwe.includes(c))),
      );
    if (!same) {
      out.push(f);
      continue;
    }
    same.sources.push(...f.sources);
    same.cwe = [...new Set([...same.cwe, ...f.cwe])].sort((a, b) => a - b);
  }
  return out;
}

describe('Deduplicator against the plain scan', () => {
  it('groups random results from several tools exactly as the scan does', () => {
    let seed = 7;
    const pick = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 40; round++) {
      const specs: Spec[] = Array.from({ length: 300 }, () => ({
        tool: ['A', 'b', 'B', 'C'][pick(4)],
        rule: ['r1', 'R1', 'r2', 'r3'][pick(4)],
        line: 1 + pick(3),
        column: 1 + pick(6),
        cwe: [[], [79], [89], [79, 89], [22]][pick(5)],
        id: `id${pick(5)}`.padEnd(32, '0'),
      }));
      const describeAll = (list: Finding[]) =>
        list.map(
          (f) =>
            `${f.rule.id}@${f.location.region?.startLine} ${f.cwe} ${f.sources.map((s) => s.resultIndex)}`,
        );
      const start = resultIndex;
      const expected = describeAll(referenceDedupe(specs.map(finding)));
      resultIndex = start;
      expect(describeAll(dedupe(specs).findings)).toEqual(expected);
    }
  });
});
