/**
 * Every Python codemod against its fixtures: real SARIF in the scanner's shape, loaded by the
 * real ingest, fixed by the real engine with the whole catalogue. Each case asserts the exact
 * output, that it parses, that a second run changes nothing, and a guard left unfixed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outcomeLines, readFixture, runFixture } from './_harness.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

interface Case {
  id: string;
  dir: string;
  sarifs: string[];
  /** file -> expected output file */
  files: Record<string, string>;
  /** lines in the input files whose findings are left unfixed on purpose (import findings) */
  unfixedLines?: Record<string, number[]>;
  guard: { sarif: string; reason: RegExp };
  /** More inputs left alone: the reason each finding (by its line) must stay unfixed with. */
  leftAlone?: { file: string; sarif: string; reasons: Record<number, RegExp> };
}

const CASES: Case[] = [
  {
    id: 'trust:python/secure-random',
    dir: 'secure-random',
    sarifs: ['input.sarif'],
    files: { 'input.py': 'expected.py' },
    guard: { sarif: 'guard.sarif', reason: /calls random\.seed\(\)/ },
  },
  {
    id: 'trust:python/subprocess-shell-false',
    dir: 'subprocess-shell-false',
    sarifs: ['input.sarif'],
    files: { 'input.py': 'expected.py' },
    guard: { sarif: 'guard.sarif', reason: /uses shell syntax|program name itself comes from a value/ },
    leftAlone: {
      file: 'guard-list.py',
      sarif: 'guard-list.sarif',
      reasons: {
        8: /first item "ls \*\.txt \| wc -l" is a shell command line: without the shell it would run a program named/,
        13: /item "\/tmp\/cache\/\*\.tmp" uses shell syntax .* without one it would be passed as written/,
        18: /first item command comes from a value/,
      },
    },
  },
  {
    id: 'trust:python/harden-pyyaml',
    dir: 'harden-pyyaml',
    sarifs: ['input.sarif', 'semgrep.sarif'],
    files: { 'input.py': 'expected.py' },
    guard: { sarif: 'guard.sarif', reason: /ManifestLoader is a custom loader/ },
  },
  {
    id: 'trust:python/use-defusedxml',
    dir: 'use-defusedxml',
    sarifs: ['input.sarif'],
    files: { 'input.py': 'expected.py', 'minidom.py': 'expected-minidom.py' },
    unfixedLines: { 'input.py': [2], 'minidom.py': [2] },
    guard: { sarif: 'guard.sarif', reason: /passes its own parser/ },
  },
  {
    id: 'trust:python/requests-verify',
    dir: 'requests-verify',
    sarifs: ['input.sarif', 'codeql.sarif'],
    files: { 'input.py': 'expected.py' },
    guard: { sarif: 'guard.sarif', reason: /verify=VERIFY_TLS is decided at run time/ },
    leftAlone: {
      file: 'guard-callee.py',
      sarif: 'guard-callee.sarif',
      reasons: {
        9: /^store\.put\(\) is not a requests or httpx call this codemod can see, and verify= may mean something else there$/,
        14: /^session\.get\(\) is not a requests or httpx call/,
        20: /^client is not always a requests or httpx session here/,
      },
    },
  },
  {
    id: 'trust:python/requests-timeout',
    dir: 'requests-timeout',
    sarifs: ['input.sarif'],
    files: { 'input.py': 'expected.py' },
    guard: { sarif: 'guard.sarif', reason: /forwarded with \*args\/\*\*kwargs/ },
  },
  {
    id: 'trust:python/secure-tempfile',
    dir: 'secure-tempfile',
    sarifs: ['input.sarif'],
    files: { 'input.py': 'expected.py' },
    guard: { sarif: 'guard.sarif', reason: /inside a larger expression/ },
  },
  {
    id: 'trust:python/jinja2-autoescape',
    dir: 'jinja2-autoescape',
    sarifs: ['input.sarif'],
    files: { 'input.py': 'expected.py' },
    guard: { sarif: 'guard.sarif', reason: /autoescape=AUTOESCAPE is decided at run time/ },
  },
  {
    id: 'trust:python/sql-parameterization',
    dir: 'sql-parameterization',
    // Bandit reports the string, CodeQL the query argument, Semgrep the execute call: one fix.
    sarifs: ['input.sarif', 'codeql.sarif', 'semgrep.sarif'],
    files: { 'input.py': 'expected.py' },
    guard: { sarif: 'guard.sarif', reason: /term is part of a larger SQL literal/ },
  },
  {
    id: 'trust:python/flask-debug-off',
    dir: 'flask-debug',
    sarifs: ['input.sarif', 'codeql.sarif'],
    files: { 'input.py': 'expected.py' },
    guard: { sarif: 'codeql.sarif', reason: /debug=DEBUG is not a literal True/ },
  },
  {
    id: 'trust:python/jwt-verify',
    dir: 'jwt-verify',
    sarifs: ['semgrep.sarif'],
    files: { 'input.py': 'expected.py' },
    guard: { sarif: 'semgrep.sarif', reason: /no key is passed/ },
  },
  {
    id: 'trust:python/unverified-ssl-context',
    dir: 'unverified-ssl-context',
    sarifs: ['input.sarif'],
    files: { 'input.py': 'expected.py' },
    guard: { sarif: 'guard.sarif', reason: /sets verification options itself/ },
  },
];

