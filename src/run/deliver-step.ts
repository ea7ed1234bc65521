/**
 * run/deliver-step: from a fix run to delivered change requests. Groups the applied fixes,
 * gives each group its own files, commit message, title and body (with the audit-log entries
 * that record its decisions), delivers them through the Forge, and records a `pr` entry for
 * every request opened, updated or closed.
 */
import { type AuditLog, prEntry } from '../audit/index.js';
import type { Codemod } from '../fix/codemod.js';
import { unifiedDiff } from '../fix/diff.js';
import type { FixRun } from '../fix/pipeline.js';
import type { Identity } from '../forge/branch.js';
import { type DeliveryGroup, type DeliveryResult, deliver } from '../forge/deliver.js';
import type { Forge } from '../forge/forge.js';
import type { LocalRepo } from '../forge/git.js';
import type { PrContent } from '../forge/pr-body.js';
import type { Finding } from '../sarif/finding.js';
import { prVerification } from '../verify/report.js';
import type { VerifyResult } from '../verify/verify-fixes.js';
import { type FixGroup, filesOfGroup, type GroupBy, groupFixes } from './groups.js';

export interface DeliverySettings {
  groupBy: GroupBy;
  labels: readonly string[];
  draft: boolean;
  reviewers: readonly string[];
  titlePrefix: string;
  maxOpen: number;
  closeStale: boolean;
  identity: Identity;
}

export interface DeliverStepInput {
  root: string;
  repo: LocalRepo;
  forge: Forge;
  base: string;
  /** Committer date of the scanned commit: the same fix on it is the same commit. */
  baseDate: string;
  run: FixRun;
  codemods: readonly Codemod[];
  /** Every finding of this scan (fixed or not), for --close-stale. */
  allFindings: readonly Finding[];
  /** Log entries that recorded each fixed finding's decisions (by fingerprint). */
  decisions: ReadonlyMap<string, { index: number; leafHash: string; kind: string }[]>;
  settings: DeliverySettings;
  log: AuditLog;
  /** What --verify kept (the run holds only those): each request says how it was verified. */
  verification?: VerifyResult;
}

export interface DeliverStepResult extends DeliveryResult {
  problems: string[];
  groupsBuilt: FixGroup[];
}

export async function deliverFixes(input: DeliverStepInput): Promise<DeliverStepResult> {
  const groups = groupFixes(input.run, input.settings.groupBy);
  const problems: string[] = [];
  const delivery: DeliveryGroup[] = [];
  for (const group of groups) {
    const built = await filesOfGroup(group, input.run, input.root, input.codemods);
    problems.push(...built.problems);
    if (built.files.length === 0) continue;
    delivery.push(toDelivery(group, built.files, input));
  }
  const result = await deliver(delivery, {
    repo: input.repo,
    forge: input.forge,
    base: input.base,
    date: input.baseDate,
    identity: input.settings.identity,
    labels: input.settings.labels,
    draft: input.settings.draft,
    reviewers: input.settings.reviewers,
    maxOpen: input.settings.maxOpen,
    closeStale: input.settings.closeStale,
    currentFindings: new Set(input.allFindings.map((f) => f.id)),
  });
  recordRequests(input, result, delivery);
  return { ...result, problems, groupsBuilt: groups };
}

