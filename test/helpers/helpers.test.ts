import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGitRepo, type TempRepo } from './git-repo.js';
import { hasStackTrace, runTrust } from './run-trust.js';

describe('test helpers', () => {
  let repo: TempRepo | undefined;
  afterAll(async () => repo?.cleanup());

  it('makeGitRepo writes the tree, a symlink, and commits it on main', async () => {
    repo = await makeGitRepo({ 'src/a.js': 'x\n', link: { symlink: '/etc' } });
    expect(readFileSync(join(repo.dir, 'src/a.js'), 'utf8')).toBe('x\n');
    expect(lstatSync(join(repo.dir, 'link')).isSymbolicLink()).toBe(true);
    const log = await repo.git.log();
    expect(log.total).toBe(1);
    expect((await repo.git.branchLocal()).current).toBe('main');
    expect(existsSync(join(repo.dir, '.git'))).toBe(true);
  });

  it('runTrust returns exit code and output of the built binary', async () => {
    const r = await runTrust(['--version']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const bad = await runTrust(['--no-such-flag']);
    expect(bad.exitCode).toBe(2);
    expect(hasStackTrace(bad.stderr)).toBe(false);
  });
});
