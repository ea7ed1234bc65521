/**
 * llm/identity: what identifies this repository and its people, collected once per run from
 * git metadata (remote URLs, author and committer names and e-mails), the CI environment, the
 * machine (root path, home directory) and the process's secret variables. Every value is
 * redacted from snippets as a literal, in addition to the pattern catalogue.
 */

import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { simpleGit } from 'simple-git';
import { SECRET_ENV_VARS } from '../core/redact.js';
import type { KnownValue } from './secrets.js';

const IDENTITY_ENV = [
  'GITHUB_REPOSITORY',
  'GITHUB_REPOSITORY_OWNER',
  'GITHUB_ACTOR',
  'GITHUB_TRIGGERING_ACTOR',
  'CI_PROJECT_PATH',
  'CI_PROJECT_URL',
  'CI_PROJECT_NAMESPACE',
  'CI_REPOSITORY_URL',
  'GITLAB_USER_EMAIL',
  'GITLAB_USER_NAME',
  'GITLAB_USER_LOGIN',
] as const;

/** Remote URL -> the URL, its forms without credentials / .git, "owner/name", owner and name. */
export function remoteForms(url: string): string[] {
  const forms = new Set<string>([url]);
  const bare = url.replace(/\.git$/, '');
  forms.add(bare);
  const withoutCreds = bare.replace(/^([a-z+]+:\/\/)[^@/]+@/i, '$1');
  forms.add(withoutCreds);
  // https://host/owner/name, ssh://git@host/owner/name, git@host:owner/name
  const m = /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?([^/:]+)[:/](.+)$/i.exec(bare);
  if (m?.[2]) {
    const path = m[2].replace(/^\/+/, '');
    forms.add(`${m[1]}/${path}`);
    forms.add(path);
    for (const segment of path.split('/')) if (segment.length >= 3) forms.add(segment);
  }
  return [...forms].filter((f) => f.length >= 3);
}

export async function collectIdentity(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<KnownValue[]> {
  const values: KnownValue[] = [];
  const add = (value: string | undefined, kind: KnownValue['kind']) => {
    const v = value?.trim();
    if (v && v.length >= 3 && !values.some((k) => k.value === v)) values.push({ value: v, kind });
  };
  for (const name of SECRET_ENV_VARS) if ((env[name]?.length ?? 0) >= 8) add(env[name], 'secret');
  for (const path of machinePaths(root)) add(path, 'path');
  for (const name of IDENTITY_ENV) {
    const v = env[name];
    if (!v) continue;
    if (/:\/\/|@/.test(v)) for (const f of remoteForms(v)) add(f, 'identity');
    else add(v, 'identity');
  }
  for (const v of await gitIdentity(root)) add(v, 'identity');
  // Longest first, so a URL is replaced whole before its owner/name parts.
  return values.sort((a, b) => b.value.length - a.value.length);
}

function machinePaths(root: string): string[] {
  const paths = [root, homedir()];
  try {
    paths.push(realpathSync(root));
  } catch {
    // a root that does not exist has no other spelling
  }
  // "/" or a one-segment home (containers) would redact every path: skip those.
  return paths.filter((p) => p.split(/[\\/]/).filter(Boolean).length >= 2);
}

async function gitIdentity(root: string): Promise<string[]> {
  const git = simpleGit(root);
  const out: string[] = [];
  try {
    if (!(await git.checkIsRepo())) return out;
    for (const remote of await git.getRemotes(true)) {
      for (const url of [remote.refs.fetch, remote.refs.push]) if (url) out.push(...remoteForms(url));
    }
    const log = await git.raw(['log', '-n', '2000', '--format=%an%x1f%ae%x1f%cn%x1f%ce']).catch(() => '');
    for (const line of log.split('\n')) out.push(...line.split('\x1f'));
    for (const key of ['user.name', 'user.email']) {
      const v = await git.raw(['config', '--get', key]).catch(() => '');
      out.push(v.trim());
    }
  } catch {
    // Not a repository or git missing: the pattern catalogue still applies.
  }
  return out.filter((v) => v.length >= 3 && !PLATFORM_NAMES.test(v));
}

// Committer names of forge web UIs and bots: not people, and far too common in code to redact.
const PLATFORM_NAMES = /^(github|gitlab|bitbucket|web-flow|.*\[bot\])$/i;
