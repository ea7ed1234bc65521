/**
 * Real-world run (acceptance 3): minimist 1.x (1.2.8 when written) — a real npm package nobody here wrote, the
 * argv parser behind CVE-2020-7598 and CVE-2021-44906 (prototype pollution) — linted with real
 * ESLint + eslint-plugin-security, turned into SARIF by @microsoft/eslint-formatter-sarif, fixed
 * by the built `trust fix`, then checked: the fixed file parses, still parses argv exactly as
 * before, refuses a prototype-polluting argument, and ESLint reports fewer security findings.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { firstSyntaxError, parseSource } from '../../src/fix/languages.js';
import { makeGitRepo, type TempRepo } from '../helpers/git-repo.js';
import { REPO_ROOT, runTrust } from '../helpers/run-trust.js';

const require = createRequire(import.meta.url);
const formatSarif = require('@microsoft/eslint-formatter-sarif') as (
  results: ESLint.LintResult[],
  data: { rulesMeta: Record<string, unknown> },
) => string;
// eslint-plugin-security ships no type declarations.
const security = require('eslint-plugin-security') as { configs: { recommended: Linter.Config } };
const MINIMIST = join(REPO_ROOT, 'node_modules/minimist');

async function lint(dir: string): Promise<{ sarif: string; security: number }> {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      security.configs.recommended,
      { languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' } },
    ],
  });
  const results = await eslint.lintFiles(['index.js']);
  const count = results.flatMap((r) => r.messages).filter((m) => m.ruleId?.startsWith('security/')).length;
  return {
    sarif: formatSarif(results, { rulesMeta: eslint.getRulesMetaForResults(results) }),
    security: count,
  };
}

const ARGVS = [
  ['-x', '3', '-y', '4', '-n5', '-abc', '--beep=boop', 'foo', 'bar', 'baz'],
  ['--no-color', '--name', 'trust', '--a.b.c', '1', '--', '--not-a-flag'],
  ['-vvv', '--list', 'a', '--list', 'b', '--num', '0x10'],
];

describe('real-world: trust fix on minimist', () => {
  let repo: TempRepo;
  afterAll(async () => repo?.cleanup());

  it('fixes real ESLint findings: the file parses, behaves the same, and findings drop', async () => {
    const version = (JSON.parse(readFileSync(join(MINIMIST, 'package.json'), 'utf8')) as { version: string })
      .version;
    expect(version).toMatch(/^1\./);
    repo = await makeGitRepo({ 'index.js': readFileSync(join(MINIMIST, 'index.js')) });
    cpSync(join(MINIMIST, 'LICENSE'), join(repo.dir, 'LICENSE'));
    const before = await lint(repo.dir);
    writeFileSync(join(repo.dir, 'eslint.sarif'), before.sarif);

    const r = await runTrust(['fix', 'eslint.sarif', '--codetf', 'codetf.json'], { cwd: repo.dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const fixed = readFileSync(join(repo.dir, 'index.js'), 'utf8');
    expect(fixed).not.toBe(readFileSync(join(MINIMIST, 'index.js'), 'utf8'));
    expect(firstSyntaxError(parseSource('javascript', fixed).root())).toBeUndefined();

    const original = require(join(MINIMIST, 'index.js')) as (argv: string[]) => unknown;
    const patched = require(join(repo.dir, 'index.js')) as (argv: string[]) => unknown;
    for (const argv of ARGVS) expect(patched(argv), argv.join(' ')).toEqual(original(argv));
    // A write through a prototype key is refused instead of reaching Object.prototype.
    try {
      patched(['--constructor.prototype.polluted', 'yes', '--__proto__.polluted', 'yes']);
    } catch (error) {
      expect(String(error)).toMatch(/refusing to use|prototype/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const after = await lint(repo.dir);
    const drop = before.security - after.security;
    console.log(
      `minimist ${version}: ESLint security findings ${before.security} -> ${after.security} ` +
        `(-${drop}, ${((100 * drop) / before.security).toFixed(1)}%); ${r.stdout.split('\n').find((l) => l.startsWith('Fixed '))}`,
    );
    expect(after.security).toBeLessThan(before.security);
    // Second run on the same SARIF (and the committed fixes) changes nothing.
    await repo.git.raw(['commit', '-qam', 'trust fixes']);
    const again = await runTrust(['fix', 'eslint.sarif'], { cwd: repo.dir });
    expect(again.exitCode).toBe(0);
    expect(readFileSync(join(repo.dir, 'index.js'), 'utf8')).toBe(fixed);
  });
});
