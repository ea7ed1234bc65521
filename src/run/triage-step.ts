/**
 * run/triage-step: which findings the job fixes. A person's newest decision (`trust triage
 * mark`) comes first: a false_positive or wont_fix is left alone and says whose it is; a
 * true_positive is fixed even where a rule would set it aside. Then the deterministic rules.
 * The others become unfixed outcomes, with a note of why for the grouped summary.
 */
import type { Codemod } from '../fix/codemod.js';
import type { FixRun } from '../fix/pipeline.js';
import type { Finding } from '../sarif/finding.js';
import { markedReason, type PersonDecision } from '../triage/decisions.js';
import { classifyFindings, type TriageDecision } from '../triage/index.js';
import { DEFAULT_RULE } from '../triage/rules.js';

export interface TriageNote {
  kind: 'triaged' | 'needs_review';
  /** The rule that decided, or "a person". */
  by: string;
  /** needs_review: why the rule left it for review (put before the fixer's reason). */
  justification?: string;
}

export interface TriageSplit {
  fixable: Finding[];
  setAside: FixRun['outcomes'];
  notes: Map<Finding, TriageNote>;
  /** The rules' decisions, for the log. */
  decisions: TriageDecision[];
}

export function splitByTriage(
  findings: readonly Finding[],
  root: string,
  marks: ReadonlyMap<string, PersonDecision>,
  catalogue: readonly Codemod[],
): TriageSplit {
  const fixable: Finding[] = [];
  const setAside: FixRun['outcomes'] = [];
  const notes = new Map<Finding, TriageNote>();
  const aside = (finding: Finding, reason: string, by: string) => {
    setAside.push({ finding, path: finding.location.path ?? '', status: 'unfixed', reason });
    notes.set(finding, { kind: 'triaged', by });
  };
  const decisions = classifyFindings(findings, root, catalogue);
  for (const d of decisions) {
    const mark = marks.get(d.finding.id);
    if (mark && (mark.decision === 'false_positive' || mark.decision === 'wont_fix'))
      aside(d.finding, markedReason(mark), 'a person');
    else if (mark?.decision === 'true_positive') fixable.push(d.finding);
    else if (d.decision === 'false_positive' || d.decision === 'wont_fix')
      aside(d.finding, `triaged ${d.decision}: ${d.justification} (--no-triage fixes it anyway)`, d.rule);
    else {
      // A rule that looked and left it for review said why; the default rule says nothing.
      if (d.decision === 'needs_review' && d.rule !== DEFAULT_RULE.id)
        notes.set(d.finding, { kind: 'needs_review', by: d.rule, justification: d.justification });
      fixable.push(d.finding);
    }
  }
  return { fixable, setAside, notes, decisions };
}

/** Left for review by a rule that looked: its justification is the true reason, first. */
export function explainNeedsReview(run: FixRun, notes: ReadonlyMap<Finding, TriageNote>): void {
  for (const o of run.outcomes) {
    const note = notes.get(o.finding);
    if (o.status === 'unfixed' && note?.kind === 'needs_review' && note.justification) {
      // A codemod that judged the place with the triage rule says the same thing: once is enough.
      const own = o.reason && !note.justification.startsWith(o.reason) ? `; ${o.reason}` : '';
      o.reason = `needs_review: ${note.justification}${own}`;
    }
  }
}
