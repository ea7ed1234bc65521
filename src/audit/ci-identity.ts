/**
 * Who is writing: the CI identity (GitHub Actions, GitLab CI) or the local user, read from
 * the environment, and the default log origin derived from the repository it names.
 */
import { basename } from 'node:path';

export interface CiIdentity {
  provider: 'github' | 'gitlab' | 'local';
  repository?: string;
  runId?: string;
  runAttempt?: string;
  workflow?: string;
  job?: string;
  actor?: string;
  commit?: string;
  ref?: string;
  url?: string;
}

export function ciIdentity(env: NodeJS.ProcessEnv): CiIdentity {
  if (env.GITHUB_ACTIONS === 'true') {
    const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
    return clean({
      provider: 'github',
      repository: env.GITHUB_REPOSITORY,
      runId: env.GITHUB_RUN_ID,
      runAttempt: env.GITHUB_RUN_ATTEMPT,
      workflow: env.GITHUB_WORKFLOW,
      job: env.GITHUB_JOB,
      actor: env.GITHUB_ACTOR,
      commit: env.GITHUB_SHA,
      ref: env.GITHUB_REF,
      url:
        env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
          ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
          : undefined,
    });
  }
  if (env.GITLAB_CI === 'true') {
    return clean({
      provider: 'gitlab',
      repository: env.CI_PROJECT_PATH,
      runId: env.CI_PIPELINE_ID,
      job: env.CI_JOB_ID,
      actor: env.GITLAB_USER_LOGIN,
      commit: env.CI_COMMIT_SHA,
      ref: env.CI_COMMIT_REF_NAME ? `refs/heads/${env.CI_COMMIT_REF_NAME}` : undefined,
      url: env.CI_PIPELINE_URL,
    });
  }
  return clean({ provider: 'local', actor: env.USER ?? env.USERNAME });
}

/** "github:octocat": the short actor recorded on every entry. */
export function actorOf(identity: CiIdentity): string {
  return `${identity.provider}:${identity.actor ?? 'unknown'}`;
}

/**
 * The log origin names the repository (so a checkpoint cannot be replayed against another
 * log): github.com/ORG/REPO/trust-audit on GitHub, <host>/<path>/trust-audit on GitLab,
 * local/<folder>/trust-audit elsewhere.
 */
export function defaultOrigin(env: NodeJS.ProcessEnv, root: string): string {
  if (env.GITHUB_REPOSITORY) {
    const host = new URL(env.GITHUB_SERVER_URL ?? 'https://github.com').host;
    return `${host}/${env.GITHUB_REPOSITORY}/trust-audit`;
  }
  if (env.CI_PROJECT_PATH) return `${env.CI_SERVER_HOST ?? 'gitlab.com'}/${env.CI_PROJECT_PATH}/trust-audit`;
  const folder = basename(root).replace(/[\s+]/g, '-') || 'repo';
  return `local/${folder}/trust-audit`;
}

function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}
