/**
 * Every Java codemod against its fixtures: Semgrep- and CodeQL-shaped SARIF loaded by the real
 * ingest, fixed by the real engine with the whole catalogue. Each case asserts the exact
 * output, that it parses, that a second run changes nothing, and a guard left unfixed.
 * (The expected outputs were also compiled with javac, servlet types stubbed, when written.)
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outcomeLines, readFixture, runFixture } from '../python/_harness.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

interface Case {
  id: string;
  dir: string;
  sarifs: string[];
  file: string;
  /** How many findings in `file` (several scanners may report one problem). */
  findings: number;
  guard: { file: string; sarif: string; reason: RegExp };
}

const CASES: Case[] = [
  {
    id: 'trust:java/secure-random',
    dir: 'secure-random',
    sarifs: ['semgrep.sarif'],
    file: 'ResetTokens.java',
    findings: 2,
    guard: { file: 'Shuffler.java', sarif: 'semgrep.sarif', reason: /the generator is seeded/ },
  },
  {
    id: 'trust:java/harden-xxe',
    dir: 'xxe',
    sarifs: ['semgrep.sarif', 'codeql.sarif'],
    file: 'InvoiceParser.java',
    findings: 4,
    guard: { file: 'Guard.java', sarif: 'codeql.sarif', reason: /not held in a variable \(built inline\)/ },
  },
  {
    id: 'trust:java/secure-cookie',
    dir: 'insecure-cookie',
    sarifs: ['semgrep.sarif', 'codeql.sarif'],
    file: 'SessionController.java',
    findings: 4,
    guard: { file: 'Guard.java', sarif: 'codeql.sarif', reason: /created inside the addCookie call/ },
  },
  {
    id: 'trust:java/strip-newlines',
    dir: 'strip-newlines',
    sarifs: ['codeql.sarif'],
    file: 'AuditTrail.java',
    findings: 3,
    guard: { file: 'Guard.java', sarif: 'codeql.sarif', reason: /lang may be null/ },
  },
  {
    id: 'trust:java/sql-parameterizer',
    dir: 'sql-parameterizer',
    sarifs: ['codeql.sarif', 'semgrep.sarif'],
    file: 'UserDao.java',
    // CodeQL and Semgrep both report line 25; ingest merges them into one finding.
    findings: 3,
    guard: { file: 'Guard.java', sarif: 'codeql.sarif', reason: /table is used as a table or column name/ },
  },
];

describe.each(CASES)('$id', (c) => {
  const dir = join(FIXTURES, c.dir);

  it(`fixes ${c.file} exactly, parses, and a second run is a no-op`, async () => {
    const run = await runFixture(dir, c.file, c.sarifs);
    expect(run.findings).toHaveLength(c.findings);
    for (const o of run.first.outcomes) {
      expect({ status: o.status, codemod: o.codemod }, outcomeLines(run.first).join('\n')).toEqual({
        status: 'fixed',
        codemod: c.id,
      });
    }
    expect(run.first.after).toBe(readFixture(dir, c.file.replace('.java', '.expected.java')));
    expect(run.syntaxErrorLine).toBeUndefined();
    expect(run.second.after).toBe(run.first.after);
    expect(run.second.outcomes.every((o) => o.status === 'unfixed')).toBe(true);
  });

  it(`leaves ${c.guard.file} unfixed with a reason and untouched`, async () => {
    const run = await runFixture(dir, c.guard.file, [c.guard.sarif]);
    expect(run.findings.length).toBeGreaterThan(0);
    expect(run.first.after).toBe(run.first.before);
    for (const o of run.first.outcomes) {
      expect(o.status).toBe('unfixed');
      expect(o.codemod).toBe(c.id);
      expect(o.reason).toMatch(c.guard.reason);
    }
  });
});

describe('several findings on one place', () => {
  it('merges a Semgrep and a CodeQL finding on the same parser into one hardening statement', async () => {
    const run = await runFixture(join(FIXTURES, 'xxe'), 'InvoiceParser.java', [
      'semgrep.sarif',
      'codeql.sarif',
    ]);
    expect(run.first.after.match(/dbf\.setFeature/g)).toHaveLength(1);
    expect(run.first.fixes.filter((f) => f.merged)).toHaveLength(1);
  });

  it('applies a Secure and an HttpOnly finding on one addCookie without a collision', async () => {
    const run = await runFixture(join(FIXTURES, 'insecure-cookie'), 'SessionController.java', [
      'semgrep.sarif',
      'codeql.sarif',
    ]);
    const lines = run.first.after.split('\n').map((l) => l.trim());
    const add = lines.indexOf('response.addCookie(session);');
    expect(lines.slice(add - 2, add)).toEqual(['session.setHttpOnly(true);', 'session.setSecure(true);']);
  });

  it('adds the SecureRandom import once for two fixes, after the existing imports', async () => {
    const run = await runFixture(join(FIXTURES, 'secure-random'), 'ResetTokens.java', ['semgrep.sarif']);
    expect(run.first.after.match(/^import java\.security\.SecureRandom;$/gm)).toHaveLength(1);
    // The unflagged field initializer is not touched: only reported nodes change.
    expect(run.first.after).toContain('private final Random random = new Random();');
  });
});
