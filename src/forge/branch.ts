/**
 * forge/branch: build a fix branch without touching the user's checkout, and push it.
 *
 * The commit is made with git plumbing on a private index (read-tree of the scanned commit,
 * hash-object of each fixed file, write-tree, commit-tree), so the working tree, the index and
 * HEAD stay exactly as the user left them, and the commit can only hold the files the fix
 * changed (never `.trust/`). Every trust commit carries a `Trust-Branch:` trailer: a branch
 * whose tip lacks it was not made by trust and is never pushed to.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SimpleGit, simpleGit } from 'simple-git';
import { ExternalError, InputError } from '../core/errors.js';
import { redactor } from '../core/redact.js';
import type { LocalRepo } from './git.js';

export const BRANCH_PREFIX = 'trust/';
export const BRANCH_TRAILER = 'Trust-Branch';

export interface Identity {
  name: string;
  email: string;
}

export interface BranchCommit {
  branch: string;
  /** The scanned commit the branch starts from. */
  base: string;
  files: { path: string; content: string }[];
  message: string;
  identity: Identity;
  /** Commit date (ISO); the same inputs and date give the same commit id. */
  date?: string;
}

/** A branch name trust may create and push: under trust/, and never the default branch. */
export function assertTrustBranch(branch: string, defaultBranch: string | undefined): void {
  if (!branch.startsWith(BRANCH_PREFIX) || branch === defaultBranch || /\.\.|[\s~^:?*[\\]/.test(branch)) {
    throw new InputError(
      `refusing to deliver to branch ${JSON.stringify(branch)}: trust only pushes new branches under ${BRANCH_PREFIX}, never ${defaultBranch ? `the default branch (${defaultBranch}) or ` : ''}a branch it did not create`,
    );
  }
}

/** Create (or recreate) the commit for `spec`; returns its id and tree. Touches no ref. */
export async function commitFix(
  repo: LocalRepo,
  spec: BranchCommit,
): Promise<{ commit: string; tree: string }> {
  const scratch = mkdtempSync(join(tmpdir(), 'trust-index-'));
  try {
    const env = {
      ...gitEnv(),
      GIT_INDEX_FILE: join(scratch, 'index'),
      GIT_AUTHOR_NAME: spec.identity.name,
      GIT_AUTHOR_EMAIL: spec.identity.email,
      GIT_COMMITTER_NAME: spec.identity.name,
      GIT_COMMITTER_EMAIL: spec.identity.email,
      ...(spec.date ? { GIT_AUTHOR_DATE: spec.date, GIT_COMMITTER_DATE: spec.date } : {}),
    };
    const git = gitWith(repo, env);
    await git.raw(['read-tree', spec.base]);
    for (const file of spec.files) {
      const blob = (await hashObject(repo.dir, env, file.content)).trim();
      const mode = await fileMode(git, spec.base, file.path);
      await git.raw(['update-index', '--add', '--cacheinfo', `${mode},${blob},${file.path}`]);
    }
    const tree = (await git.raw(['write-tree'])).trim();
    const message = `${spec.message.trimEnd()}\n\n${BRANCH_TRAILER}: ${spec.branch}\n`;
    const commit = (await git.raw(['commit-tree', tree, '-p', spec.base, '-m', message])).trim();
    return { commit, tree };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function fileMode(git: SimpleGit, base: string, path: string): Promise<string> {
  const line = (await git.raw(['ls-tree', base, '--', path])).trim();
  const mode = line.split(/\s/)[0];
  return mode === '100755' ? '100755' : '100644';
}

async function hashObject(dir: string, env: NodeJS.ProcessEnv, content: string): Promise<string> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['hash-object', '-w', '--stdin'], { cwd: dir, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`git hash-object failed: ${err.trim()}`)),
    );
    child.stdin.end(content);
  });
}

/** What the remote holds for `branch`: its tip, tree and whether trust made it. */
export interface RemoteBranch {
  commit: string;
  tree: string;
  parent: string | undefined;
  ours: boolean;
}

export interface PushTarget {
  remote: string;
  /** Sent as an HTTP header for this push only; never written to .git/config or argv. */
  token?: string;
  /** How the token is presented: GitHub takes x-access-token, GitLab oauth2. */
  tokenUser?: string;
  /** The remote's URL when `remote` is a name: its http(s) origin scopes the header. */
  url?: string;
}

/** Fetch `branch` from the remote into a private ref; undefined when the remote lacks it. */
export async function remoteBranch(
  repo: LocalRepo,
  target: PushTarget,
  branch: string,
): Promise<RemoteBranch | undefined> {
  const git = authGit(repo, target);
  const listed = await git.raw(['ls-remote', '--heads', target.remote, `refs/heads/${branch}`]).catch((e) => {
    throw gitFailure('git ls-remote', e);
  });
  if (!listed.trim()) return undefined;
  const ref = `refs/trust/remote/${branch}`;
  await git
    .raw(['fetch', '--quiet', '--no-tags', target.remote, `+refs/heads/${branch}:${ref}`])
    .catch((e) => {
      throw gitFailure('git fetch', e);
    });
  const [commit, tree, parents, ...body] = (
    await git.raw(['log', '-1', '--format=%H%n%T%n%P%n%B', ref])
  ).split('\n');
  const rest = body.join('\n');
  return {
    commit: commit!.trim(),
    tree: tree!.trim(),
    parent: parents?.trim().split(' ')[0] || undefined,
    ours: new RegExp(`^${BRANCH_TRAILER}: ${escapeRe(branch)}$`, 'm').test(rest),
  };
}

