/** `trust codemods list` / `show`: the catalogue as people and machines read it. */
import { describe, expect, it } from 'vitest';
import { hasStackTrace, runTrust } from './helpers/run-trust.js';

interface Described {
  id: string;
  title: string;
  cwe: number[];
  languages: string[];
  rules: Record<string, string[]>;
  reviewGuidance: string;
  references: { url: string }[];
}

describe('trust codemods', () => {
  it('lists the catalogue with --json: at least 12 JS/TS codemods, each mapped to scanner rules', async () => {
    const r = await runTrust(['codemods', 'list', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as Described[];
    const js = list.filter((c) => c.id.startsWith('trust:js/'));
    expect(js.length).toBeGreaterThanOrEqual(12);
    for (const c of list) {
      expect(c.id).toMatch(/^trust:[a-z]+\/[a-z0-9-]+$/);
      expect(c.cwe.length, c.id).toBeGreaterThan(0);
      expect(Object.values(c.rules).flat().length, c.id).toBeGreaterThan(0);
      expect(['merge-without-review', 'merge-after-cursory-review', 'merge-after-review']).toContain(
        c.reviewGuidance,
      );
      expect(c.references.length, c.id).toBeGreaterThan(0);
    }
    expect(new Set(list.map((c) => c.id)).size).toBe(list.length);
  });

  it('shows one codemod for people, and refuses an unknown id with exit 2', async () => {
    const r = await runTrust(['codemods', 'show', 'js/child-process-no-shell']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('trust:js/child-process-no-shell: Run commands without a shell');
    expect(r.stdout).toMatch(/codeql\s+js\/command-line-injection/);
    expect(r.stdout).toMatch(/eslint\s+security\/detect-child-process/);
    const bad = await runTrust(['codemods', 'show', 'js/nope']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('no codemod js/nope');
    expect(hasStackTrace(bad.stderr)).toBe(false);
  });
});
