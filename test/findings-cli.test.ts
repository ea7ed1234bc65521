/**
 * `trust findings` as a user sees it: --json validated against schema/finding.schema.json
 * (ajv, draft-07), filters, de-duplication across runs and tools, malformed results and
 * --strict, the table and total, the GitHub step summary, suffix re-rooting.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/sarif/finding.js';
import { makeGitRepo, makeTempDir } from './helpers/git-repo.js';
import { hasStackTrace, REPO_ROOT, runTrust } from './helpers/run-trust.js';

const SARIF = join(REPO_ROOT, 'fixtures/sarif');
const root = makeTempDir('trust-cli-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function json(args: string[], env?: Record<string, string>): Promise<Finding[]> {
  const r = await runTrust(['findings', ...args, '--json', '-C', root], { env });
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Finding[];
}

describe('trust findings --json', () => {
  it('validates against schema/finding.schema.json for every kind of input', async () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schema/finding.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const list = await json([
      join(SARIF, 'codeql/vulpy-python.sarif'),
      join(SARIF, 'snyk/juice-shop-v15-snykcode.sarif'),
      join(SARIF, 'fortify/one-result-two-traces.sarif'),
      join(SARIF, 'spec/appendix-k4-comprehensive.sarif'),
      join(SARIF, 'edge-cases/multiple-runs.sarif'),
      join(SARIF, 'eslint/nodegoat-security.sarif'),
      join(SARIF, 'own/two-tools-one-line.sarif'),
    ]);
    expect(list.length).toBe(72 + 39 + 1 + 1 + 3 + 13 + 3);
    expect(validate(list), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    // the schema is not vacuous: an absolute path or a missing id is rejected
    const bad = structuredClone(list[0]) as unknown as Record<string, { path?: string }>;
    (bad.location as { path: string }).path = '/etc/passwd';
    expect(validate([bad])).toBe(false);
    expect(validate([{ ...list[0], id: undefined }])).toBe(false);
  });
});

describe('de-duplication', () => {
  it('merges one result seen in two runs and the same problem from another tool; keeps the rest', async () => {
    const list = await json([join(SARIF, 'own/two-tools-one-line.sarif')]);
    expect(list).toHaveLength(3);
    const [merged, xss, later] = list;
    expect(merged?.rule.id).toBe('js/code-injection');
    expect(merged?.sources.map((s) => [s.tool, s.runIndex, s.ruleId])).toEqual([
      ['CodeQL', 0, 'js/code-injection'],
      ['CodeQL', 1, 'js/code-injection'],
      ['Semgrep OSS', 2, 'javascript.browser.security.eval-detected.eval-detected'],
    ]);
    expect(merged?.cwe).toEqual([94, 95]);
    expect(merged?.level).toBe('error');
    expect(merged?.securitySeverity).toBe(9.3);
    expect(xss?.cwe).toEqual([79]); // same tool, other rule, same line: its own finding
    expect(later?.location.region?.startLine).toBe(7);
  });

  it('merges the same file given twice', async () => {
    const file = join(SARIF, 'gitleaks/simple.sarif');
    const list = await json([file, file]);
    expect(list).toHaveLength(1);
    expect(list[0]?.sources).toHaveLength(2);
  });
});

describe('filters', () => {
  const files = [join(SARIF, 'codeql/vulpy-python.sarif'), join(SARIF, 'bandit/pygoat.sarif')];

  it('--tool, --rule (glob), --level, --path combine', async () => {
    expect((await json([...files, '--tool', 'bandit'])).length).toBe(65);
    expect((await json([...files, '--tool', 'CODEQL,Bandit'])).length).toBe(137);
    const unused = await json([...files, '--rule', 'py/unused-*']);
    expect(unused.length).toBe(43); // py/unused-import 40 + py/unused-local-variable 3
    expect((await json([...files, '--rule', '*flask*'])).every((f) => f.rule.id.includes('flask'))).toBe(
      true,
    );
    const errors = await json([...files, '--level', 'error']);
    expect(errors.every((f) => f.level === 'error')).toBe(true);
    expect(errors.length).toBe(11 + 6);
    const bad = await json([...files, '--path', 'bad/**', '--level', 'error', '--level', 'warning']);
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.every((f) => f.location.path?.startsWith('bad/') && f.level !== 'note')).toBe(true);
  });

  it('rejects an unknown level with exit 2', async () => {
    const r = await runTrust(['findings', files[0] ?? '', '--level', 'critical']);
    expect(r.exitCode).toBe(2);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});

describe('malformed results', () => {
  const file = join(SARIF, 'own/malformed-result.sarif');

  it('are skipped with a warning naming the JSON pointer; the rest is kept', async () => {
    const r = await runTrust(['findings', file, '--json', '-C', root]);
    expect(r.exitCode).toBe(0);
    expect((JSON.parse(r.stdout) as Finding[]).map((f) => f.location.path)).toEqual(['app.py', 'lib.py']);
    expect(r.stderr).toContain('/runs/0/results/1/locations/0/physicalLocation/region/startLine');
  });

  it('are fatal with --strict (one line, exit 2)', async () => {
    const r = await runTrust(['findings', file, '--strict', '-C', root]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /results\/1\/locations\/0\/physicalLocation\/region\/startLine: must be an integer/,
    );
  });

  it('relative SARIF paths are taken from the -C root, like git -C', async () => {
    const r = await runTrust(['-C', SARIF, 'findings', 'gitleaks/simple.sarif'], { cwd: root });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^1 finding \(1 warning\) from 1 result in 1 file$/m);
  });

  it('a missing file is one line, exit 2', async () => {
    const r = await runTrust(['findings', join(root, 'nope.sarif')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});

describe('human output', () => {
  it('prints a table and a one-line total on stdout, warnings on stderr', async () => {
    const r = await runTrust(['findings', join(SARIF, 'own/malformed-result.sarif'), '-C', root]);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+level\s+tool\s+rule\s+location\s+message$/);
    expect(lines[2]).toMatch(
      /^[0-9a-f]{10}\s+warning\s+Bandit\s+B307\s+app\.py:3\s+Use of possibly insecure/,
    );
    expect(lines.at(-1)).toBe('2 findings (2 warning) from 3 results in 1 file; 1 malformed skipped');
    expect(r.stderr).toMatch(/^warning: .*malformed-result\.sarif \/runs\/0\/results\/1/m);
  });

  it('writes a Markdown step summary on GitHub Actions', async () => {
    const summary = join(root, 'summary.md');
    const r = await runTrust(['findings', join(SARIF, 'own/two-tools-one-line.sarif'), '-C', root], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.exitCode).toBe(0);
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('### trust findings');
    expect(md).toContain('3 findings (1 error, 2 warning) from 5 results in 1 file; 2 duplicates merged');
    expect(md).toMatch(/\| error \| CodeQL\+Semgrep OSS \| js\/code-injection \| src\/app\.js:3 \|/);
  });
});

describe('absolute paths from another machine', () => {
  it('are re-rooted by their longest existing suffix, with a warning and status suffix-match', async () => {
    const repo = await makeGitRepo({
      'Gruntfile.js': 'module.exports = {};\n',
      'app/routes/contributions.js': '// contributions\n',
      'app/routes/profile.js': '// profile\n',
      'app/routes/session.js': '// session\n',
      'config/config.js': '// config\n',
    });
    try {
      const r = await runTrust(['findings', join(SARIF, 'eslint/nodegoat-security.sarif'), '--json'], {
        cwd: repo.dir,
      });
      expect(r.exitCode).toBe(0);
      const list = JSON.parse(r.stdout) as Finding[];
      const contributions = list.find((f) => f.location.uri?.endsWith('/app/routes/contributions.js'));
      expect(contributions?.location).toMatchObject({
        status: 'suffix-match',
        path: 'app/routes/contributions.js',
      });
      expect(contributions?.location.note).toMatch(/--source-root \/home\/runner\/work\/NodeGoat/);
      // files the checkout lacks stay out of tree; nothing was guessed for them
      const missing = list.find((f) => f.location.uri?.endsWith('/test/e2e/plugins/index.js'));
      expect(missing?.location.status).toBe('out-of-tree');
      expect(r.stderr).toMatch(
        /absolute paths under \/home\/runner\/work\/NodeGoat\/ are not in this checkout; re-rooted by suffix/,
      );
      expect(r.stderr.match(/re-rooted by suffix/g)).toHaveLength(1);
    } finally {
      await repo.cleanup();
    }
  });
});
