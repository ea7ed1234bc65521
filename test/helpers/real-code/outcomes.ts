/**
 * test/helpers/real-code/outcomes: what `trust fix --json` says became of each scanner result,
 * sorted into the four ends the issue allows (fixed, mitigated, triaged with a justification,
 * needs_review with a reason) and checked for the claims a reason makes that the run can refute.
 * The end is the entry's `outcome` where trust gives one (needs_review for a bare "unfixed": the
 * default triage rule's decision), else read from the reason ("triaged <decision>: <why>",
 * "marked <decision> by <actor> on <date>: <why>"). Mitigated is read from the fix's entry:
 * `mitigated` (true, a justification, or `{ justification }`), a `status`, `decision` or
 * `outcome` of "mitigated", or an entry of a top-level `mitigated` list.
 */
import type { Codemod } from '../../../src/fix/codemod.js';
import { ruleMatches } from '../../../src/fix/route.js';

export interface FixEntry {
  id: string;
  rule: string;
  path: string;
  line?: number;
  codemod?: string;
  reason?: string;
  [key: string]: unknown;
}

export interface FixJson {
  fixed: FixEntry[];
  unfixed: FixEntry[];
  mitigated?: FixEntry[];
  files: { path: string; diff: string }[];
}

export type End = 'fixed' | 'mitigated' | 'triaged' | 'needs_review';

export interface Outcome {
  entry: FixEntry;
  end: End;
  /** The justification (triaged, mitigated) or the reason (needs_review). */
  why: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The mitigation's justification when the entry records one ('' when it records none). */
function mitigation(e: FixEntry): string | undefined {
  const m = e.mitigated;
  const marked = m !== undefined && m !== false && m !== null;
  if (!marked && e.status !== 'mitigated' && e.decision !== 'mitigated' && e.outcome !== 'mitigated')
    return undefined;
  const own =
    typeof m === 'object' && m
      ? ((m as { why?: unknown; justification?: unknown }).why ??
        (m as { justification?: unknown }).justification)
      : m;
  return text(own) ?? text(e.why) ?? text(e.justification) ?? text(e.reason) ?? '';
}

const TRIAGED = /^triaged (false_positive|wont_fix|true_positive): (.*)$/s;
const MARKED = /^marked (false_positive|wont_fix|true_positive) by .+? on \S+: (.*)$/s;

/** A triage decision's justification from the reason trust gives, or undefined when it records none. */
function triageJustification(reason: string): string | undefined {
  const m = TRIAGED.exec(reason) ?? MARKED.exec(reason);
  return m?.[2]?.replace(/\s*\(--no-triage[^)]*\)\s*$/, '').trim();
}

function unfixedOutcome(entry: FixEntry): Outcome {
  const reason = (entry.reason ?? '').trim();
  const why = mitigation(entry);
  if (why !== undefined) return { entry, end: 'mitigated', why };
  // `outcome` (trust fix --json since the grouped summary) names the end; older output has the reason alone.
  const justification = triageJustification(reason);
  if (entry.outcome === 'triaged' || (entry.outcome === undefined && justification !== undefined))
    return { entry, end: 'triaged', why: justification ?? reason };
  return { entry, end: 'needs_review', why: reason };
}

export function classify(json: FixJson): Outcome[] {
  const out: Outcome[] = [];
  for (const entry of json.fixed) {
    const why = mitigation(entry);
    out.push(why === undefined ? { entry, end: 'fixed', why: '' } : { entry, end: 'mitigated', why });
  }
  for (const entry of json.mitigated ?? [])
    out.push({ entry, end: 'mitigated', why: mitigation(entry) ?? '' });
  for (const entry of json.unfixed) out.push(unfixedOutcome(entry));
  return out;
}

export interface ReasonFacts {
  /** Files byte-identical between the scan and the fix (here: all of them). */
  unchangedSinceScan: (path: string) => boolean;
  parses: (path: string) => boolean;
  codemods: readonly Codemod[];
}

/** Why the justification or reason of an outcome is missing or not true, or undefined when it holds. */
export function untrueReason(o: Outcome, facts: ReasonFacts): string | undefined {
  if (o.end === 'fixed') return undefined;
  const why = o.why;
  if (why === '' || /^not fixed$/i.test(why))
    return `${o.end} without a ${o.end === 'needs_review' ? 'reason' : 'justification'}`;
  if (/changed since the scan/i.test(why) && facts.unchangedSinceScan(o.entry.path))
    return 'says the file may have changed since the scan, but it is byte-identical to the scanned file';
  if (/does not parse/i.test(why) && facts.parses(o.entry.path))
    return 'says the file does not parse, but it parses';
  const declaring = facts.codemods.filter((c) =>
    (c.rules.eslint ?? []).some((r) => ruleMatches('eslint', r, o.entry.rule)),
  );
  if (/\bno codemod\b/i.test(why) && declaring.length > 0)
    return `says no codemod answers ${o.entry.rule}, but ${declaring.map((c) => c.id).join(', ')} declares it`;
  return undefined;
}

/** Counts per end, and per rule and end, for the printed figures. */
export function tally(outcomes: readonly Outcome[]): {
  ends: Record<End, number>;
  byRule: Map<string, Record<End, number>>;
} {
  const zero = (): Record<End, number> => ({ fixed: 0, mitigated: 0, triaged: 0, needs_review: 0 });
  const ends = zero();
  const byRule = new Map<string, Record<End, number>>();
  for (const o of outcomes) {
    ends[o.end]++;
    const row = byRule.get(o.entry.rule) ?? zero();
    row[o.end]++;
    byRule.set(o.entry.rule, row);
  }
  return { ends, byRule };
}
