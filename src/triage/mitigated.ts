/**
 * triage/mitigated: the `mitigated` triage decisions of fixes the scanner's rule still reports
 * (fix/mitigated.ts says why each holds). Here, not in fix/, so fix/ does not import triage/.
 */
import type { FindingOutcome } from '../fix/engine.js';
import { describeMitigation } from '../fix/mitigated.js';
import type { Stage } from '../fix/pass.js';
import type { TriageDecision } from './classify.js';

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
