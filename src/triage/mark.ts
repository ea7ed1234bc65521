/**
 * `trust triage mark`: which findings a person named, by fingerprint (or a unique prefix of 8+
 * hex digits) or by `path:line:rule`, among the findings known from SARIF or from the log's
 * triage entries. Every name must match before anything is recorded.
 */
import type { AuditEntry, AuditLog, FindingRef, TriageFields } from '../audit/index.js';
import { InputError } from '../core/errors.js';

const FINGERPRINT = /^[0-9a-f]{8,}$/i;
// The rule is what follows the first ":<line>:" (a Sonar rule id holds a colon itself).
const PLACE = /^(.+?):(\d+):(.+)$/;

/** The newest FindingRef per fingerprint among the log's triage entries. */
export function findingsInLog(log: AuditLog): FindingRef[] {
  const refs = new Map<string, FindingRef>();
  for (const { entry } of log.entries({ kinds: ['triage'] })) {
    const ref = (entry as AuditEntry & TriageFields).finding;
    refs.set(ref.fingerprint, ref);
  }
  return [...refs.values()];
}

/**
 * The findings each name matches, deduplicated, in the order named. `where` says where the
 * findings came from, for the one-line error about a name that matches none.
 */
export function resolveNamed(
  names: readonly string[],
  known: readonly FindingRef[],
  where: string,
): FindingRef[] {
  const out = new Map<string, FindingRef>();
  for (const name of names) {
    for (const ref of matchName(name.trim(), known, where)) out.set(ref.fingerprint, ref);
  }
  return [...out.values()];
}

function matchName(name: string, known: readonly FindingRef[], where: string): FindingRef[] {
  const place = PLACE.exec(name);
  if (FINGERPRINT.test(name)) {
    const lower = name.toLowerCase();
    const exact = known.filter((r) => r.fingerprint.toLowerCase() === lower);
    if (exact.length > 0) return exact;
    const byPrefix = known.filter((r) => r.fingerprint.toLowerCase().startsWith(lower));
    if (byPrefix.length > 1)
      throw new InputError(`finding ${name} is ambiguous: ${byPrefix.length} fingerprints start with it`);
    if (byPrefix.length === 1) return byPrefix;
  } else if (place) {
    const [, rawPath, line, rule] = place;
    const path = rawPath!.replace(/^\.\//, '');
    const found = known.filter((r) => r.path === path && r.line === Number(line) && r.rule === rule);
    if (found.length > 0) return found;
  } else {
    throw new InputError(
      `finding ${name}: give its fingerprint (trust findings --json shows each id) or path:line:rule`,
    );
  }
  throw new InputError(`unknown finding ${name}: no such finding ${where}`);
}
