/**
 * forge/git: the local git repository, through simple-git. The only place that runs git.
 * Later: branch creation and push for PR/MR delivery (never to an existing branch).
 * Git failures are translated into our own errors with an actionable message.
 */
import { type SimpleGit, simpleGit } from 'simple-git';
import { InputError } from '../core/errors.js';

export interface LocalRepo {
  dir: string;
  git: SimpleGit;
}

/** Open the repository at `dir`, failing with a clear message when it is not one. */
export async function openRepository(dir: string): Promise<LocalRepo> {
  const git = simpleGit({ baseDir: dir });
  const inside = await git.checkIsRepo().catch(() => false);
  if (!inside) throw new InputError(`${dir} is not inside a git repository`);
  return { dir, git };
}

/**
 * Make `dir` a new repository with everything in it committed on `branch`, under a local
 * identity (so it works on CI machines with no global git config).
 */
export async function initRepository(
  dir: string,
  options: { branch?: string; message?: string; author?: { name: string; email: string } } = {},
): Promise<LocalRepo> {
  const git = simpleGit({ baseDir: dir });
  const author = options.author ?? { name: 'trust demo', email: 'demo@trust.invalid' };
  await git.init(['--initial-branch', options.branch ?? 'main']);
  await git.addConfig('user.name', author.name);
  await git.addConfig('user.email', author.email);
  await git.addConfig('commit.gpgsign', 'false');
  await git.add('.');
  await git.commit(options.message ?? 'initial import');
  return { dir, git };
}

/** Paths changed in the working tree relative to HEAD (POSIX, repository-relative). */
export async function changedFiles(repo: LocalRepo): Promise<string[]> {
  const status = await repo.git.status();
  return status.files.map((f) => f.path);
}

/** `git diff` of the working tree against HEAD. */
export async function workingTreeDiff(repo: LocalRepo): Promise<string> {
  return repo.git.diff(['--no-color', 'HEAD']);
}
