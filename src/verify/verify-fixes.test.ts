/**
 * The engine of --verify on a real project: real ESLint (eslint-plugin-security, SARIF
 * formatter) as the scan, the project's own node:test suite and build script as the checks,
 * the real fix pipeline with the catalogue's codemods. The two Fixers written here stand in for
 * an LLM's proposals (the Fixer interface the LLM fixer implements): one that leaves the
 * finding in place, one that breaks a test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEMODS } from '../../codemods/index.js';
import { makeGitRepo, type TempRepo } from '../../test/helpers/git-repo.js';
import { SCAN, verifyProject } from '../../test/helpers/verify-project.js';
import type { Fixer } from '../fix/fixer.js';
import { type FixRun, runFixes } from '../fix/pipeline.js';
import type { Finding } from '../sarif/finding.js';
import { loadFindings } from '../sarif/index.js';
import { runCommand } from './run-command.js';
import { verifyFixes } from './verify-fixes.js';

/** A fixer that replaces `from` with `to` in the flagged file, for findings of one rule (and file). */
function replacer(id: string, rule: string, from: string, to: string, path?: string): Fixer {
  return {
    id,
    accepts: (f) => f.rule.id === rule && (!path || f.location.path === path),
    fix: async (req) => {
      const at = req.source.indexOf(from);
      if (at < 0) return { unfixed: `${from} not found` };
      return { edits: [{ start: at, end: at + from.length, text: to }], description: `${from} -> ${to}` };
    },
  };
}

async function scanned(root: string): Promise<Finding[]> {
  const sarif = join(root, '.scan.sarif');
  await runCommand({ name: 'eslint', command: SCAN }, { cwd: root, env: process.env, sarif });
  return (await loadFindings([sarif], { root })).findings;
}

const SOURCES = {
  'src/search.js': [
    'function matchesQuery(title, query) {',
    "  return new RegExp(query, 'i').test(title);",
    '}',
    '',
    'module.exports = { matchesQuery };',
    '',
  ].join('\n'),
  'src/run-code.js': [
    'function run(code) {',
    '  return eval(code);',
    '}',
    '',
    'module.exports = { run };',
    '',
  ].join('\n'),
  'src/words.js': [
    'const REPEATED = /^(a+)+$/;',
    '',
    'function onlyAs(text) {',
    '  return REPEATED.test(text);',
    '}',
    '',
    'module.exports = { onlyAs };',
    '',
  ].join('\n'),
  'src/token.js': [
    "const crypto = require('crypto');",
    '',
    'function newToken() {',
    "  return crypto.pseudoRandomBytes(16).toString('hex');",
    '}',
    '',
    'module.exports = { newToken };',
    '',
  ].join('\n'),
  'test/token.test.js': [
    "const test = require('node:test');",
    "const assert = require('node:assert');",
    "const { newToken } = require('../src/token.js');",
    "test('newToken is 32 hex digits', () => assert.match(newToken(), /^[0-9a-f]{32}$/));",
    '',
  ].join('\n'),
  'test/search.test.js': [
    "const test = require('node:test');",
    "const assert = require('node:assert');",
    "const { matchesQuery } = require('../src/search.js');",
    "test('matchesQuery ignores case', () => assert.strictEqual(matchesQuery('Hello World', 'world'), true));",
    "test('matchesQuery misses what is not there', () => assert.strictEqual(matchesQuery('Hello', 'bye'), false));",
    '',
  ].join('\n'),
  'test/words.test.js': [
    "const test = require('node:test');",
    "const assert = require('node:assert');",
    "const { onlyAs } = require('../src/words.js');",
    "test('onlyAs accepts runs of a', () => assert.strictEqual(onlyAs('aaa'), true));",
    "test('onlyAs rejects other letters', () => assert.strictEqual(onlyAs('ab'), false));",
    '',
  ].join('\n'),
  'test/run-code.test.js': [
    "const test = require('node:test');",
    "const assert = require('node:assert');",
    "const { run } = require('../src/run-code.js');",
    "test('run evaluates', () => assert.strictEqual(run('1 + 1'), 2));",
    '',
  ].join('\n'),
};