describe.each(CASES)('$id', (c) => {
  const dir = join(FIXTURES, c.dir);

  it.each(Object.entries(c.files))(
    'fixes %s exactly, parses, and a second run is a no-op',
    async (file, expected) => {
      const run = await runFixture(dir, file, c.sarifs);
      expect(run.findings.length).toBeGreaterThan(0);
      const unfixed = c.unfixedLines?.[file] ?? [];
      for (const o of run.first.outcomes) {
        const line = o.finding.location.region?.startLine ?? 0;
        if (unfixed.includes(line)) expect(o.status, outcomeLines(run.first).join('\n')).toBe('unfixed');
        else
          expect({ line, status: o.status, codemod: o.codemod, reason: o.reason }).toEqual({
            line,
            status: 'fixed',
            codemod: c.id,
            reason: undefined,
          });
      }
      expect(run.first.after).toBe(readFixture(dir, expected));
      expect(run.syntaxErrorLine).toBeUndefined();
      expect(run.second.after).toBe(run.first.after);
      expect(run.second.outcomes.every((o) => o.status === 'unfixed')).toBe(true);
    },
  );

  it('leaves the guard case unfixed with a reason and the file untouched', async () => {
    const run = await runFixture(dir, 'guard.py', [c.guard.sarif]);
    expect(run.findings.length).toBeGreaterThan(0);
    expect(run.first.after).toBe(run.first.before);
    const routed = run.first.outcomes.filter((o) => o.codemod === c.id);
    expect(routed.length).toBe(run.findings.length);
    expect(routed.every((o) => o.status === 'unfixed')).toBe(true);
    expect(routed.some((o) => c.guard.reason.test(o.reason ?? ''))).toBe(true);
  });

  const leftAlone = c.leftAlone;
  if (leftAlone)
    it('leaves each finding of the left-alone case unfixed with its reason', async () => {
      const { file, sarif, reasons } = leftAlone;
      const run = await runFixture(dir, file, [sarif]);
      expect(run.first.after).toBe(run.first.before);
      const got = run.first.outcomes.map((o) => ({
        line: o.finding.location.region?.startLine ?? 0,
        codemod: o.codemod,
        status: o.status,
        reason: o.reason,
      }));
      expect(got.map((g) => g.line).sort((a, b) => a - b)).toEqual(Object.keys(reasons).map(Number));
      for (const g of got) {
        expect({ line: g.line, codemod: g.codemod, status: g.status }).toEqual({
          line: g.line,
          codemod: c.id,
          status: 'unfixed',
        });
        expect(g.reason, `line ${g.line}`).toMatch(reasons[g.line]!);
      }
    });
});

describe('imports and dependencies', () => {
  it('adds `import secrets` once for three fixes, in isort order among the standard-library imports', async () => {
    const run = await runFixture(join(FIXTURES, 'secure-random'), 'input.py', ['input.sarif']);
    expect(run.first.after.match(/^import secrets$/gm)).toHaveLength(1);
    expect(run.first.after.split('\n').slice(1, 4)).toEqual([
      'import random',
      'import secrets',
      'import string',
    ]);
  });

  it('adds no import when the module is already imported (yaml, requests, tempfile)', async () => {
    for (const dir of ['harden-pyyaml', 'requests-timeout', 'secure-tempfile']) {
      const run = await runFixture(join(FIXTURES, dir), 'input.py', ['input.sarif']);
      const importsBefore = run.first.before.match(/^(import|from) /gm) ?? [];
      const importsAfter = run.first.after.match(/^(import|from) /gm) ?? [];
      expect(importsAfter.length, dir).toBe(importsBefore.length);
    }
  });

  it('reports defusedxml as a package action instead of editing requirements', async () => {
    const run = await runFixture(join(FIXTURES, 'use-defusedxml'), 'input.py', ['input.sarif']);
    const actions = run.first.fixes.flatMap((f) => f.packageActions);
    expect(actions.length).toBe(2);
    expect(new Set(actions.map((a) => `${a.action} ${a.package}`))).toEqual(
      new Set(['add pkg:pypi/defusedxml']),
    );
  });
});

describe('several codemods in one file', () => {
  it('fixes five Bandit findings from four codemods in one run, with one import added', async () => {
    const run = await runFixture(join(FIXTURES, 'multi'), 'app.py', ['bandit.sarif']);
    expect(run.findings).toHaveLength(5);
    expect(run.first.outcomes.map((o) => o.status)).toEqual(['fixed', 'fixed', 'fixed', 'fixed', 'fixed']);
    expect(new Set(run.first.fixes.map((f) => f.codemod))).toEqual(
      new Set([
        'trust:python/secure-random',
        'trust:python/harden-pyyaml',
        'trust:python/requests-timeout',
        'trust:python/subprocess-shell-false',
      ]),
    );
    expect(run.first.after).toBe(readFixture(join(FIXTURES, 'multi'), 'expected.py'));
    expect(run.syntaxErrorLine).toBeUndefined();
    expect(run.second.after).toBe(run.first.after);
  });
});
