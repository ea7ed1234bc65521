/**
 * `trust fix --verify` end to end (the built binary, a real git repository, real ESLint and
 * node:test): the kept fix is written, recorded in the audit log as a `verify` entry the
 * verifier accepts, and marked verified in CodeTF; a scan command that writes no SARIF is exit
 * 2 with one line; tokens in trust's environment never reach the commands (a canary).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/verify/run-command.js';
import { makeGitRepo, makeTempDir, type TempRepo } from './helpers/git-repo.js';
import { hasStackTrace, runTrust } from './helpers/run-trust.js';
import { SCAN, verifyProject } from './helpers/verify-project.js';

const CANARY = 'canary-9d4e2b7a1c6f';
const TOKEN = [
  "const crypto = require('crypto');",
  '',
  'function newToken() {',
  "  return crypto.pseudoRandomBytes(16).toString('hex');",
  '}',
  '',
  'module.exports = { newToken };',
  '',
].join('\n');

describe('trust fix --verify', () => {
  let repo: TempRepo;
  const envFile = join(makeTempDir('trust-verify-env-'), 'env.json');

  beforeAll(async () => {
    repo = await makeGitRepo(
      verifyProject({
        'src/token.js': TOKEN,
        'test/token.test.js': [
          "const test = require('node:test');",
          "const assert = require('node:assert');",
          "const { newToken } = require('../src/token.js');",
          "test('newToken is 32 hex digits', () => assert.match(newToken(), /^[0-9a-f]{32}$/));",
          '',
        ].join('\n'),
        'dump-env.js': "require('node:fs').writeFileSync(process.argv[2], JSON.stringify(process.env));\n",
        'trust.config.json': `${JSON.stringify({ verify: { enabled: true, scan: SCAN, checks: ['node --test', `node dump-env.js ${envFile}`] } }, null, 2)}\n`,
      }),
    );
    await runCommand(
      { name: 'eslint', command: SCAN },
      { cwd: repo.dir, env: process.env, sarif: join(repo.dir, '.scan.sarif') },
    );
  }, 60_000);
  afterAll(() => repo?.cleanup());

  it('a scan command that writes no SARIF is exit 2 with one line, and the tree is as it was', async () => {
    const r = await runTrust(['fix', '.scan.sarif', '--verify-scan', 'node -e "process.exit(0)" {sarif}'], {
      cwd: repo.dir,
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'trust: verify: the scan command wrote no SARIF to {sarif} (exit 0): node -e "process.exit(0)" {sarif}',
    ]);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(readFileSync(join(repo.dir, 'src/token.js'), 'utf8')).toBe(TOKEN);
  }, 120_000);

  it('writes the verified fix, records it, and never hands a token to the commands', async () => {
    const r = await runTrust(['fix', '.scan.sarif', '--codetf', 'codetf.json'], {
      cwd: repo.dir,
      env: {
        GITHUB_TOKEN: CANARY,
        ANTHROPIC_API_KEY: CANARY,
        OPENAI_API_KEY: CANARY,
        TRUST_SIGNING_KEY: undefined,
        NPM_TOKEN: CANARY,
      },
      timeoutMs: 120_000,
    });
    expect(r.stderr).not.toContain(CANARY);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(
      'codemod:codemod:trust:js/secure-random: verified: finding gone, 1/1 tests pass, dump-env passes',
    );
    expect(readFileSync(join(repo.dir, 'src/token.js'), 'utf8')).toContain('crypto.randomBytes(16)');
    const seen = readFileSync(envFile, 'utf8');
    expect(JSON.parse(seen).PATH).toBeTruthy();
    expect(seen).not.toContain(CANARY);
    const codetf = JSON.parse(readFileSync(join(repo.dir, 'codetf.json'), 'utf8'));
    const change = codetf.results.find((x: { codemod: string }) => x.codemod === 'trust:js/secure-random')
      .changeset[0].changes[0];
    expect(change.properties.verification).toEqual({
      verified: true,
      findingGone: true,
      checks: '1/1 tests pass, dump-env passes',
    });
    const shown = await runTrust(['log', 'show', '--json'], { cwd: repo.dir });
    const entries = (
      JSON.parse(shown.stdout) as {
        entry: { kind: string; outcomes?: unknown[]; commands?: { phase: string }[] };
      }[]
    ).map((row) => row.entry);
    const verify = entries.find((e) => e.kind === 'verify');
    expect(verify?.commands?.map((c) => c.phase)).toEqual(['baseline', 'baseline', 'scan', 'check', 'check']);
    expect(verify?.outcomes).toHaveLength(1);
    expect(entries.some((e) => e.kind === 'fix')).toBe(true);
    const verified = await runTrust(['log', 'verify', '--bootstrap'], { cwd: repo.dir });
    expect(verified.exitCode).toBe(0);
  }, 180_000);
});

describe('trust pr --verify', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await makeGitRepo(
      verifyProject({
        'src/token.js': TOKEN,
        'test/token.test.js': [
          "const test = require('node:test');",
          "const assert = require('node:assert');",
          "const { newToken } = require('../src/token.js');",
          "test('newToken is 32 hex digits', () => assert.match(newToken(), /^[0-9a-f]{32}$/));",
          '',
        ].join('\n'),
        '.gitignore': '.scan.sarif\n.trust/\n',
      }),
    );
    await runCommand(
      { name: 'eslint', command: SCAN },
      { cwd: repo.dir, env: process.env, sarif: join(repo.dir, '.scan.sarif') },
    );
  }, 60_000);
  afterAll(() => repo?.cleanup());

  it('says in the request body how the fix was verified, and the checkout is as scanned', async () => {
    const r = await runTrust(
      ['pr', '.scan.sarif', '--verify', '--verify-scan', SCAN, '--verify-check', 'node --test'],
      { cwd: repo.dir, timeoutMs: 120_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const body = readFileSync(join(repo.dir, '.trust/patches/trust-js-secure-random.md'), 'utf8');
    expect(body).toContain('### Verification\n\n**verified: finding gone, 1/1 tests pass**');
    expect(body).toContain(`- \`node --test\` (tests, check): exit 0 in `);
    expect(readFileSync(join(repo.dir, 'src/token.js'), 'utf8')).toBe(TOKEN);
  }, 180_000);
});
