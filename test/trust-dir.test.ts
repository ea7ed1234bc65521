/**
 * `.trust/` on first use: trust writes `.trust/.gitignore` when it creates the folder, so
 * git (the real binary, `git status`) offers the verifier key and the checkpoint for commit
 * and ignores the audit log database; a folder the user already has is left alone.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { TRUST_GITIGNORE } from '../src/core/trust-dir.js';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { runTrust } from './helpers/run-trust.js';

const SARIF = JSON.stringify({
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'Semgrep', rules: [{ id: 'js-eval' }] } },
      results: [
        {
          ruleId: 'js-eval',
          level: 'error',
          message: { text: 'eval of user input' },
          locations: [
            { physicalLocation: { artifactLocation: { uri: 'app.js' }, region: { startLine: 1 } } },
          ],
        },
      ],
    },
  ],
});

let repo: TempRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

async function untracked(dir: string): Promise<string[]> {
  const r = await execa('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir });
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('?? '))
    .map((l) => l.slice(3))
    .sort();
}

describe('.trust/ on first use', () => {
  it('writes .trust/.gitignore: commit verifier-key and checkpoint, never trust.db', async () => {
    repo = await makeGitRepo({ 'app.js': 'eval(process.argv[2]);\n', 'r.sarif': SARIF });
    const cwd = repo.dir;
    const env = { TRUST_ORIGIN: 'example.invalid/app/trust-audit' };
    const keygen = await runTrust(['log', 'keygen', '--json'], { cwd, env });
    expect(keygen.exitCode, keygen.stderr).toBe(0);
    const { signingKey } = JSON.parse(keygen.stdout) as { signingKey: string };
    expect((await runTrust(['triage', 'r.sarif'], { cwd, env })).exitCode).toBe(0);
    const cp = await runTrust(['log', 'checkpoint'], { cwd, env: { ...env, TRUST_SIGNING_KEY: signingKey } });
    expect(cp.exitCode, cp.stderr).toBe(0);

    const ignore = readFileSync(join(cwd, '.trust/.gitignore'), 'utf8');
    expect(ignore).toBe(TRUST_GITIGNORE);
    expect(existsSync(join(cwd, '.trust/trust.db'))).toBe(true);
    // The sample files are committed; of .trust/ git offers exactly these (no trust.db).
    expect(await untracked(cwd)).toEqual(['.trust/.gitignore', '.trust/checkpoint', '.trust/verifier-key']);
  });

  it('leaves an existing .trust/ folder as it is', async () => {
    repo = await makeGitRepo({ 'app.js': 'eval(process.argv[2]);\n', 'r.sarif': SARIF });
    mkdirSync(join(repo.dir, '.trust'));
    const r = await runTrust(['triage', 'r.sarif', '--origin', 'example.invalid/app'], { cwd: repo.dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(join(repo.dir, '.trust/.gitignore'))).toBe(false);
    expect(existsSync(join(repo.dir, '.trust/trust.db'))).toBe(true);
  });
});
