/**
 * forge/factory: the one place a Forge is chosen and built, from the options and the
 * environment (GitHub Actions, GitLab CI or a plain shell). Base URLs always come from the
 * environment or config, so GitHub Enterprise Server, self-managed GitLab and loopback test
 * servers all work. Without a token the fixes become patches: a laptop run and a fork's
 * pull-request run (where secrets are absent) still produce something useful.
 */
import { ConfigError } from '../core/errors.js';
import { redactor } from '../core/redact.js';
import type { RetryPolicy } from '../core/retry.js';
import type { Forge } from './forge.js';
import { createGitHubForge } from './github.js';
import { createGitLabForge } from './gitlab.js';
import { createPatchForge } from './patches.js';

export type ForgeKind = 'auto' | 'github' | 'gitlab' | 'patches';

export interface ForgeChoice {
  kind: ForgeKind;
  env: NodeJS.ProcessEnv;
  repository?: string;
  project?: string;
  apiUrl?: string;
  remote: string;
  /** URL of the push remote, to read owner/repo from when nothing else names it. */
  remoteUrl?: string;
  patchesDir: string;
  /** The branch patches are meant for (the checked-out branch). */
  localBranch: string;
  retry: RetryPolicy;
  fetch?: typeof fetch;
}

export interface ChosenForge {
  forge: Forge;
  /** Why this forge, for the log line ("GitHub Actions", "no GITHUB_TOKEN: patches"). */
  reason: string;
}

export function createForge(choice: ForgeChoice): ChosenForge {
  const { env } = choice;
  const kind = resolveKind(choice.kind, env);
  const patches = (reason: string): ChosenForge => ({
    forge: createPatchForge({ dir: choice.patchesDir, defaultBranch: choice.localBranch }),
    reason,
  });
  if (kind === 'patches') {
    return patches(
      choice.kind === 'patches'
        ? '--forge patches'
        : 'no GITHUB_TOKEN or GITLAB_TOKEN, so the fixes are written as patches',
    );
  }
  if (kind === 'github') {
    const token = env.GITHUB_TOKEN || env.GH_TOKEN;
    if (!token) return patches('no GITHUB_TOKEN, so the fixes are written as patches');
    redactor.add(token);
    const repository = choice.repository ?? env.GITHUB_REPOSITORY ?? repoFromUrl(choice.remoteUrl);
    if (!repository || !/^[^/\s]+\/[^/\s]+$/.test(repository)) {
      throw new ConfigError(
        `no GitHub repository to open pull requests in: set --repository owner/repo (or GITHUB_REPOSITORY)${repository ? `; got ${JSON.stringify(repository)}` : ''}`,
      );
    }
    const apiUrl = choice.apiUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com';
    return {
      forge: createGitHubForge({
        token,
        repository,
        apiUrl,
        serverUrl: env.GITHUB_SERVER_URL ?? serverOf(apiUrl),
        remote: choice.remote,
        remoteUrl: choice.remoteUrl,
        retry: choice.retry,
        fetch: choice.fetch,
      }),
      reason: env.GITHUB_ACTIONS === 'true' ? 'GitHub Actions' : 'GITHUB_TOKEN is set',
    };
  }
  const token = env.GITLAB_TOKEN;
  if (!token) return patches('no GITLAB_TOKEN, so the fixes are written as patches');
  redactor.add(token);
  const project = choice.project ?? env.CI_PROJECT_ID;
  if (!project) {
    throw new ConfigError('no GitLab project to open merge requests in: set --project (or CI_PROJECT_ID)');
  }
  return {
    forge: createGitLabForge({
      token,
      project,
      apiUrl: choice.apiUrl ?? env.CI_API_V4_URL ?? 'https://gitlab.com/api/v4',
      projectUrl: env.CI_PROJECT_URL,
      remote: choice.remote,
      remoteUrl: choice.remoteUrl,
      retry: choice.retry,
    }),
    reason: env.GITLAB_CI === 'true' ? 'GitLab CI' : 'GITLAB_TOKEN is set',
  };
}

function resolveKind(kind: ForgeKind, env: NodeJS.ProcessEnv): Exclude<ForgeKind, 'auto'> {
  if (kind !== 'auto') return kind;
  if (env.GITHUB_ACTIONS === 'true') return 'github';
  if (env.GITLAB_CI === 'true') return 'gitlab';
  if (env.GITHUB_TOKEN || env.GH_TOKEN) return 'github';
  if (env.GITLAB_TOKEN) return 'gitlab';
  return 'patches';
}

/** "owner/repo" from https://github.com/owner/repo(.git) or git@github.com:owner/repo.git. */
function repoFromUrl(url: string | undefined): string | undefined {
  const m = /[/:]([^/:\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(url ?? '');
  return m && /github/i.test(url ?? '') ? `${m[1]}/${m[2]}` : undefined;
}

/** The web URL of a GitHub API URL: api.github.com -> github.com, GHES /api/v3 -> its host. */
function serverOf(apiUrl: string): string {
  const url = apiUrl.replace(/\/+$/, '');
  if (/^https:\/\/api\.github\.com$/.test(url)) return 'https://github.com';
  return url.replace(/\/api\/v3$/, '');
}
