/**
 * The scan presets run for real: ESLint (the repository's own install, with
 * eslint-plugin-security and the SARIF formatter) and Bandit (the Debian package, which .ci/run
 * installs) on small projects made here, and the SARIF they write is what trust's ingest reads.
 * Bandit uses the built converter (dist/) when it has no SARIF formatter: run `npm run build`.
 */
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa, parseCommandString } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFindings } from '../src/sarif/index.js';
import { detectVerify } from '../src/verify/presets.js';
import { onPath } from '../src/verify/presets-probe.js';
import type { VerifyCommand } from '../src/verify/types.js';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { runTrust } from './helpers/run-trust.js';

const ROOT = resolve(import.meta.dirname, '..');
const BANDIT = onPath('bandit');
const SKIP_BANDIT = BANDIT
  ? ''
  : ' (skipped: bandit is not installed; `apt-get install bandit`, as .ci/run does)';
const repos: TempRepo[] = [];

afterEach(async () => {
  for (const repo of repos.splice(0)) await repo.cleanup();
});

/** Runs the preset's command as the verifier does: argv without a shell, `{sarif}` filled in. */
async function runScan(scan: VerifyCommand, cwd: string): Promise<string> {
  const sarif = join(cwd, '.trust-scan.sarif');
  const [file, ...args] = parseCommandString(scan.command).map((a) => a.replaceAll('{sarif}', sarif));
  const run = await execa(file!, args, { cwd, reject: false, all: true });
  expect(existsSync(sarif), `${scan.command} wrote no SARIF (exit ${run.exitCode}):\n${run.all}`).toBe(true);
  return sarif;
}

describe('ESLint preset', () => {
  it('runs the project eslint with the SARIF formatter; ingest reads its findings', async () => {
    const repo = await makeGitRepo({
      'eslint.config.js':
        "import security from 'eslint-plugin-security';\nexport default [{ files: ['**/*.js'], plugins: { security }, rules: { 'security/detect-eval-with-expression': 'error' } }];\n",
      'package.json': JSON.stringify({ type: 'module' }),
      'src/app.js': 'export function run(code) {\n  return eval(code);\n}\n',
    });
    repos.push(repo);
    symlinkSync(join(ROOT, 'node_modules'), join(repo.dir, 'node_modules'));
    const scan = detectVerify(repo.dir, ['ESLint'])?.scan;
    expect(scan?.name).toBe('eslint');
    const sarif = await runScan(scan!, repo.dir);
    const { findings } = await loadFindings([sarif], { root: repo.dir });
    expect(
      findings.map((f) => [f.tool.name, f.rule.id, f.location.path, f.location.region?.startLine]),
    ).toEqual([['ESLint', 'security/detect-eval-with-expression', 'src/app.js', 2]]);
  });
});

describe.skipIf(!BANDIT)(`Bandit preset, real bandit${SKIP_BANDIT}`, () => {
  it('scans a Python project into SARIF that ingest accepts', async () => {
    const banditScript = join(ROOT, 'dist/src/verify/bandit-to-sarif.js');
    expect(existsSync(banditScript), 'run `npm run build` first: the converter runs from dist/').toBe(true);
    const repo = await makeGitRepo({
      'app.py': 'import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n',
      'util/hashing.py': 'import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n',
    });
    repos.push(repo);
    const scan = detectVerify(repo.dir, ['Bandit'])?.scan;
    expect(scan?.name).toBe('bandit');
    const sarif = await runScan(scan!, repo.dir);
    const doc = JSON.parse(readFileSync(sarif, 'utf8'));
    expect(doc.version).toBe('2.1.0');
    const { findings, warnings } = await loadFindings([sarif], { root: repo.dir });
    expect(warnings).toEqual([]);
    const seen = findings.map(
      (f) => `${f.tool.name} ${f.rule.id} ${f.location.path}:${f.location.region?.startLine}`,
    );
    expect(seen).toEqual(expect.arrayContaining(['Bandit B602 app.py:5']));
    expect(
      seen.some((s) => /^Bandit B3(03|24) util\/hashing\.py:5$/.test(s)),
      seen.join('\n'),
    ).toBe(true);
    const shell = findings.find((f) => f.rule.id === 'B602');
    expect(shell?.level).toBe('error');
    expect(shell?.location.status).toBe('in-tree');
  });

  it('trust fix --verify re-runs Bandit, chosen from the SARIF: the yaml.load fix is kept, its finding gone', async () => {
    const repo = await makeGitRepo({
      'loader.py': 'import yaml\n\n\ndef read(text):\n    return yaml.load(text)\n',
    });
    repos.push(repo);
    const scan = detectVerify(repo.dir, ['Bandit'])?.scan;
    const sarif = await runScan(scan!, repo.dir);
    const { findings } = await loadFindings([sarif], { root: repo.dir });
    expect(findings.map((f) => f.rule.id)).toContain('B506');
    const r = await runTrust(['fix', sarif, '--verify'], { cwd: repo.dir, timeoutMs: 120_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/verify: running bandit \(.*bandit-to-sarif\.js \{sarif\} -r \.\)… ok in/);
    expect(r.stderr + r.stdout).toMatch(/trust:python\/harden-pyyaml: verified: finding gone/);
    expect(readFileSync(join(repo.dir, 'loader.py'), 'utf8')).toContain('yaml.safe_load(text)');
  }, 120_000);
});
