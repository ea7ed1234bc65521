import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from './helpers/git-repo.js';
import { hasStackTrace, REPO_ROOT, runTrust } from './helpers/run-trust.js';

describe('trust CLI: help, version, exit codes', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(() => {});

  it('--version prints the package version', async () => {
    const r = await runTrust(['--version']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--help lists the exit codes and the environment convention', async () => {
    const r = await runTrust(['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Usage: trust');
    expect(r.stdout).toContain('70 internal error');
    expect(r.stdout).toContain('TRUST_LOG_DB');
  });

  it('an unknown flag is a usage error: one line, exit 2, no stack', async () => {
    const r = await runTrust(['--frobnicate']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("trust: unknown option '--frobnicate'");
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('an unknown command suggests and exits 2', async () => {
    const r = await runTrust(['finding']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'finding'/);
  });

  it('no command prints help on stderr and exits 2', async () => {
    const r = await runTrust([]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('Usage: trust');
    expect(r.stdout).toBe('');
  });

  it('an invalid trust.config.json is exit 2 with every problem and its dot-path, no stack', async () => {
    writeFileSync(
      join(dir, 'trust.config.json'),
      JSON.stringify({ sarif: { strict: 'yes', sourceRoot: '/x' } }),
    );
    writeFileSync(join(dir, 'empty.sarif'), JSON.stringify({ version: '2.1.0', runs: [] }));
    const r = await runTrust(['findings', 'empty.sarif'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('sarif.strict: must be boolean');
    expect(lines[0]).toContain('sarif.sourceRoot: unknown key');
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('a bad TRUST_* value is exit 2 naming the variable', async () => {
    const r = await runTrust(['findings', 'x.sarif'], {
      cwd: makeTempDir(),
      env: { TRUST_STRICT: 'perhaps' },
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('TRUST_STRICT: expected true or false');
  });

  it('secrets from the environment never appear in error output', async () => {
    const token = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';
    const r = await runTrust(['findings', `${token}.sarif`], {
      cwd: makeTempDir(),
      env: { GITHUB_TOKEN: token },
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).not.toContain(token);
    expect(r.stderr).toContain('***');
  });

  it('--no-include-suppressed hides what the scanner suppressed', async () => {
    const file = 'fixtures/sarif/edge-cases/suppressions-baseline.sarif';
    const all = JSON.parse((await runTrust(['findings', file, '--json'])).stdout) as unknown[];
    const r = await runTrust(['findings', file, '--json', '--no-include-suppressed']);
    expect(r.exitCode).toBe(0);
    const shown = JSON.parse(r.stdout) as { suppressed: boolean }[];
    expect(all).toHaveLength(4);
    expect(shown).toHaveLength(1);
    expect(shown.every((f) => !f.suppressed)).toBe(true);
  });

  it('on GitHub Actions, findings become annotations on the flagged lines', async () => {
    const sarif = join(REPO_ROOT, 'fixtures/demo/sarif/bandit.sarif');
    const r = await runTrust(['findings', sarif, '-C', join(REPO_ROOT, 'fixtures/demo/project')], {
      env: { GITHUB_ACTIONS: 'true', CI: 'true' },
    });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(
      '::error file=app/worker.py,line=15,endLine=15,title=Bandit B602::subprocess call with shell=True identified, security issue.',
    );
    expect(r.stderr.match(/^::(error|warning|notice) /gm)).toHaveLength(6);
  });
});