describe('verifyFixes with real ESLint and a real test suite', () => {
  let repo: TempRepo;
  let findings: Finding[];
  let run: FixRun;

  beforeAll(async () => {
    repo = await makeGitRepo(verifyProject(SOURCES));
    findings = await scanned(repo.dir);
    run = await runFixes({
      root: repo.dir,
      findings,
      codemods: CODEMODS,
      fixers: [
        // Still eval: ESLint reports it on the line the fix wrote.
        replacer(
          'trust:test/eval-wrapper',
          'security/detect-eval-with-expression',
          'eval(code)',
          'eval(String(code))',
        ),
        // A safe regex that no longer matches what the tests expect.
        replacer('trust:test/regex-narrow', 'security/detect-unsafe-regex', '/^(a+)+$/', '/^a$/'),
      ],
      write: false,
      jobs: 1,
    });
  }, 60_000);
  afterAll(() => repo?.cleanup());

  it('keeps the correct fix, drops the one that leaves its finding and the one that breaks a test', async () => {
    expect(findings.map((f) => f.rule.id).sort()).toEqual([
      'security/detect-eval-with-expression',
      'security/detect-non-literal-regexp',
      'security/detect-pseudoRandomBytes',
      'security/detect-unsafe-regex',
    ]);
    expect(run.files.map((f) => f.path).sort()).toEqual([
      'src/run-code.js',
      'src/search.js',
      'src/token.js',
      'src/words.js',
    ]);
    const result = await verifyFixes({
      root: repo.dir,
      run,
      before: findings,
      config: {
        scan: { name: 'eslint', command: SCAN },
        checks: [{ name: 'tests', command: 'node --test' }],
      },
      env: process.env,
      keep: true,
    });
    const byKey = new Map(result.outcomes.map((v) => [v.key, v.outcome]));
    expect(byKey.get('codemod:trust:js/secure-random')).toEqual({
      kept: true,
      findingGone: true,
      checks: '6/6 tests pass',
    });
    // Escaping the value is the fix; the rule still flags any non-literal RegExp (a mitigation).
    expect(byKey.get('codemod:trust:js/regexp-escape')).toEqual({
      kept: true,
      findingGone: false,
      checks: '6/6 tests pass',
    });
    const evalOutcome = byKey.get('codemod:trust:test/eval-wrapper');
    expect(evalOutcome).toMatchObject({ kept: false, command: SCAN });
    expect(evalOutcome?.kept === false && evalOutcome.reason).toMatch(
      /^the scanner still reports security\/detect-eval-with-expression at src\/run-code\.js:2/,
    );
    const regexOutcome = byKey.get('codemod:trust:test/regex-narrow');
    expect(regexOutcome).toMatchObject({ kept: false, command: 'node --test' });
    expect(regexOutcome?.kept === false && regexOutcome.reason).toMatch(
      /^tests failed \(exit 1\) with this fix: failing: onlyAs accepts runs of a(;|$)/,
    );
    // The tree holds the kept fix only; the dropped ones are undone.
    expect(readFileSync(join(repo.dir, 'src/search.js'), 'utf8')).toContain('escapeRegExp(query)');
    expect(readFileSync(join(repo.dir, 'src/run-code.js'), 'utf8')).toBe(SOURCES['src/run-code.js']);
    expect(readFileSync(join(repo.dir, 'src/words.js'), 'utf8')).toBe(SOURCES['src/words.js']);
    // What comes after (CodeTF, delivery, the log) sees the dropped findings unfixed, with why.
    expect(readFileSync(join(repo.dir, 'src/token.js'), 'utf8')).toContain('crypto.randomBytes(16)');
    expect(result.run.files.map((f) => f.path)).toEqual(['src/search.js', 'src/token.js']);
    const unfixed = result.run.outcomes.filter((o) => o.status === 'unfixed').map((o) => o.reason);
    expect(unfixed).toHaveLength(2);
    for (const reason of unfixed) expect(reason).toMatch(/^--verify dropped the fix: /);
    // Baseline, the rescan, the tests with the three fixes the rescan kept, then the first half
    // alone (passes: the culprit is the third, and what is left is that half, already tested).
    expect(result.runs.map((r) => r.phase)).toEqual(['baseline', 'scan', 'check', 'check']);
    expect(result.checkRuns).toBe(2);
  }, 120_000);

  it('a scan command that writes no SARIF is a one-line configuration error, and the tree is as scanned', async () => {
    const error = await verifyFixes({
      root: repo.dir,
      run,
      before: findings,
      config: { scan: { name: 'scan', command: 'node -e "process.exit(0)" {sarif}' }, checks: [] },
      env: process.env,
      keep: true,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2 });
    expect((error as Error).message).toBe(
      'verify: the scan command wrote no SARIF to {sarif} (exit 0): node -e "process.exit(0)" {sarif}',
    );
    for (const path of ['src/search.js', 'src/run-code.js', 'src/words.js', 'src/token.js'] as const)
      expect(readFileSync(join(repo.dir, path), 'utf8')).toBe(SOURCES[path]);
  }, 60_000);
});
