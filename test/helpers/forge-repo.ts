/**
 * test/helpers/forge-repo: a committed repository whose files `trust:js/weak-hash` fixes, a
 * bare remote on disk it is pushed to (as `origin`), and SARIF files written OUTSIDE the
 * working tree (as a CI job's downloaded scan results), so the tree stays clean.
 *
 *   const f = await forgeRepo(['src/a.js', 'src/b.js']);
 *   const sarif = f.sarif([{ uri: 'src/a.js' }]);   // absolute path of a new SARIF file
 *   await f.checkout();                               // branch, HEAD, status, file contents
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SimpleGit, simpleGit } from 'simple-git';
import { makeGitRepo, makeTempDir, type TempRepo } from './git-repo.js';
import { type ResultSpec, sarifOf, WEAK_SOURCE } from './weak-hash-repo.js';

export interface ForgeRepo {
  repo: TempRepo;
  /** Folder holding the bare remote `app.git` (the root a git HTTP server serves). */
  remoteRoot: string;
  remote: string;
  remoteGit: SimpleGit;
  base: string;
  sarif(results: readonly ResultSpec[], name?: string): string;
  /** What a person would notice changed in their checkout. */
  checkout(): Promise<{ branch: string; head: string; status: string; files: string[] }>;
  cleanup(): Promise<void>;
}

export async function forgeRepo(
  files: readonly string[],
  extra: Record<string, string> = {},
): Promise<ForgeRepo> {
  const tree: Record<string, string> = { 'README.md': '# app\n', ...extra };
  for (const f of files) tree[f] = WEAK_SOURCE;
  const repo = await makeGitRepo(tree);
  const remoteRoot = makeTempDir('trust-remote-');
  const remote = join(remoteRoot, 'app.git');
  execFileSync('git', ['init', '-q', '--bare', '--initial-branch', 'main', remote]);
  execFileSync('git', ['config', 'http.receivepack', 'true'], { cwd: remote });
  await repo.git.addRemote('origin', remote);
  await repo.git.push('origin', 'main');
  const base = (await repo.git.revparse(['HEAD'])).trim();
  const scans = makeTempDir('trust-scans-');
  let n = 0;
  return {
    repo,
    remoteRoot,
    remote,
    remoteGit: simpleGit(remote),
    base,
    sarif(results, name) {
      const file = join(scans, name ?? `scan-${++n}.sarif`);
      writeFileSync(file, sarifOf(results));
      return file;
    },
    async checkout() {
      return {
        branch: (await repo.git.revparse(['--abbrev-ref', 'HEAD'])).trim(),
        head: (await repo.git.revparse(['HEAD'])).trim(),
        status: (await repo.git.raw(['status', '--porcelain', '--untracked-files=no'])).trim(),
        files: files.map((f) => readFileSync(join(repo.dir, f), 'utf8')),
      };
    },
    async cleanup() {
      await repo.cleanup();
      rmSync(remoteRoot, { recursive: true, force: true });
      rmSync(scans, { recursive: true, force: true });
    },
  };
}
