/**
 * Decisions a person recorded (`trust triage mark`). The newest triage entry of a finding is
 * its decision; when a person made it, later runs honour it over the deterministic rules, and
 * say whose it is and why.
 */
import type { AuditEntry, AuditLog, Decision, TriageFields } from '../audit/index.js';

export interface PersonDecision {
  fingerprint: string;
  decision: Decision;
  why: string;
  actor: string;
  /** The UTC day it was recorded, YYYY-MM-DD. */
  date: string;
  /** Its log index. */
  index: number;
}

/** The person's decision per fingerprint, for the findings whose newest decision is a person's. */
export function personDecisions(log: AuditLog, fingerprints: Iterable<string>): Map<string, PersonDecision> {
  const out = new Map<string, PersonDecision>();
  for (const fingerprint of new Set(fingerprints)) {
    const latest = log.latestTriage(fingerprint);
    const entry = latest?.entry as (AuditEntry & TriageFields) | undefined;
    if (!latest || !entry || entry.decidedBy.method !== 'human') continue;
    out.set(fingerprint, {
      fingerprint,
      decision: entry.decision,
      why: entry.justification,
      actor: entry.actor,
      date: entry.ts.slice(0, 10),
      index: latest.index,
    });
  }
  return out;
}

/** "marked false_positive by git:Ada <ada@example.com> on 2025-03-01: the key is a constant". */
export function markedReason(d: PersonDecision): string {
  return `marked ${d.decision} by ${d.actor} on ${d.date}: ${d.why}`;
}
