/**
 * fix/mitigated: what a mitigated fix (one the scanner's rule still reports, fix/suppress.ts)
 * becomes in the audit log and the reports: a `mitigated` triage decision whose justification
 * says why the fix holds, which rules still report it, and whether a suppression was written.
 * The decisions themselves are built in triage/mitigated.ts (fix/ does not import triage/).
 */
import type { Mitigation } from './suppress.js';

/** One line a reviewer reads: why the fix holds, who still reports it, and what trust wrote. */
export function describeMitigation(m: Mitigation): string {
  const comment = m.suppression
    ? `suppression comment added: ${m.suppression.replace(/\n/g, ' / ')}`
    : `no suppression comment: ${m.unsuppressed ?? 'none written'}`;
  const already = m.already ? 'already fixed by an earlier change: ' : '';
  return `${already}${m.why} (still reported by ${m.rules.join(', ')}; ${comment})`;
}
