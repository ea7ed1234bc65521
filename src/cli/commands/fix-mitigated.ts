/**
 * How `trust fix` reports mitigated findings: fixes the scanner's rule still reports at the
 * same place (fix/suppress.ts). They are counted apart from the fixed ones, listed with the
 * justification and whether the suppression comment was written, and marked in --json.
 */
import type { FindingOutcome } from '../../fix/engine.js';
import { describeMitigation } from '../../fix/mitigated.js';

/** "Fixed 3 of 5 findings", or "Fixed 2 and mitigated 1 of 5 findings" when some are mitigated. */
export function totalsSentence(resolved: readonly FindingOutcome[], total: number): string {
  const mitigated = resolved.filter((o) => o.mitigation).length;
  const noun = `finding${total === 1 ? '' : 's'}`;
  if (mitigated === 0) return `Fixed ${resolved.length} of ${total} ${noun}`;
  return `Fixed ${resolved.length - mitigated} and mitigated ${mitigated} of ${total} ${noun}`;
}

/** The --json fields of a fixed outcome that is mitigated. */
export function mitigatedData(o: FindingOutcome): Record<string, unknown> {
  const m = o.mitigation;
  if (!m) return {};
  return {
    status: 'mitigated',
    mitigated: {
      justification: m.why,
      stillReportedBy: m.rules,
      suppression: m.suppression ?? null,
      ...(m.unsuppressed ? { unsuppressed: m.unsuppressed } : {}),
    },
  };
}

/**
 * The human lines: a count with what was written, and (with --verbose) one line per mitigated
 * finding with its justification; a CI log gets no per-finding list (--json and CodeTF have it).
 */
export function mitigatedLines(resolved: readonly FindingOutcome[], verbose: boolean): string[] {
  const mitigated = resolved.filter((o) => o.mitigation);
  if (mitigated.length === 0) return [];
  const commented = mitigated.filter((o) => o.mitigation!.suppression).length;
  const head = `Mitigated, still reported by the scanner (${mitigated.length}): ${commented} with a suppression comment${commented < mitigated.length ? `, ${mitigated.length - commented} without (--verbose says why)` : ''}`;
  if (!verbose) return [head];
  return [
    head,
    ...mitigated.map((o) => {
      const line = o.finding.location.region?.startLine;
      return `  ${o.path}${line ? `:${line}` : ''}  ${o.finding.rule.id}  ${describeMitigation(o.mitigation!)}`;
    }),
  ];
}

/** The per-codemod table: a "mitigated" column (and "fixed" without them) once any is mitigated. */
export function codemodTable(
  byCodemod: ReadonlyMap<string, { findings: number; mitigated: number; files: Set<string> }>,
): [string[], string[][]] {
  const rows = [...byCodemod];
  if (!rows.some(([, r]) => r.mitigated > 0))
    return [
      ['codemod', 'fixed', 'files'],
      rows.map(([id, r]) => [id, String(r.findings), String(r.files.size)]),
    ];
  return [
    ['codemod', 'fixed', 'mitigated', 'files'],
    rows.map(([id, r]) => [id, String(r.findings - r.mitigated), String(r.mitigated), String(r.files.size)]),
  ];
}
