/**
 * fix/mitigated: what a mitigated fix (one the scanner's rule still reports, fix/suppress.ts)
 * becomes in the audit log and the reports: a `mitigated` triage decision whose justification
 * says why the fix holds, which rules still report it, and whether a suppression was written.
 */
import type { TriageDecision } from '../triage/classify.js';
import type { FindingOutcome } from './engine.js';
import type { Stage } from './pass.js';
import type { Mitigation } from './suppress.js';

/** One line a reviewer reads: why the fix holds, who still reports it, and what trust wrote. */
export function describeMitigation(m: Mitigation): string {
  const comment = m.suppression
    ? `suppression comment added: ${m.suppression.replace(/\n/g, ' / ')}`
    : `no suppression comment: ${m.unsuppressed ?? 'none written'}`;
  const already = m.already ? 'already fixed by an earlier change: ' : '';
  return `${already}${m.why} (still reported by ${m.rules.join(', ')}; ${comment})`;
}

/** The `mitigated` decision of one mitigated outcome. */
export function mitigationDecision(o: FindingOutcome): TriageDecision {
  return {
    finding: o.finding,
    decision: 'mitigated',
    rule: o.codemod ?? 'trust',
    justification: describeMitigation(o.mitigation!),
  };
}

/** The `mitigated` decisions of a file's stages, one per mitigated finding. */
export function mitigationDecisions(stages: readonly Stage[]): TriageDecision[] {
  const out: TriageDecision[] = [];
  for (const stage of stages) {
    stage.findings.forEach((finding, i) => {
      const m = stage.mitigations?.[i];
      if (!m) return;
      out.push({ finding, decision: 'mitigated', rule: stage.codemod, justification: describeMitigation(m) });
    });
  }
  return out;
}
