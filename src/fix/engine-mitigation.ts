/**
 * fix/engine-mitigation: the engine's side of a mitigated finding (a fix its scanner rule still
 * reports, fix/suppress.ts): keep the suppression comment with the fix's edits unless it
 * collides, and turn an already-fixed finding into a mitigated outcome.
 */

import type { Finding } from '../sarif/finding.js';
import type { Edit } from './codemod.js';
import { overlaps, sameEdit } from './edits.js';
import type { FileFixResult, FindingOutcome } from './engine.js';
import type { LineIndex } from './locate.js';
import type { Mitigation } from './suppress.js';

/**
 * Keep a mitigated fix's suppression comment with its edits, unless it collides with an edit
 * already kept (an identical comment, for a second report of the line, collapses into it).
 */
export function keepSuppression(
  planned: { mitigation: Mitigation; edit?: Edit },
  kept: Edit[],
  edits: Edit[],
  lines: LineIndex,
): Mitigation {
  const { mitigation, edit } = planned;
  if (!edit) return mitigation;
  if (kept.some((k) => sameEdit(k, edit))) {
    edits.push(edit);
    return mitigation;
  }
  if (kept.some((k) => overlaps(k, edit))) {
    const { suppression: _, ...rest } = mitigation;
    const line = lines.lineOf(edit.start);
    return { ...rest, unsuppressed: `another change is made at line ${line}, where the comment would go` };
  }
  kept.push(edit);
  edits.push(edit);
  return mitigation;
}

/**
 * A finding already in the codemod's fixed form that its scanner rule still reports: mitigated,
 * its only change the suppression comment (when one is written).
 */
export function alreadyMitigated(
  result: FileFixResult,
  held: { mitigation: Mitigation; edit?: Edit },
  kept: Edit[],
  lines: LineIndex,
  at: { finding: Finding; path: string; codemod: string; line: number },
): FindingOutcome {
  const edits: Edit[] = [];
  const mitigation = keepSuppression(held, kept, edits, lines);
  if (edits.length > 0)
    result.fixes.push({
      codemod: at.codemod,
      finding: at.finding,
      edits,
      packageActions: [],
      merged: false,
      mitigation,
    });
  return { ...at, status: 'fixed', mitigation };
}
