/**
 * forge/gitlab: merge requests through @gitbeaker/rest (the only file that imports it): a
 * typed, maintained client for the GitLab REST API v4. Base URL from CI_API_V4_URL or config
 * (self-managed GitLab), project from CI_PROJECT_ID or config. Drafts are GitLab's "Draft:"
 * title prefix; reviewers are usernames, looked up to the ids the API takes.
 */
import { Gitlab } from '@gitbeaker/rest';
import type { RetryPolicy } from '../core/retry.js';
import type { PushTarget } from './branch.js';
import type { ChangeRequest, ChangeRequestSpec, Forge } from './forge.js';
import { encodePath } from './github.js';
import { forgeCall } from './retry-rules.js';

export interface GitLabOptions {
  token: string;
  /** Numeric id or "group/project". */
  project: string;
  /** "https://gitlab.example.com/api/v4". */
  apiUrl: string;
  /** Web URL of the project, for permalinks ("https://gitlab.example.com/group/project"). */
  projectUrl?: string;
  remote: string;
  /** The remote's URL when `remote` names one (scopes the push header to its host). */
  remoteUrl?: string;
  retry: RetryPolicy;
}

/** GitLab's limit on a merge request description, in characters. */
const BODY_LIMIT = 1_048_576;

interface MrShape {
  iid: number;
  web_url: string;
  title: string;
  description?: string | null;
  source_branch: string;
}

export function createGitLabForge(options: GitLabOptions): Forge {
  const host = options.apiUrl.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
  const api = new Gitlab({ host, token: options.token, rateLimitDuration: 60 });
  const project = /^\d+$/.test(options.project) ? Number(options.project) : options.project;
  const call = <T>(what: () => Promise<T>) => forgeCall('GitLab', options.retry, what);
  let webUrl = options.projectUrl;
  const toRequest = (mr: MrShape): ChangeRequest => ({
    number: mr.iid,
    url: mr.web_url,
    branch: mr.source_branch,
    title: mr.title,
    body: mr.description ?? '',
  });
  const title = (spec: ChangeRequestSpec) => (spec.draft ? `Draft: ${spec.title}` : spec.title);
  const reviewerIds = async (names: readonly string[]) => {
    const ids: number[] = [];
    for (const username of names) {
      const users = (await call(() => api.Users.all({ username }))) as { id: number }[];
      if (users[0]) ids.push(users[0].id);
    }
    return ids;
  };
  return {
    kind: 'gitlab',
    name: `GitLab ${options.project}`,
    bodyLimit: BODY_LIMIT,
    async defaultBranch() {
      const p = (await call(() => api.Projects.show(project))) as {
        default_branch?: string;
        web_url?: string;
      };
      webUrl ??= p.web_url;
      return p.default_branch ?? 'main';
    },
    pushTarget(): PushTarget {
      return { remote: options.remote, url: options.remoteUrl, token: options.token, tokenUser: 'oauth2' };
    },
    async findOpen(branch) {
      const mrs = (await call(() =>
        api.MergeRequests.all({ projectId: project, sourceBranch: branch, state: 'opened', perPage: 20 }),
      )) as MrShape[];
      const mr = mrs.find((m) => m.source_branch === branch);
      return mr ? toRequest(mr) : undefined;
    },
    async listOpen(prefix) {
      const mrs = (await call(() =>
        api.MergeRequests.all({ projectId: project, state: 'opened', perPage: 100, maxPages: 20 }),
      )) as MrShape[];
      return mrs.filter((m) => m.source_branch.startsWith(prefix)).map(toRequest);
    },
    async open(spec) {
      const ids = await reviewerIds(spec.reviewers);
      const mr = (await call(() =>
        api.MergeRequests.create(project, spec.branch, spec.base, title(spec), {
          description: spec.body,
          ...(spec.labels.length > 0 ? { labels: spec.labels.join(',') } : {}),
          ...(ids.length > 0 ? { reviewerIds: ids } : {}),
          removeSourceBranch: true,
        }),
      )) as MrShape;
      return toRequest(mr);
    },
    async update(existing, spec) {
      const mr = (await call(() =>
        api.MergeRequests.edit(project, existing.number, {
          title: title(spec),
          description: spec.body,
          ...(spec.labels.length > 0 ? { addLabels: spec.labels.join(',') } : {}),
        }),
      )) as MrShape;
      return toRequest(mr);
    },
    async close(existing, comment) {
      await call(() => api.MergeRequestNotes.create(project, existing.number, comment));
      await call(() => api.MergeRequests.edit(project, existing.number, { stateEvent: 'close' }));
    },
    permalink(commit, path, line) {
      const base = `${(webUrl ?? host).replace(/\/+$/, '')}/-/blob/${commit}/${encodePath(path)}`;
      return line ? `${base}#L${line}` : base;
    },
  };
}
