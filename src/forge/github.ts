/**
 * forge/github: pull requests through @octokit/rest (the only file that imports it). The API
 * base URL comes from GITHUB_API_URL (GitHub Enterprise Server) or config; `fetch` is injected
 * at the factory. Octokit's own retries are not used: every call goes through forgeCall.
 */
import { Octokit } from '@octokit/rest';
import type { RetryPolicy } from '../core/retry.js';
import { trustVersion } from '../core/version.js';
import type { PushTarget } from './branch.js';
import type { ChangeRequest, ChangeRequestSpec, Forge } from './forge.js';
import { forgeCall } from './retry-rules.js';

export interface GitHubOptions {
  token: string;
  /** "owner/repo". */
  repository: string;
  apiUrl: string;
  serverUrl: string;
  /** Remote to push to: a URL, or a remote name of the local repository. */
  remote: string;
  /** The remote's URL when `remote` names one (scopes the push header to its host). */
  remoteUrl?: string;
  retry: RetryPolicy;
  fetch?: typeof fetch;
}

/** GitHub's limit on a pull request body, in characters. */
const BODY_LIMIT = 65_536;

interface PullShape {
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
  head: { ref: string; repo?: { full_name?: string } | null };
}

export function createGitHubForge(options: GitHubOptions): Forge {
  const [owner, repo] = options.repository.split('/') as [string, string];
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    userAgent: `trust/${trustVersion()}`,
    request: options.fetch ? { fetch: options.fetch } : {},
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const call = <T>(what: () => Promise<T>) => forgeCall('GitHub', options.retry, what);
  const toRequest = (pull: PullShape): ChangeRequest => ({
    number: pull.number,
    url: pull.html_url,
    branch: pull.head.ref,
    title: pull.title,
    body: pull.body ?? '',
  });
  const addLabels = async (number: number, labels: readonly string[]) => {
    if (labels.length === 0) return;
    await call(() =>
      octokit.rest.issues.addLabels({ owner, repo, issue_number: number, labels: [...labels] }),
    );
  };
  return {
    kind: 'github',
    name: `GitHub ${options.repository}`,
    bodyLimit: BODY_LIMIT,
    async defaultBranch() {
      const { data } = await call(() => octokit.rest.repos.get({ owner, repo }));
      return data.default_branch;
    },
    pushTarget(): PushTarget {
      return {
        remote: options.remote,
        url: options.remoteUrl,
        token: options.token,
        tokenUser: 'x-access-token',
      };
    },
    async findOpen(branch) {
      const { data } = await call(() =>
        octokit.rest.pulls.list({ owner, repo, head: `${owner}:${branch}`, state: 'open', per_page: 10 }),
      );
      const pull = data.find((p) => p.head.ref === branch);
      return pull ? toRequest(pull) : undefined;
    },
    async listOpen(prefix) {
      const found: ChangeRequest[] = [];
      for (let page = 1; page <= 20; page++) {
        const { data } = await call(() =>
          octokit.rest.pulls.list({ owner, repo, state: 'open', per_page: 100, page }),
        );
        for (const p of data) {
          const sameRepo = !p.head.repo || p.head.repo.full_name === options.repository;
          if (sameRepo && p.head.ref.startsWith(prefix)) found.push(toRequest(p));
        }
        if (data.length < 100) break;
      }
      return found;
    },
    async open(spec: ChangeRequestSpec) {
      const { data } = await call(() =>
        octokit.rest.pulls.create({
          owner,
          repo,
          head: spec.branch,
          base: spec.base,
          title: spec.title,
          body: spec.body,
          draft: spec.draft,
          maintainer_can_modify: true,
        }),
      );
      await addLabels(data.number, spec.labels);
      if (spec.reviewers.length > 0) {
        await call(() =>
          octokit.rest.pulls.requestReviewers({
            owner,
            repo,
            pull_number: data.number,
            reviewers: [...spec.reviewers],
          }),
        );
      }
      return toRequest(data);
    },
    async update(existing, spec) {
      const { data } = await call(() =>
        octokit.rest.pulls.update({
          owner,
          repo,
          pull_number: existing.number,
          title: spec.title,
          body: spec.body,
        }),
      );
      await addLabels(existing.number, spec.labels);
      return toRequest(data);
    },
    async close(existing, comment) {
      await call(() =>
        octokit.rest.issues.createComment({ owner, repo, issue_number: existing.number, body: comment }),
      );
      await call(() =>
        octokit.rest.pulls.update({ owner, repo, pull_number: existing.number, state: 'closed' }),
      );
    },
    permalink(commit, path, line) {
      const base = `${options.serverUrl.replace(/\/+$/, '')}/${options.repository}/blob/${commit}/${encodePath(path)}`;
      return line ? `${base}#L${line}` : base;
    },
  };
}

export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
