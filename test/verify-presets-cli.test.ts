/**
 * `--verify` with no command lines: the presets choose them from the SARIF's tool and the
 * repository (real ESLint with the SARIF formatter, a real node --test suite), and a repository
 * no preset fits is exit 2 with one line that says what was missing.
 */
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { REPO_ROOT, runTrust } from './helpers/run-trust.js';

const TOKEN =
  "import crypto from 'node:crypto';\n\nexport function token() {\n  return crypto.pseudoRandomBytes(16).toString('hex');\n}\n";
const SCAN = 'node_modules/.bin/eslint -f @microsoft/eslint-formatter-sarif -o {sarif} .';

/** One ESLint finding no codemod fixes, in a repository without eslint or tests. */
const ESLINT_SARIF = JSON.stringify({
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'ESLint', rules: [{ id: 'no-restricted-properties' }] } },
      results: [
        {
          ruleId: 'no-restricted-properties',
          level: 'error',
          message: { text: 'Math.random is not allowed' },
          locations: [
            { physicalLocation: { artifactLocation: { uri: 'src/app.js' }, region: { startLine: 1 } } },
          ],
        },
      ],
    },
  ],
});

describe('trust fix --verify with the presets', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await makeGitRepo({
      '.gitignore': 'node_modules\n.scan.sarif\n',
      'package.json': `${JSON.stringify({ type: 'module', scripts: { test: 'node --test' } })}\n`,
      'eslint.config.js':
        "import security from 'eslint-plugin-security';\nexport default [{ files: ['**/*.js'], plugins: { security }, rules: { 'security/detect-pseudoRandomBytes': 'error' } }];\n",
      'src/token.js': TOKEN,
      'token.test.js':
        "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { token } from './src/token.js';\ntest('token is 32 hex digits', () => assert.match(token(), /^[0-9a-f]{32}$/));\n",
    });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(repo.dir, 'node_modules'));
    await execa(
      'node_modules/.bin/eslint',
      ['-f', '@microsoft/eslint-formatter-sarif', '-o', '.scan.sarif', '.'],
      {
        cwd: repo.dir,
        reject: false,
      },
    );
  }, 60_000);
  afterAll(() => repo?.cleanup());

  it('re-runs ESLint and npm test, chosen from the SARIF and package.json, and keeps the verified fix', async () => {
    const r = await runTrust(['fix', '.scan.sarif', '--verify'], { cwd: repo.dir, timeoutMs: 120_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('verify: running tests (npm test) before the fixes… ok in');
    expect(r.stdout).toContain(`verify: running eslint (${SCAN})… ok in`);
    expect(r.stdout).toMatch(/verify: running tests \(npm test\)… ok in/);
    expect(r.stderr + r.stdout).toContain(
      'codemod:trust:js/secure-random: verified: finding gone, 1/1 tests pass',
    );
    expect(readFileSync(join(repo.dir, 'src/token.js'), 'utf8')).toContain('crypto.randomBytes(16)');
  }, 120_000);
});

it('with no preset that fits and no command given, --verify is exit 2 with one line', async () => {
  const repo = await makeGitRepo({ 'src/app.js': 'Math.random();\n', 'scan.sarif': ESLINT_SARIF });
  try {
    const r = await runTrust(['fix', 'scan.sarif', '--verify'], { cwd: repo.dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'trust: --verify: no command to run; set verify.scan (writes SARIF to {sarif}) and verify.checks in trust.config.json, or pass --verify-scan and --verify-check (ESLint: the project has no local eslint (node_modules/.bin/eslint))',
    ]);
  } finally {
    await repo.cleanup();
  }
}, 60_000);
