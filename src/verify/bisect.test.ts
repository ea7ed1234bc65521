/**
 * The bisect on a real project: five fix groups (one Fixer per file, as five LLM proposals
 * would be five groups), one of which breaks the project's build script. Exactly that one is
 * dropped, within 1 + 2·log2(5) check runs after the baseline. A check that hangs with a fix is
 * killed at its timeout and counts as failed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGitRepo, type TempRepo } from '../../test/helpers/git-repo.js';
import { SCAN, verifyProject } from '../../test/helpers/verify-project.js';
import type { Fixer } from '../fix/fixer.js';
import { type FixRun, runFixes } from '../fix/pipeline.js';
import type { Finding } from '../sarif/finding.js';
import { loadFindings } from '../sarif/index.js';
import { runCommand } from './run-command.js';
import { verifyFixes } from './verify-fixes.js';

const FILES = [1, 2, 3, 4, 5].map((i) => `src/m${i}.js`);
const SOURCE = [
  'function run(code) {',
  '  return eval(code);',
  '}',
  '',
  'module.exports = { run };',
  '',
].join('\n');

/** Every module must load and evaluate "1 + 1" to 2. */
const BUILD = [
  `for (const file of ${JSON.stringify(FILES)}) {`,
  "  const value = require('./' + file).run('1 + 1');",
  "  if (value !== 2) throw new Error(file + ' built ' + value);",
  '}',
  "console.log('build ok');",
  '',
].join('\n');

/** The fix of file i: `Function` instead of eval; the one for `broken` returns the wrong value, `hang` never returns. */
function fixerFor(path: string, to: string): Fixer {
  return {
    id: `trust:test/fix-${path.replace(/\D/g, '')}`,
    accepts: (f) => f.location.path === path,
    fix: async (req) => {
      const at = req.source.indexOf('eval(code)');
      return { edits: [{ start: at, end: at + 'eval(code)'.length, text: to }], description: 'no eval' };
    },
  };
}

const GOOD = "Function('return (' + code + ')')()";

describe('the bisect over fix groups', () => {
  let repo: TempRepo;
  let findings: Finding[];

  beforeAll(async () => {
    repo = await makeGitRepo(
      verifyProject({ ...Object.fromEntries(FILES.map((f) => [f, SOURCE])), 'build.js': BUILD }),
    );
    const sarif = join(repo.dir, '.scan.sarif');
    await runCommand({ name: 'eslint', command: SCAN }, { cwd: repo.dir, env: process.env, sarif });
    findings = (await loadFindings([sarif], { root: repo.dir })).findings;
  }, 60_000);
  afterAll(() => repo?.cleanup());

  const fixWith = (odd: string, at = 'src/m3.js'): Promise<FixRun> =>
    runFixes({
      root: repo.dir,
      findings,
      codemods: [],
      fixers: FILES.map((f) => fixerFor(f, f === at ? odd : GOOD)),
      write: false,
      jobs: 1,
    });

  it('drops exactly the group that breaks the build, in at most 1 + 2·log2(5) check runs after the baseline', async () => {
    expect(findings).toHaveLength(5);
    const run = await fixWith("Function('return (' + code + ') + 1')()");
    const result = await verifyFixes({
      root: repo.dir,
      run,
      before: findings,
      config: { checks: [{ name: 'build', command: 'node build.js' }] },
      env: process.env,
      keep: true,
    });
    const dropped = result.outcomes.filter((v) => !v.outcome.kept);
    expect(dropped.map((v) => v.key)).toEqual(['codemod:trust:test/fix-3']);
    expect(dropped[0]!.outcome).toMatchObject({ kept: false, command: 'node build.js' });
    expect(dropped[0]!.outcome.kept === false && dropped[0]!.outcome.reason).toMatch(
      /^build failed \(exit 1\) with this fix: .*Error: src\/m3\.js built 3/,
    );
    expect(result.outcomes.filter((v) => v.outcome.kept)).toHaveLength(4);
    expect(result.runs.filter((r) => r.phase === 'baseline')).toHaveLength(1);
    expect(result.checkRuns).toBeLessThanOrEqual(1 + 2 * Math.log2(5));
    // All five (fail), groups 1-3 (fail), 1-2 (pass: the culprit is 3), then 1, 2, 4, 5 (pass).
    expect(result.checkRuns).toBe(4);
    expect(result.runs.filter((r) => r.phase === 'check')).toHaveLength(result.checkRuns);
    for (const f of FILES) {
      const text = readFileSync(join(repo.dir, f), 'utf8');
      if (f === 'src/m3.js') expect(text).toBe(SOURCE);
      else expect(text).toContain(GOOD);
    }
  }, 120_000);

  it('a check that hangs with a fix is killed at its timeout and the fix is dropped', async () => {
    repo.write(Object.fromEntries(FILES.map((f) => [f, SOURCE])));
    const run = await fixWith('(() => { for (;;) {} })()', 'src/m5.js');
    const result = await verifyFixes({
      root: repo.dir,
      run,
      before: findings,
      config: { checks: [{ name: 'build', command: 'node build.js', timeoutMs: 3000 }] },
      env: process.env,
      keep: false,
    });
    const dropped = result.outcomes.filter((v) => !v.outcome.kept);
    expect(dropped.map((v) => v.key)).toEqual(['codemod:trust:test/fix-5']);
    expect(dropped[0]!.outcome.kept === false && dropped[0]!.outcome.reason).toMatch(
      /^build timed out with this fix/,
    );
    expect(result.runs.some((r) => r.timedOut && r.exitCode === null)).toBe(true);
    // pr and run: the checkout is left as scanned.
    for (const f of FILES) expect(readFileSync(join(repo.dir, f), 'utf8')).toBe(SOURCE);
  }, 120_000);
});