function toDelivery(
  group: FixGroup,
  files: { path: string; content: string; before: string }[],
  input: DeliverStepInput,
): DeliveryGroup {
  const codemod = input.codemods.find((c) => c.id === group.fixers[0]);
  const llmStage = group.stages.find((s) => s.fixer?.ai);
  const n = group.findings.length;
  const what =
    codemod?.title ?? llmStage?.fixer?.description ?? `Fix ${group.findings[0]?.rule.id ?? 'findings'}`;
  const title = `${input.settings.titlePrefix}${group.method === 'llm' ? '[LLM] ' : ''}${what} (${n} finding${n === 1 ? '' : 's'})`;
  const diffs = files.map((f) => unifiedDiff(f.path, f.before, f.content));
  const stats = files.map((f, i) => ({ path: f.path, ...countLines(diffs[i]!) }));
  const rules = [...new Set(group.findings.map((f) => f.rule.id))];
  const summary =
    group.method === 'llm'
      ? `Fixes ${n} finding${n === 1 ? '' : 's'} of ${rules.join(', ')} that no deterministic codemod covers. ${llmStage?.fixer?.description ?? ''}`.trim()
      : `Fixes ${n} finding${n === 1 ? '' : 's'} of ${rules.join(', ')} with the deterministic codemod \`${group.fixers.join('`, `')}\`.`;
  const quality = llmStage?.fixer?.fixQuality;
  const verification = input.verification ? prVerification(input.verification, group.key) : undefined;
  const content: PrContent = {
    groupKey: group.key,
    method: group.method,
    summary,
    ...(codemod && group.method === 'codemod'
      ? {
          codemod: {
            id: codemod.id,
            title: codemod.title,
            description: codemod.description,
            reviewGuidance: codemod.reviewGuidance,
          },
        }
      : {}),
    ...(quality && llmStage?.fixer?.ai
      ? {
          llm: {
            model: `${llmStage.fixer.ai.provider} ${llmStage.fixer.ai.model}`,
            scores: {
              safety: quality.safetyRating,
              effectiveness: quality.effectivenessRating,
              cleanliness: quality.cleanlinessRating,
            },
            reasons: llmStage.fixer.evaluation ?? '',
          },
        }
      : {}),
    references: codemod?.references ?? [],
    findings: group.findings.map((f) => ({
      id: f.id,
      rule: f.rule.id,
      cwe: f.cwe,
      level: f.level,
      ...(f.securitySeverity !== undefined ? { securitySeverity: f.securitySeverity } : {}),
      path: f.location.path ?? '',
      ...(f.location.region?.startLine ? { line: f.location.region.startLine } : {}),
      message: f.message,
    })),
    decisions: group.findings.flatMap((f) =>
      (input.decisions.get(f.id) ?? []).map((d) => ({ ...d, fingerprint: f.id })),
    ),
    files: stats,
    diff: diffs.join(''),
    ...(verification ? { verification } : {}),
  };
  const findingLines = group.findings
    .slice(0, 50)
    .map((f) => `- ${f.rule.id} at ${f.location.path}:${f.location.region?.startLine ?? '?'} (${f.id})`);
  const message = [
    `fix(security): ${what}`,
    '',
    summary,
    '',
    'Findings:',
    ...findingLines,
    ...(n > 50 ? [`- …and ${n - 50} more`] : []),
  ].join('\n');
  return {
    key: group.key,
    branch: group.branch,
    title,
    message,
    files: files.map(({ path, content }) => ({ path, content })),
    content,
  };
}

function countLines(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++')) added++;
    else if (line.startsWith('-') && !line.startsWith('---')) removed++;
  }
  return { added, removed };
}

function recordRequests(
  input: DeliverStepInput,
  result: DeliveryResult,
  groups: readonly DeliveryGroup[],
): void {
  if (input.forge.kind === 'patches') return;
  const forge = input.forge.kind;
  const entries = [
    ...result.groups.flatMap((g) => {
      if ((g.status !== 'opened' && g.status !== 'updated') || !g.request) return [];
      const group = groups.find((d) => d.key === g.key)!;
      return [
        prEntry({
          forge,
          action: g.status,
          url: g.request.url,
          number: g.request.number,
          branch: g.branch,
          base: result.defaultBranch,
          fingerprints: group.content.findings.map((f) => f.id),
        }),
      ];
    }),
    ...result.closed.map((c) =>
      prEntry({
        forge,
        action: 'closed',
        url: c.url,
        number: c.number,
        branch: c.branch,
        base: result.defaultBranch,
        fingerprints: [],
      }),
    ),
  ];
  if (entries.length > 0) input.log.appendMany(entries);
}