/**
 * Push `commit` to `branch`. A branch that exists must be one trust made; the push is a
 * force-with-lease against the tip just read, so a person's push in between is never lost.
 */
export async function pushBranch(
  repo: LocalRepo,
  target: PushTarget,
  branch: string,
  commit: string,
  existing: RemoteBranch | undefined,
): Promise<void> {
  if (existing && !existing.ours) {
    throw new InputError(
      `refusing to push to ${branch}: the branch exists on ${safeRemote(target.remote)} and its tip was not made by trust`,
    );
  }
  const lease = `--force-with-lease=refs/heads/${branch}:${existing?.commit ?? ''}`;
  const git = authGit(repo, target);
  await git
    .raw(['push', '--quiet', '--no-verify', lease, target.remote, `${commit}:refs/heads/${branch}`])
    .catch((e) => {
      throw gitFailure(`git push to ${branch}`, e);
    });
}

/** Delete a trust branch on the remote (after its PR was closed as stale). */
export async function deleteRemoteBranch(repo: LocalRepo, target: PushTarget, branch: string): Promise<void> {
  const git = authGit(repo, target);
  await git.raw(['push', '--quiet', '--no-verify', target.remote, `:refs/heads/${branch}`]).catch((e) => {
    throw gitFailure(`git push --delete ${branch}`, e);
  });
}

/** The patch of one commit, in `git format-patch` form. */
export async function formatPatch(repo: LocalRepo, commit: string): Promise<string> {
  return gitWith(repo, gitEnv()).raw(['format-patch', '-1', '--stdout', commit]);
}

/** What a git process may inherit: where things are and how to reach the network, no secrets. */
const INHERITED = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'TMPDIR',
  'TMP',
  'TEMP',
  'SystemRoot',
  'XDG_CONFIG_HOME',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'GIT_SSL_CAINFO',
];

function gitEnv(): NodeJS.ProcessEnv {
  // A fresh environment: no tokens of the job, no editor, pager or askpass, no prompts.
  const env: NodeJS.ProcessEnv = { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  for (const name of INHERITED) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

/** The variables trust itself sets for git (simple-git's guard blocks GIT_* unless listed). */
const TRUST_SET = [
  'GIT_TERMINAL_PROMPT',
  'GIT_INDEX_FILE',
  'GIT_SSL_CAINFO',
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_AUTHOR_DATE',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
  'GIT_COMMITTER_DATE',
  'GIT_CONFIG_COUNT',
  'GIT_CONFIG_KEY_0',
  'GIT_CONFIG_VALUE_0',
  'GIT_CONFIG_KEY_1',
  'GIT_CONFIG_VALUE_1',
];

/** A simple-git instance running with exactly `env` (GIT_CONFIG_COUNT carries the push token). */
function gitWith(repo: LocalRepo, env: NodeJS.ProcessEnv) {
  return simpleGit({
    baseDir: repo.dir,
    allowEnvironment: TRUST_SET,
    unsafe: { allowUnsafeConfigEnvCount: true },
  }).env(env);
}

function authGit(repo: LocalRepo, target: PushTarget) {
  return gitWith(repo, authEnv(target));
}

/**
 * The token travels in the environment of the git process as configuration
 * (GIT_CONFIG_COUNT/KEY/VALUE, git >= 2.31): not in argv, which `ps` shows to every user,
 * and not in .git/config. Only the push and fetch commands get it.
 */
function authEnv(target: PushTarget): NodeJS.ProcessEnv {
  const env = gitEnv();
  if (!target.token) return env;
  redactor.add(target.token);
  const basic = Buffer.from(`${target.tokenUser ?? 'x-access-token'}:${target.token}`).toString('base64');
  redactor.add(basic);
  const header = `Authorization: Basic ${basic}`;
  // actions/checkout leaves `http.https://github.com/.extraheader` (its own token) in
  // .git/config; git prefers that URL-scoped entry over a plain http.extraHeader and would
  // send it, or both. So the header is scoped to the remote's origin too, after an empty
  // value that resets what the config files set there (nothing in the files is changed).
  const origin = httpOrigin(target.url ?? target.remote);
  if (!origin) {
    return {
      ...env,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: header,
    };
  }
  const key = `http.${origin}/.extraHeader`;
  return {
    ...env,
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: key,
    GIT_CONFIG_VALUE_0: '',
    GIT_CONFIG_KEY_1: key,
    GIT_CONFIG_VALUE_1: header,
  };
}

/** "https://github.com" for an http(s) remote URL; undefined for ssh, paths and remote names. */
function httpOrigin(remote: string): string | undefined {
  if (!/^https?:\/\//i.test(remote)) return undefined;
  try {
    return new URL(remote).origin;
  } catch {
    return undefined;
  }
}

function gitFailure(what: string, error: unknown): ExternalError {
  const message = error instanceof Error ? error.message : String(error);
  const line =
    message.split('\n').find((l) => /fatal|error|rejected/i.test(l)) ?? message.split('\n')[0] ?? '';
  return new ExternalError('git', `${what} failed: ${redactor.redact(line.trim())}`, { cause: error });
}

/** A remote URL without credentials, for messages. */
export function safeRemote(remote: string): string {
  return remote.replace(/\/\/[^@/]*@/, '//');
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
