/**
 * run/record-fixes: the `fix` entries of a delivery. A fix that left the machine (a branch
 * pushed, a patch written) is recorded once, when its content changed; a re-run that
 * delivers the same fix again adds nothing, so the log and the PR bodies stay stable.
 */
import { type AuditLog, fixEntry } from '../audit/index.js';
import type { FixRun, Stage } from '../fix/pipeline.js';
import type { DeliverStepResult } from './deliver-step.js';

export function recordDelivered(log: AuditLog, delivery: DeliverStepResult, run: FixRun): void {
  // Opened counts too: a branch pushed by a run that failed before its request was opened.
  const shipped = new Set(delivery.groups.filter((g) => g.pushed || g.status === 'opened').map((g) => g.key));
  const entries = delivery.groupsBuilt
    .filter((g) => shipped.has(g.key))
    .flatMap((group) => group.stages.map((stage) => fixEntryOf(stage)));
  if (entries.length > 0 && run.files.length > 0) log.appendMany(entries);
}

/** The `fix` entry of one applied change: fingerprints and the diff's hash, never code. */
export function fixEntryOf(stage: Stage): ReturnType<typeof fixEntry> {
  const quality = stage.fixer?.fixQuality;
  return fixEntry({
    fingerprints: stage.findings.map((f) => f.id),
    method: stage.fixer?.ai ? 'llm' : 'codemod',
    codemod: stage.codemod,
    files: [stage.path],
    diff: stage.diff,
    outcome: 'applied',
    ...(quality
      ? {
          evaluation: {
            safety: quality.safetyRating,
            effectiveness: quality.effectivenessRating,
            cleanliness: quality.cleanlinessRating,
          },
        }
      : {}),
  });
}
