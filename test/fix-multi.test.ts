/**
 * `trust fix` end to end on a real git repository: one file with five findings from three
 * scanners' SARIF answered by three codemods, fixed in one run (acceptance 2); the CodeTF
 * report validates against schema/codetf.schema.json and its cumulative changesets rebuild the
 * fixed file (acceptance 4); a second run changes nothing; --dry-run writes nothing.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { applyPatch } from 'diff';
import { afterEach, describe, expect, it } from 'vitest';
import { firstSyntaxError, parseSource } from '../src/fix/languages.js';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { hasStackTrace, REPO_ROOT, runTrust } from './helpers/run-trust.js';

const FIXTURE = join(REPO_ROOT, 'test/e2e/fixtures/multi-fix');
const read = (name: string) => readFileSync(join(FIXTURE, name), 'utf8');
const SARIF = ['codeql.sarif', 'eslint.sarif'];

let repo: TempRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

async function fixtureRepo(): Promise<TempRepo> {
  repo = await makeGitRepo({
    'server.js': read('server.js'),
    'codeql.sarif': read('codeql.sarif'),
    'eslint.sarif': read('eslint.sarif'),
  });
  return repo;
}

interface CodetfReport {
  results: {
    codemod: string;
    changeset: { path: string; diff: string; fixedFindings: unknown[] }[];
    unfixedFindings: unknown[];
  }[];
}

describe('trust fix: five findings, three codemods, one file', () => {
  it('fixes all five in one run, writes valid CodeTF, and a second run is a no-op', async () => {
    const { dir, git } = await fixtureRepo();
    const r = await runTrust(['fix', ...SARIF, '--codetf', 'codetf.json'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('Fixed 5 of 5 findings in 1 file');
    for (const id of ['trust:js/secure-random', 'trust:js/html-escape', 'trust:js/child-process-no-shell']) {
      expect(r.stdout).toContain(id);
    }
    const fixed = readFileSync(join(dir, 'server.js'), 'utf8');
    expect(fixed).toBe(read('server.expected.js'));
    expect(firstSyntaxError(parseSource('javascript', fixed).root())).toBeUndefined();

    // Only the touched lines change: 6 lines edited in place (one import joined), 1 import line and
    // 10 helper lines (two helpers, each after a blank line) added.
    const numstat = await git.raw(['diff', '--numstat', '--', 'server.js']);
    expect(numstat.trim()).toBe('17\t6\tserver.js');

    const report = JSON.parse(readFileSync(join(dir, 'codetf.json'), 'utf8')) as CodetfReport;
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schema/codetf.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.results.map((x) => x.codemod)).toEqual([
      'trust:js/secure-random',
      'trust:js/child-process-no-shell',
      'trust:js/html-escape',
    ]);
    // Changesets are cumulative: applied in order they rebuild the fixed file.
    let text = read('server.js');
    for (const result of report.results) {
      for (const change of result.changeset) {
        const next = applyPatch(text, change.diff);
        expect(next, `${result.codemod} diff applies`).not.toBe(false);
        text = next as string;
      }
    }
    expect(text).toBe(fixed);
    expect(report.results.flatMap((x) => x.changeset.flatMap((c) => c.fixedFindings))).toHaveLength(5);

    // A second run on the committed fixes (fix refuses a tree with uncommitted changes).
    await git.raw(['commit', '-qam', 'trust fixes']);
    const again = await runTrust(['fix', ...SARIF], { cwd: dir });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('Fixed 0 of 5 findings');
    expect(readFileSync(join(dir, 'server.js'), 'utf8')).toBe(fixed);
  });

  it('--dry-run prints the unified diff and writes nothing', async () => {
    const { dir } = await fixtureRepo();
    const r = await runTrust(['fix', ...SARIF, '--dry-run'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('--- a/server.js\n+++ b/server.js');
    expect(r.stdout).toContain(
      "+  execFile('ping', ['-c', '1', req.body.host], (err, out) => res.type('text').send(out));",
    );
    expect(r.stderr).toContain('(dry run: nothing written)');
    expect(readFileSync(join(dir, 'server.js'), 'utf8')).toBe(read('server.js'));
  });

  it('--only and --exclude pick codemods; an unknown id is a usage error', async () => {
    const { dir } = await fixtureRepo();
    const only = await runTrust(['fix', ...SARIF, '--only', 'js/secure-random', '--json', '--dry-run'], {
      cwd: dir,
    });
    expect(only.exitCode, only.stderr).toBe(0);
    const data = JSON.parse(only.stdout) as { fixed: { codemod: string }[]; unfixed: { reason: string }[] };
    expect(data.fixed.map((f) => f.codemod)).toEqual(['trust:js/secure-random', 'trust:js/secure-random']);
    expect(data.unfixed).toHaveLength(3);
    expect(data.unfixed[0]!.reason).toMatch(/^no codemod for/);

    const excl = await runTrust(['fix', ...SARIF, '--exclude', 'js/html-escape', '--json', '--dry-run'], {
      cwd: dir,
    });
    expect((JSON.parse(excl.stdout) as { fixed: unknown[] }).fixed).toHaveLength(3);

    const bad = await runTrust(['fix', ...SARIF, '--only', 'js/no-such-thing'], { cwd: dir });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--only js/no-such-thing: no such codemod');
    expect(hasStackTrace(bad.stderr)).toBe(false);
  });

  it('never reads or writes a file outside the repository, and says why', async () => {
    const { dir } = await fixtureRepo();
    const outside = join(dirname(dir), `outside-${Date.now()}.js`);
    writeFileSync(outside, 'const n = Math.random();\n');
    const sarif = JSON.parse(read('codeql.sarif'));
    const result = sarif.runs[0].results[0];
    result.locations[0].physicalLocation.artifactLocation.uri = `../${outside.split('/').pop()}`;
    result.locations[0].physicalLocation.region = { startLine: 1, startColumn: 11, endColumn: 24 };
    sarif.runs[0].results = [result];
    writeFileSync(join(dir, 'escape.sarif'), JSON.stringify(sarif));
    const r = await runTrust(['fix', 'escape.sarif', '--json'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout) as { fixed: unknown[]; unfixed: { reason: string }[] };
    expect(data.fixed).toEqual([]);
    expect(data.unfixed[0]!.reason).toMatch(/out-of-tree.*only edits files inside the repository/);
    expect(readFileSync(outside, 'utf8')).toBe('const n = Math.random();\n');
    rmSync(outside);
  });
});
