/**
 * forge/forge: the one interface delivery talks to. Implementations: GitHub (@octokit/rest),
 * GitLab (@gitbeaker/rest) and local patches (no token: `git format-patch` files under
 * .trust/patches). Transports are injected at the factory (forge/factory.ts) so tests point
 * the official SDKs at loopback servers. A "change request" is a pull request or a merge request.
 */
import type { PushTarget } from './branch.js';

export interface ChangeRequest {
  /** PR number (GitHub) or MR iid (GitLab); 0 for a local patch. */
  number: number;
  url: string;
  branch: string;
  title: string;
  body: string;
}

export interface ChangeRequestSpec {
  branch: string;
  /** The branch it merges into (the repository's default branch). */
  base: string;
  title: string;
  body: string;
  labels: readonly string[];
  draft: boolean;
  reviewers: readonly string[];
}

export interface Forge {
  readonly kind: 'github' | 'gitlab' | 'patches';
  /** "GitHub acme/app", for messages. */
  readonly name: string;
  /** Character limit of a change request's body. */
  readonly bodyLimit: number;
  defaultBranch(): Promise<string>;
  /** Where branches are pushed; undefined for local patches (nothing is pushed). */
  pushTarget(): PushTarget | undefined;
  /** The open change request whose source branch is `branch`. */
  findOpen(branch: string): Promise<ChangeRequest | undefined>;
  /** Every open change request from a trust/ branch. */
  listOpen(prefix: string): Promise<ChangeRequest[]>;
  open(spec: ChangeRequestSpec): Promise<ChangeRequest>;
  update(existing: ChangeRequest, spec: ChangeRequestSpec): Promise<ChangeRequest>;
  close(existing: ChangeRequest, comment: string): Promise<void>;
  /** A link to `path` at `line` in `commit`, for PR bodies. */
  permalink(commit: string, path: string, line?: number): string;
  /** Local patches: write the branch's patch; others do nothing (they push). */
  writePatch?(branch: string, patch: string): Promise<boolean>;
}
