/**
 * --fail-on <level> (issue 10 §4): `findings`, `triage` and `fix` exit 1 exactly when an
 * unresolved finding at the level or above remains, with one line naming it; 0 otherwise.
 * Unresolved: not fixed, not triaged false_positive / wont_fix, not suppressed by the scanner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempRepo } from './helpers/git-repo.js';
import { hasStackTrace, runTrust } from './helpers/run-trust.js';
import { weakHashRepo } from './helpers/weak-hash-repo.js';

// src/fixed.js: an error a codemod fixes; src/open.js: a warning no codemod answers;
// test/t.test.js: an error in test code, which triage sets aside as wont_fix.
const RESULTS = [
  { uri: 'src/fixed.js', level: 'error' },
  { uri: 'src/open.js', level: 'warning', rule: 'js/sql-injection' },
  { uri: 'test/t.test.js', level: 'error' },
] as const;

let repo: TempRepo;
beforeAll(async () => {
  repo = await weakHashRepo(
    RESULTS.map((r) => r.uri),
    RESULTS,
  );
});
afterAll(async () => repo.cleanup());

async function code(args: string[], env: Record<string, string> = {}): Promise<number> {
  const r = await runTrust(args, { cwd: repo.dir, env });
  expect(hasStackTrace(r.stderr)).toBe(false);
  if (r.exitCode === 1) {
    const last = r.stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(
      /^trust: \d+ unresolved findings? remains? at (error|warning|note) or above \(--fail-on/,
    );
  }
  return r.exitCode;
}

describe('--fail-on', () => {
  it('findings: every finding is unresolved', async () => {
    expect(await code(['findings', 'a.sarif'])).toBe(0);
    expect(await code(['findings', 'a.sarif', '--fail-on', 'error'])).toBe(1);
    expect(await code(['findings', 'a.sarif', '--fail-on', 'never'])).toBe(0);
    expect(await code(['findings', 'a.sarif', '--fail-on', 'none'])).toBe(0);
    expect(await code(['findings', 'a.sarif', '--level', 'warning', '--fail-on', 'error'])).toBe(0);
    expect(await code(['findings', 'a.sarif', '--level', 'warning', '--fail-on', 'note'])).toBe(1);
    expect(await code(['findings', 'a.sarif'], { TRUST_FAIL_ON: 'warning' })).toBe(1);
  });

  it('triage: test code set aside does not count; what needs review does', async () => {
    // src/fixed.js (error) needs review, so error fails; only test/ left -> passes.
    expect(await code(['triage', 'a.sarif', '--fail-on', 'error'])).toBe(1);
    expect(await code(['triage', 'a.sarif', '--path', 'test/**', '--fail-on', 'error'])).toBe(0);
    expect(await code(['triage', 'a.sarif', '--path', 'test/**', '--fail-on', 'note'])).toBe(0);
  });

  it('fix: what the fix leaves unresolved counts; a dry run fixes nothing', async () => {
    expect(await code(['fix', 'a.sarif', '--dry-run', '--fail-on', 'error'])).toBe(1);
    expect(await code(['fix', 'a.sarif', '--dry-run', '--fail-on', 'never'])).toBe(0);
    // The error in src/ is fixed, the one in test/ set aside: only the warning remains.
    expect(await code(['fix', 'a.sarif', '--fail-on', 'error'])).toBe(0);
    await repo.git.raw(['checkout', '--', '.']);
    expect(await code(['fix', 'a.sarif', '--fail-on', 'warning'])).toBe(1);
  });

  it('refuses a level it does not know with exit 2', async () => {
    const r = await runTrust(['findings', 'a.sarif', '--fail-on', 'high'], { cwd: repo.dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain("'high' is invalid");
    const env = await runTrust(['findings', 'a.sarif'], { cwd: repo.dir, env: { TRUST_FAIL_ON: 'high' } });
    expect(env.exitCode).toBe(2);
    expect(env.stderr).toBe('trust: TRUST_FAIL_ON: "high" is not one of error, warning, note, none, never\n');
  });
});
