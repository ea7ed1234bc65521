/**
 * test/helpers/git-repo: real git repositories on temp dirs, built from an inline file tree.
 *
 *   const repo = await makeGitRepo({ 'src/app.js': 'eval(x);\n', 'README.md': '# demo\n' });
 *   // repo.dir is an absolute, realpath'd directory with one commit on branch "main"
 *   await repo.git.log();
 *   await repo.cleanup();
 *
 * Files are written with their parent folders; a value of `{ symlink: target }` makes a
 * symbolic link instead. `commit: false` leaves the files untracked and uncommitted.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type SimpleGit, simpleGit } from 'simple-git';

export type FileTree = Record<string, string | Buffer | { symlink: string }>;

export interface TempRepo {
  /** Absolute path of the working tree (realpath, so it compares equal to what tools report). */
  dir: string;
  git: SimpleGit;
  /** Write more files (same shapes as the initial tree) without committing. */
  write(files: FileTree): void;
  cleanup(): Promise<void>;
}

export interface MakeRepoOptions {
  /** Commit the initial tree (default true). */
  commit?: boolean;
  /** Initial branch name (default "main"). */
  branch?: string;
  message?: string;
  /** Create the repository in this (existing, empty) directory instead of a new temp dir. */
  dir?: string;
}

/** A fresh temp directory (realpath'd); not a git repository. */
export function makeTempDir(prefix = 'trust-test-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export function writeTree(dir: string, files: FileTree): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) symlinkSync(content.symlink, target);
    else writeFileSync(target, content);
  }
}

export async function makeGitRepo(files: FileTree = {}, options: MakeRepoOptions = {}): Promise<TempRepo> {
  const dir = options.dir ?? makeTempDir('trust-repo-');
  const git = simpleGit(dir);
  await git.init(['--initial-branch', options.branch ?? 'main']);
  // Local identity so commits work on machines without a global git config.
  await git.addConfig('user.name', 'trust tests');
  await git.addConfig('user.email', 'tests@trust.invalid');
  await git.addConfig('commit.gpgsign', 'false');
  writeTree(dir, files);
  if (options.commit !== false && Object.keys(files).length > 0) {
    await git.add('.');
    await git.commit(options.message ?? 'initial');
  }
  return {
    dir,
    git,
    write: (more) => writeTree(dir, more),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
