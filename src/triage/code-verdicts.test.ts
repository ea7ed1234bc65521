/**
 * Triage reads what the codemod reads: on the real ESLint SARIF of the codemod fixtures, the
 * places the codemod leaves alone get its decision and reason under a trust/ rule id, and the
 * places it fixes get none (they stay for `trust fix`).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CODEMODS } from '../../codemods/index.js';
import { loadFindings } from '../sarif/index.js';
import { classifyFindings } from './classify.js';

const FIXTURES = join(import.meta.dirname, '../../codemods/js/fixtures');
const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

async function triage(fixture: string) {
  const root = mkdtempSync(join(tmpdir(), 'trust-verdicts-'));
  roots.push(root);
  cpSync(join(FIXTURES, fixture), root, { recursive: true });
  const { findings } = await loadFindings([join(root, 'eslint.sarif')], { root });
  return classifyFindings(findings, root, CODEMODS).map((d) => ({
    line: d.finding.location.region?.startLine,
    decision: d.decision,
    rule: d.rule,
    why: d.justification,
  }));
}

describe('triage from the code: no-insecure-url', () => {
  it('decides the identifiers, loopback and reserved hosts, and says why the rest needs review', async () => {
    const got = await triage('https-url/left-alone');
    const at = (line: number) => got.filter((d) => d.line === line);
    expect(at(11)).toEqual([
      expect.objectContaining({ decision: 'false_positive', rule: 'trust/insecure-url-not-fetched' }),
    ]);
    expect(at(11)[0]!.why).toMatch(
      /^the value of "\$schema": a namespace identifier, compared as a string and never fetched \[trust\/insecure-url-not-fetched\]$/,
    );
    expect(at(19)).toEqual([
      expect.objectContaining({ decision: 'false_positive', rule: 'trust/insecure-url-local' }),
    ]);
    expect(at(20)[0]).toMatchObject({ decision: 'false_positive', rule: 'trust/insecure-url-local' });
    expect(at(22)[0]).toMatchObject({ decision: 'needs_review', rule: 'trust/insecure-url-review' });
    expect(at(22)[0]!.why).toMatch(/private or internal host \(10\.0\.0\.5\)/);
    expect(got.filter((d) => d.decision === 'false_positive')).toHaveLength(10);
    expect(got.filter((d) => d.rule === 'trust/default')).toEqual([]);
  });

  it('gives no decision where the codemod upgrades the URL', async () => {
    const got = await triage('https-url/basic');
    expect(got).toHaveLength(5);
    expect(got.every((d) => d.rule === 'trust/default' && d.decision === 'needs_review')).toBe(true);
  });
});

describe('triage from the code: detect-possible-timing-attacks', () => {
  it('calls presence checks, non-strings and confirmations false positives', async () => {
    const got = await triage('timing-safe-equal/left-alone');
    expect(got.map((d) => [d.line, d.decision, d.rule])).toEqual([
      [6, 'false_positive', 'trust/timing-attack-no-secret'],
      [7, 'false_positive', 'trust/timing-attack-no-secret'],
      [8, 'false_positive', 'trust/timing-attack-no-secret'],
      [9, 'needs_review', 'trust/timing-attack-review'],
      [10, 'false_positive', 'trust/timing-attack-no-secret'],
      [11, 'needs_review', 'trust/timing-attack-review'],
      [12, 'false_positive', 'trust/timing-attack-no-secret'],
      [13, 'false_positive', 'trust/timing-attack-no-secret'],
      [14, 'false_positive', 'trust/timing-attack-no-secret'],
    ]);
  });

  it('gives no decision where the codemod compares in constant time', async () => {
    const got = await triage('timing-safe-equal/basic');
    expect(got.map((d) => d.rule)).toEqual(['trust/default', 'trust/default']);
  });
});
