/**
 * forge/deliver: turn fix groups into branches and change requests on a Forge. Per group: a
 * commit on the scanned commit (branch.ts), pushed to trust/<slug> only when its tree differs
 * from what the remote branch holds (or written as a patch), then the open request for that
 * branch updated when its title or body changed, or a new one opened while under the cap.
 * Re-running on the same findings changes nothing. A forge failure stops delivery there: the
 * result says which groups were delivered and which not, and a rerun finishes the rest.
 */
import { TrustError } from '../core/errors.js';
import { redactor } from '../core/redact.js';
import {
  assertTrustBranch,
  BRANCH_PREFIX,
  commitFix,
  deleteRemoteBranch,
  formatPatch,
  type Identity,
  pushBranch,
  remoteBranch,
} from './branch.js';
import type { ChangeRequest, Forge } from './forge.js';
import type { LocalRepo } from './git.js';
import { fingerprintsOf, type PrContent, renderPrBody } from './pr-body.js';

export interface DeliveryGroup {
  key: string;
  branch: string;
  title: string;
  message: string;
  files: { path: string; content: string }[];
  content: PrContent;
}

export interface DeliveryOptions {
  repo: LocalRepo;
  forge: Forge;
  /** The scanned commit every branch starts from. */
  base: string;
  /** Commit date, so the same fix on the same commit is the same commit. */
  date: string;
  identity: Identity;
  labels: readonly string[];
  draft: boolean;
  reviewers: readonly string[];
  /** At most this many open trust requests; groups past it wait for a later run. */
  maxOpen: number;
  /** Close trust requests none of whose findings is in `currentFindings`. */
  closeStale: boolean;
  currentFindings: ReadonlySet<string>;
}

export type GroupStatus = 'opened' | 'updated' | 'unchanged' | 'deferred' | 'failed' | 'not-attempted';

export interface GroupDelivery {
  key: string;
  branch: string;
  status: GroupStatus;
  pushed: boolean;
  request?: ChangeRequest;
  error?: string;
}

export interface DeliveryResult {
  forge: Forge['kind'];
  defaultBranch: string;
  groups: GroupDelivery[];
  closed: ChangeRequest[];
  /** The failure that stopped delivery, when one did. */
  failure?: TrustError;
}

export async function deliver(
  groups: readonly DeliveryGroup[],
  options: DeliveryOptions,
): Promise<DeliveryResult> {
  const { forge } = options;
  const defaultBranch = await forge.defaultBranch();
  for (const g of groups) assertTrustBranch(g.branch, defaultBranch);
  const result: DeliveryResult = { forge: forge.kind, defaultBranch, groups: [], closed: [] };
  let open = (await forge.listOpen(BRANCH_PREFIX)).length;
  for (const [i, group] of groups.entries()) {
    try {
      const done = await deliverGroup(group, options, defaultBranch, open);
      if (done.status === 'opened') open++;
      result.groups.push(done);
    } catch (error) {
      if (!(error instanceof TrustError)) throw error;
      result.failure = error;
      result.groups.push({
        key: group.key,
        branch: group.branch,
        status: 'failed',
        pushed: false,
        error: error.message,
      });
      for (const rest of groups.slice(i + 1)) {
        result.groups.push({ key: rest.key, branch: rest.branch, status: 'not-attempted', pushed: false });
      }
      return result;
    }
  }
  if (options.closeStale) result.closed = await closeStale(groups, options);
  return result;
}

async function deliverGroup(
  group: DeliveryGroup,
  options: DeliveryOptions,
  defaultBranch: string,
  openCount: number,
): Promise<GroupDelivery> {
  const { forge, repo } = options;
  const existing = await forge.findOpen(group.branch);
  if (!existing && openCount >= options.maxOpen) {
    return { key: group.key, branch: group.branch, status: 'deferred', pushed: false };
  }
  const { commit, tree } = await commitFix(repo, {
    branch: group.branch,
    base: options.base,
    files: group.files,
    message: redactor.redact(group.message),
    identity: options.identity,
    date: options.date,
  });
  let pushed: boolean;
  const target = forge.pushTarget();
  if (target) {
    const remote = await remoteBranch(repo, target, group.branch);
    pushed = !(remote?.ours && remote.tree === tree && remote.parent === options.base);
    if (pushed) await pushBranch(repo, target, group.branch, commit, remote);
  } else {
    pushed = (await forge.writePatch?.(group.branch, await formatPatch(repo, commit))) ?? false;
  }
  // Titles, bodies and messages leave the machine: scrub them like every other output.
  const body = redactor.redact(
    renderPrBody(group.content, {
      commit: options.base,
      permalink: forge.permalink,
      limit: forge.bodyLimit,
    }),
  );
  const spec = {
    branch: group.branch,
    base: defaultBranch,
    title: redactor.redact(group.title),
    body,
    labels: options.labels,
    draft: options.draft,
    reviewers: options.reviewers,
  };
  if (existing) {
    const same =
      existing.title.replace(/^Draft: /, '') === spec.title && existing.body.trim() === body.trim();
    if (same)
      return {
        key: group.key,
        branch: group.branch,
        status: pushed ? 'updated' : 'unchanged',
        pushed,
        request: existing,
      };
    const request = await forge.update(existing, spec);
    return { key: group.key, branch: group.branch, status: 'updated', pushed, request };
  }
  const request = await forge.open(spec);
  return { key: group.key, branch: group.branch, status: 'opened', pushed, request };
}

async function closeStale(
  groups: readonly DeliveryGroup[],
  options: DeliveryOptions,
): Promise<ChangeRequest[]> {
  const current = new Set(groups.map((g) => g.branch));
  const closed: ChangeRequest[] = [];
  for (const request of await options.forge.listOpen(BRANCH_PREFIX)) {
    if (current.has(request.branch)) continue;
    const ids = fingerprintsOf(request.body);
    if (ids.length === 0 || ids.some((id) => options.currentFindings.has(id))) continue;
    await options.forge.close(
      request,
      'trust: every finding this request fixed is gone from the latest scan, so it is closed. Re-run trust to reopen work if a finding returns.',
    );
    const target = options.forge.pushTarget();
    // Only a branch whose tip trust made is deleted; a person's commits on it stay.
    if (target && (await remoteBranch(options.repo, target, request.branch))?.ours) {
      await deleteRemoteBranch(options.repo, target, request.branch);
    }
    closed.push(request);
  }
  return closed;
}
