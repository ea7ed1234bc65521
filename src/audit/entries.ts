/**
 * The entry schemas: one envelope (`schema`, `seq`, `kind`, `v`, `ts`, `actor`, optional
 * `supersedes`) plus the fields of each kind, versioned by `v`. Entries hold metadata only:
 * hashes instead of prompts, diffs or source, and never a secret. Integers only (costs are in
 * micro-dollars), UTC RFC 3339 timestamps. The verifier checks every stored entry against these.
 */
import type { CiIdentity } from './ci-identity.js';

export const ENTRY_SCHEMA = 'trust/audit-entry/v1';

export const ENTRY_KINDS = [
  'triage',
  'fix',
  'pr',
  'llm-call',
  'scan',
  'asset-verification',
  'key',
  'run',
  'revocation',
  'verify',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** `mitigated`: fixed in a way the scanner's rule still reports at the same place (fix/suppress.ts). */
export type Decision =
  | 'true_positive'
  | 'false_positive'
  | 'wont_fix'
  | 'needs_review'
  | 'suspicious'
  | 'mitigated';

export interface FindingRef {
  /** The finding's stable fingerprint (Finding.id). */
  fingerprint: string;
  tool: string;
  rule: string;
  path?: string;
  line?: number;
}

interface Common {
  /** An earlier entry index this one replaces (a changed decision, a revocation). */
  supersedes?: number;
}

export interface TriageFields extends Common {
  kind: 'triage';
  finding: FindingRef;
  decision: Decision;
  justification: string;
  decidedBy: { method: 'rule' | 'llm' | 'human'; rule?: string; model?: string };
}
export interface FixFields extends Common {
  kind: 'fix';
  fingerprints: string[];
  method: 'codemod' | 'llm';
  codemod?: string;
  files: string[];
  diffSha256?: string;
  outcome: 'applied' | 'dry-run' | 'suppressed' | 'failed';
  evaluation?: { safety: number; effectiveness: number; cleanliness: number };
  reason?: string;
}
export interface PrFields extends Common {
  kind: 'pr';
  forge: 'github' | 'gitlab';
  action: 'opened' | 'updated' | 'closed';
  url: string;
  number: number;
  branch: string;
  base: string;
  fingerprints: string[];
}
export interface LlmCallFields extends Common {
  kind: 'llm-call';
  provider: string;
  model: string;
  purpose: string;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  /** SHA-256 (hex) of the prompt: proves which prompt without keeping it. */
  promptSha256: string;
  cached: boolean;
  latencyMs: number;
  status: 'ok' | 'error';
  /** A call that failed after its retries: the error class (http-500, timeout, connection, ...). */
  error?: string;
}
export interface ScanFields extends Common {
  kind: 'scan';
  asset: string;
  /** The org the asset's ownership token is bound to. */
  org?: string;
  /** What allowed the scan: how and when the asset's ownership was last verified (`none`: a non-production asset never verified). */
  grant?: { method: 'dns' | 'file' | 'none'; env: string; verifiedAt?: string };
  grade: string;
  score: number;
  failed: number;
  sarifSha256?: string;
}
export interface AssetVerificationFields extends Common {
  kind: 'asset-verification';
  asset: string;
  /** 'dns' or 'file' for a check; for a revocation what caused it ('remove', 'rotate'). */
  method: string;
  /** `revoked`: the asset was removed or its token rotated; an earlier verification no longer holds. */
  result: 'verified' | 'failed' | 'revoked';
  reason?: string;
  /** The org the ownership token is bound to. */
  org?: string;
}
export interface KeyFields extends Common {
  kind: 'key';
  action: 'generate' | 'rotate' | 'shred' | 'revoke';
  purpose: 'log-signing' | 'cache' | 'api-key';
  keyId?: string;
  org?: string;
  verifierKey?: string;
}
export interface RunFields extends Common {
  kind: 'run';
  command: string;
  trustVersion: string;
  ci: CiIdentity;
  previousCheckpoint?: { size: number; root: string };
}
/** One command `--verify` ran: which, in which phase, how it ended. Never its output. */
export interface VerifyCommandRecord {
  phase: 'baseline' | 'scan' | 'check';
  name: string;
  command: string;
  /** null: killed (a timeout). */
  exitCode: number | null;
  durationMs: number;
  timedOut: boolean;
}
/** What `--verify` kept and dropped, and the commands that decided it. */
export interface VerifyFields extends Common {
  kind: 'verify';
  /** Where the commands came from ("config", "preset:…"). */
  source?: string;
  commands: VerifyCommandRecord[];
  /** Check runs after the baseline (the run with every fix, the bisect). */
  checkRuns: number;
  outcomes: {
    group: string;
    fingerprints: string[];
    files: string[];
    kept: boolean;
    /** Kept: whether the rescan no longer reports its findings (absent: not rescanned). */
    findingGone?: boolean;
    /** Kept: what the checks said ("333/333 tests pass"). */
    checks?: string;
    /** Dropped: why (the failing check and its failing tests, redacted). */
    reason?: string;
  }[];
}
export interface RevocationFields extends Common {
  kind: 'revocation';
  supersedes: number;
  reason: string;
}

/** What a caller appends; the log adds schema, seq, v, ts and actor. */
export type EntryInput =
  | TriageFields
  | FixFields
  | PrFields
  | LlmCallFields
  | ScanFields
  | AssetVerificationFields
  | KeyFields
  | RunFields
  | RevocationFields
  | VerifyFields;

export type AuditEntry = EntryInput & { schema: string; seq: number; v: number; ts: string; actor: string };

const NON_ASCII = /[^\x00-\x7f]/;

/** Strings must be NFC so that one meaning has one encoding (checked on write). */
export function nonNfcPath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') {
    // ASCII is always NFC: skip the normalisation for the common case.
    if (!NON_ASCII.test(value)) return undefined;
    return value.normalize('NFC') === value ? undefined : path || '/';
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonNfcPath(value[i], `${path}/${i}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = nonNfcPath(k, `${path}/${k}`) ?? nonNfcPath(v, `${path}/${k}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** The finding fingerprint an entry is about, for the store's lookup column. */
export function subjectOf(entry: EntryInput): string | undefined {
  return entry.kind === 'triage' ? entry.finding.fingerprint : undefined;
}
