/**
 * Record triage decisions: one `triage` entry per finding, keyed by its fingerprint. A
 * finding whose newest recorded decision (and deciding rule) is unchanged records nothing, so
 * re-running on the same SARIF adds nothing; a changed decision supersedes the earlier entry.
 * Decisions made by a person or an LLM are never overridden by a rule.
 */
import type { AuditLog, EntryInput, FindingRef, TriageFields } from '../audit/index.js';
import type { Finding } from '../sarif/finding.js';
import type { TriageDecision } from './classify.js';

export interface RecordedDecision extends TriageDecision {
  /** The log index of the entry written, or of the unchanged earlier one. */
  index?: number;
  status: 'recorded' | 'unchanged' | 'kept-manual';
}

export function recordDecisions(log: AuditLog, decisions: readonly TriageDecision[]): RecordedDecision[] {
  const out: RecordedDecision[] = [];
  const pending: Array<{ at: number; entry: EntryInput }> = [];
  for (const d of decisions) {
    const latest = log.latestTriage(d.finding.id);
    const prev = latest?.entry as (TriageFields & { decidedBy: TriageFields['decidedBy'] }) | undefined;
    // A `mitigated` decision comes from a fix trust made; a path or default rule does not undo it.
    const keepMitigated = prev?.decision === 'mitigated' && d.decision !== 'mitigated';
    if (prev && (prev.decidedBy.method !== 'rule' || keepMitigated)) {
      // The person's (or LLM's, or the fix's) decision stands, and is what this run reports.
      const kept = {
        decision: prev.decision,
        justification: prev.justification,
        rule: prev.decidedBy.rule ?? prev.decidedBy.method,
      };
      out.push({ ...d, ...kept, index: latest!.index, status: 'kept-manual' });
      continue;
    }
    if (prev && prev.decision === d.decision && prev.decidedBy.rule === d.rule) {
      out.push({ ...d, index: latest!.index, status: 'unchanged' });
      continue;
    }
    pending.push({ at: out.length, entry: toEntry(d, latest?.index) });
    out.push({ ...d, status: 'recorded' });
  }
  const appended = log.appendMany(pending.map((p) => p.entry));
  appended.forEach((a, i) => {
    out[pending[i]!.at]!.index = a.index;
  });
  return out;
}

function toEntry(d: TriageDecision, supersedes: number | undefined): TriageFields {
  return {
    kind: 'triage',
    finding: findingRefOf(d.finding),
    decision: d.decision,
    justification: nfc(d.justification),
    decidedBy: d.decidedBy ?? { method: 'rule', rule: d.rule },
    ...(supersedes !== undefined ? { supersedes } : {}),
  };
}

/** What a triage entry says about its finding (no message, no code). */
export function findingRefOf(f: Finding): FindingRef {
  const line = f.location.region?.startLine;
  return {
    fingerprint: f.id,
    tool: nfc(f.tool.name),
    rule: nfc(f.rule.id),
    ...(f.location.path ? { path: nfc(f.location.path) } : {}),
    ...(line !== undefined && Number.isSafeInteger(line) && line >= 0 ? { line } : {}),
  };
}

/** The log accepts NFC strings only (one meaning, one encoding); macOS paths are often NFD. */
export function nfc(text: string): string {
  return text.normalize('NFC');
}
