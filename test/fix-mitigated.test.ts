/**
 * `trust fix` on findings whose rule still reports the fixed code (ESLint's
 * detect-non-literal-regexp and detect-non-literal-fs-filename match any non-literal argument):
 * the run says "mitigated", not "fixed", records a `mitigated` triage decision with the
 * justification in the audit log, lists them apart in CodeTF, and with --suppress writes
 * ESLint's own disable comment, after which the real ESLint reports nothing there.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { ESLint, type Linter } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { REPO_ROOT, runTrust } from './helpers/run-trust.js';

const require = createRequire(import.meta.url);
const formatSarif = require('@microsoft/eslint-formatter-sarif') as (
  results: ESLint.LintResult[],
  data: { rulesMeta: Record<string, unknown> },
) => string;
// eslint-plugin-security ships no type declarations.
const security = require('eslint-plugin-security') as { configs: { recommended: Linter.Config } };
const FIXTURES = join(REPO_ROOT, 'codemods/js/fixtures');
const RULES = ['security/detect-non-literal-regexp', 'security/detect-non-literal-fs-filename'];

async function lint(dir: string): Promise<{ sarif: string; count: number }> {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [security.configs.recommended, { languageOptions: { ecmaVersion: 'latest' } }],
  });
  const results = (await eslint.lintFiles(['*.js'])).map((r) => ({
    ...r,
    messages: r.messages.filter((m) => m.ruleId && RULES.includes(m.ruleId)),
  }));
  return {
    sarif: formatSarif(results, { rulesMeta: eslint.getRulesMetaForResults(results) }),
    count: results.reduce((n, r) => n + r.messages.length, 0),
  };
}

let repo: TempRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

async function scannedRepo(): Promise<{ dir: string; before: number }> {
  repo = await makeGitRepo({
    'uploads.js': readFileSync(join(FIXTURES, 'path-containment/fs-calls/uploads.js')),
    'search.js': readFileSync(join(FIXTURES, 'regexp-escape/basic/search.js')),
  });
  const { sarif, count } = await lint(repo.dir);
  writeFileSync(join(repo.dir, '..', `${repo.dir.split('/').pop()}.sarif`), sarif);
  return { dir: repo.dir, before: count };
}
const sarifOf = (dir: string) => join(dir, '..', `${dir.split('/').pop()}.sarif`);

interface FixJson {
  fixed: {
    path: string;
    rule: string;
    status?: string;
    mitigated?: { suppression: string | null; unsuppressed?: string };
  }[];
}

describe('trust fix: fixes the scanner still reports are mitigated', () => {
  it('says mitigated, records the decision, and without --suppress writes no comment', async () => {
    const { dir, before } = await scannedRepo();
    expect(before).toBe(7);
    const r = await runTrust(['fix', sarifOf(dir), '--codetf', 'codetf.json', '--verbose'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('Fixed 0 and mitigated 7 of 7 findings in 2 files');
    expect(r.stdout).toMatch(/codemod +fixed +mitigated +files\n.*\ntrust:js\/regexp-escape +0 +2 +1\n/);
    expect(r.stdout).toContain(
      'Mitigated, still reported by the scanner (7): 0 with a suppression comment, 7 without (--verbose says why)',
    );
    expect(r.stdout).toMatch(
      /uploads\.js:7 {2}security\/detect-non-literal-fs-filename {2}contained by safeJoin\(\).*\(still reported by ESLint security\/detect-non-literal-fs-filename; no suppression comment: suppression comments are off/,
    );
    // The fixes are in place, and ESLint still reports each one: nothing here is "fixed".
    expect(readFileSync(join(dir, 'uploads.js'), 'utf8')).toContain(
      "safeJoin('uploads/complaints', String(fileName))",
    );
    expect((await lint(dir)).count).toBe(7);

    const log = await runTrust(['log', 'show', '--kind', 'triage', '--json'], { cwd: dir });
    expect(log.exitCode, log.stderr).toBe(0);
    const rows = JSON.parse(log.stdout) as { entry: Record<string, unknown> }[];
    const entries = rows.map(
      (e) => e.entry as { decision: string; justification: string; decidedBy: { rule: string } },
    );
    expect(entries.filter((e) => e.decision === 'mitigated')).toHaveLength(7);
    expect(entries.find((e) => e.decidedBy.rule === 'trust:js/regexp-escape')?.justification).toMatch(
      /escapeRegExp\(\).*still reported by ESLint security\/detect-non-literal-regexp/,
    );

    const codetf = JSON.parse(readFileSync(join(dir, 'codetf.json'), 'utf8'));
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schema/codetf.schema.json'), 'utf8'));
    expect(new Ajv({ allErrors: true, strict: false }).validate(schema, codetf)).toBe(true);
    const fs = codetf.results.find((x: { codemod: string }) => x.codemod === 'trust:js/path-containment');
    const change = fs.changeset[0];
    expect(change.fixedFindings).toEqual([]);
    expect(change.changes[0].properties.mitigated).toHaveLength(5);
    expect(change.changes[0].properties.mitigated[0]).toMatchObject({
      rule: { id: 'security/detect-non-literal-fs-filename' },
      stillReportedBy: ['ESLint security/detect-non-literal-fs-filename'],
      suppression: { added: false },
    });
  });

  it('--suppress writes ESLint disable comments with the reason, and ESLint then reports nothing there', async () => {
    const { dir } = await scannedRepo();
    const r = await runTrust(['fix', sarifOf(dir), '--suppress', '--json'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as FixJson;
    const mitigated = out.fixed.filter((f) => f.status === 'mitigated');
    expect(mitigated).toHaveLength(7);
    for (const m of mitigated)
      expect(m.mitigated?.suppression).toMatch(/^\/\/ eslint-disable-next-line security\//);
    const text = readFileSync(join(dir, 'search.js'), 'utf8');
    expect(text).toContain(
      '  // eslint-disable-next-line security/detect-non-literal-regexp -- dynamic parts pass through escapeRegExp() and match literally\n  return new RegExp(escapeRegExp(query)',
    );
    expect((await lint(dir)).count).toBe(0);
  });

  it('a rescan that still reports an earlier fix: mitigated (decided once), and --suppress then silences it', async () => {
    const { dir } = await scannedRepo();
    expect((await runTrust(['fix', sarifOf(dir)], { cwd: dir })).exitCode).toBe(0);
    await repo!.git.raw(['commit', '-qam', 'trust fixes']);
    const rescan = await lint(dir);
    expect(rescan.count).toBe(7);
    writeFileSync(sarifOf(dir), rescan.sarif);

    const again = await runTrust(['fix', sarifOf(dir), '--verbose'], { cwd: dir });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('Fixed 0 and mitigated 7 of 7 findings in 2 files');
    expect(again.stdout).toMatch(
      /uploads\.js:7 .*already fixed by an earlier change: contained by safeJoin\(\)/,
    );
    const decisions = async () =>
      (
        JSON.parse(
          (await runTrust(['log', 'show', '--kind', 'triage', '--json'], { cwd: dir })).stdout,
        ) as unknown[]
      ).length;
    // The fixed lines read differently, so the rescan's findings are new ones (line-text
    // fingerprints): each gets its own mitigated decision, once; running again adds none.
    expect(await decisions()).toBe(14);
    expect((await runTrust(['fix', sarifOf(dir)], { cwd: dir })).exitCode).toBe(0);
    expect(await decisions()).toBe(14);

    const suppressed = await runTrust(['fix', sarifOf(dir), '--suppress'], { cwd: dir });
    expect(suppressed.exitCode, suppressed.stderr).toBe(0);
    expect(readFileSync(join(dir, 'uploads.js'), 'utf8')).toContain(
      "  // eslint-disable-next-line security/detect-non-literal-fs-filename -- contained by safeJoin(), which throws if the path leaves its base\n  const out = fs.createWriteStream(safeJoin('uploads/complaints', String(fileName)));",
    );
    expect((await lint(dir)).count).toBe(0);
  });
});
