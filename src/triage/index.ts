/**
 * triage: classify findings. Deterministic rules first (classify.ts, rules.ts: suppressions,
 * duplicates, vendored, generated, minified, fixture and test code), each decision recorded
 * in the audit log as one `triage` entry keyed by the finding fingerprint (record.ts).
 * LLM triage of what stays needs_review comes later. May import sarif types, audit and core.
 */

export type { TriageDecision } from './classify.js';
export { classifyFindings } from './classify.js';
export type { RecordedDecision } from './record.js';
export { recordDecisions } from './record.js';
export { PATH_RULES } from './rules.js';
