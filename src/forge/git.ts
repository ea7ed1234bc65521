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

/**
 * Tracked files under `dir` with uncommitted changes (staged or not), repository-relative;
 * untracked files and `dir/.trust/` (trust's own log and checkpoint) are left out. Read-only:
 * --no-optional-locks keeps git from refreshing the index.
 */
export async function uncommittedTrackedFiles(dir: string): Promise<string[]> {
  const git = simpleGit({ baseDir: dir });
  let out: string;
  try {
    out = await git.raw([
      '--no-optional-locks',
      'status',
      '--porcelain=v1',
      '-z',
      '--untracked-files=no',
      '--',
      '.',
      ':(exclude).trust',
    ]);
  } catch (error) {
    const first = ((error as Error).message ?? '').trim().split('\n')[0];
    throw new InputError(
      `cannot check ${dir} for uncommitted changes: git status failed: ${first} (--allow-dirty skips the check)`,
      { cause: error },
    );
  }
  const paths: string[] = [];
  const records = out.split('\0');
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (record.length < 4) continue;
    paths.push(record.slice(3));
    // A rename or copy carries its source path in the next record.
    if (record[0] === 'R' || record[0] === 'C') i++;
  }
  return paths;
}

/** `Name <email>` from `git config` at `dir` (either part alone when only one is set), or undefined. */
export async function gitUser(dir: string): Promise<string | undefined> {
  const git = simpleGit({ baseDir: dir });
  const read = async (key: string) => {
    try {
      return (await git.raw(['config', '--get', key])).trim() || undefined;
    } catch {
      return undefined; // unset (git exits 1) or not a repository: no identity from git
    }
  };
  const [name, email] = [await read('user.name'), await read('user.email')];
  if (name && email) return `${name} <${email}>`;
  return name ?? (email ? `<${email}>` : undefined);
}

/** The checked-out commit (the scanned one), its committer date and the branch (or "HEAD"). */
export async function headOf(repo: LocalRepo): Promise<{ commit: string; date: string; branch: string }> {
  const [commit, date] = (await repo.git.raw(['log', '-1', '--format=%H%n%cI', 'HEAD'])).trim().split('\n');
  const branch = (await repo.git.raw(['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
  return { commit: commit!, date: date!, branch };
}

/** The URL of `remote` when it names a configured remote; a URL or path is returned as given. */
export async function remoteUrlOf(repo: LocalRepo, remote: string): Promise<string | undefined> {
  if (/[:/]/.test(remote)) return remote;
  const remotes = await repo.git.getRemotes(true);
  return remotes.find((r) => r.name === remote)?.refs.push || undefined;
}
