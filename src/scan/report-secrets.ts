/**
 * scan/report-secrets: the last guard before a report leaves the scan. Every string in it (a
 * body excerpt, a script URL, a header kept for the next diff) is searched for secrets, and
 * each one found is registered with the central redactor, so that the JSON, SARIF, Markdown,
 * .trust/ history, stdout and the audit log all scrub it, and the report itself is returned
 * scrubbed. A check that forgot to redact its own evidence still cannot leak.
 */
import { redactor as globalRedactor, type Redactor } from '../core/redact.js';

export type FindSecrets = (text: string) => { start: number; end: number }[];

export function scrubReport<T>(report: T, find: FindSecrets, redactor: Redactor = globalRedactor): T {
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const r of find(value)) redactor.add(value.slice(r.start, r.end));
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        visit(k);
        visit(v);
      }
    }
  };
  visit(report);
  return redactor.redactValue(report);
}
