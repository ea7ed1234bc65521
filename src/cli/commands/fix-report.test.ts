import { describe, expect, it } from 'vitest';
import type { FindingOutcome } from '../../fix/engine.js';
import type { FixRun } from '../../fix/pipeline.js';
import type { Finding } from '../../sarif/finding.js';
import { summarize, summaryLines, type TriageNote } from './fix-report.js';

function finding(rule: string, line: number): Finding {
  return {
    id: `${rule}:${line}`,
    rule: { id: rule },
    location: { path: 'a.js', region: { startLine: line } },
  } as Finding;
}

function outcome(f: Finding, status: string, reason?: string): FindingOutcome {
  return { finding: f, path: 'a.js', status, reason } as unknown as FindingOutcome;
}

describe('the grouped fix summary', () => {
  const a = finding('rule/a', 1);
  const b = finding('rule/a', 2);
  const c = finding('constructor', 3);
  const d = finding('rule/b', 4);
  const e = finding('rule/b', 5);
  const notes = new Map<Finding, TriageNote>([
    [b, { kind: 'triaged', by: 'a person' }],
    [d, { kind: 'needs_review', by: 'trust/object-injection' }],
  ]);
  const outcomes = [
    outcome(a, 'fixed'),
    outcome(b, 'unfixed', 'marked wont_fix by git:Ada on 2025-03-01: legacy'),
    outcome(c, 'mitigated', 'suppressed with its reason'),
    outcome(d, 'unfixed', 'left for review'),
    outcome(e, 'unfixed', 'no codemod'),
  ];

  it('counts by outcome kind and by rule, any status as its own kind', () => {
    expect(summarize(outcomes, notes)).toEqual({
      byOutcome: { fixed: 1, triaged: 1, mitigated: 1, needs_review: 1, unfixed: 1 },
      byRule: {
        'rule/a': { fixed: 1, triaged: 1 },
        constructor: { mitigated: 1 },
        'rule/b': { needs_review: 1, unfixed: 1 },
      },
    });
  });

  it('prints one line per kind and rule, not per finding, except what a person decided', () => {
    const run = { outcomes, files: [], dropped: [], written: 0, workers: 0 } as unknown as FixRun;
    const lines = summaryLines(run, notes, summarize(outcomes, notes)).join('\n').split('\n');
    expect(lines[0]).toBe('Outcomes: 1 fixed, 1 mitigated, 1 triaged, 1 needs_review, 1 unfixed');
    expect(lines[1]).toMatch(/^rule\s+findings\s+fixed\s+mitigated\s+triaged\s+needs_review\s+unfixed$/);
    expect(lines.slice(3, 6).map((l) => l.split(/\s+/)[0])).toEqual(['rule/a', 'rule/b', 'constructor']);
    expect(lines).toContain('Triaged by: 1 marked by a person');
    expect(lines).toContain('  a.js:2  rule/a  marked wont_fix by git:Ada on 2025-03-01: legacy');
    expect(lines.join('\n')).not.toContain('no codemod');
    expect(lines).toHaveLength(8);
  });
});
