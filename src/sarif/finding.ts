/**
 * The normalized finding: what every capability after ingest works on.
 * Plain data (JSON-serialisable) so it can be printed with --json, stored, and compared.
 * `schema/finding.schema.json` describes exactly this shape; keep the two in step.
 */

export type Level = 'error' | 'warning' | 'note' | 'none';

/** A 1-based region, as in SARIF. Columns are 1-based and endColumn is exclusive. */
export interface Region {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  /** The scanner's own snippet of the region, when it sent one. */
  snippet?: string;
  /**
   * Set when the run counts columns in Unicode code points (SARIF `run.columnKind`
   * "unicodeCodePoints", §3.14.17): a character outside the BMP before the region is one
   * column, not two. Absent: UTF-16 code units, SARIF's default and a JavaScript string index.
   */
  columnKind?: 'unicodeCodePoints';
}

/**
 * A place in the repository. `path` is a POSIX path relative to the repository root, or
 * undefined when the location could not be placed safely inside the tree (see `status`).
 */
export interface FindingLocation {
  /** Repository-relative POSIX path ("src/app.js"); never absolute, never containing "..". */
  path?: string;
  /** The URI exactly as the scanner wrote it, for diagnostics. */
  uri?: string;
  region?: Region;
  /**
   * in-tree: resolved under the root; out-of-tree: resolved outside the root (never read or
   * written); unresolved: no usable URI (e.g. a container image); suffix-match: an absolute
   * path from another machine re-rooted by its longest suffix that names a file here.
   */
  status: 'in-tree' | 'out-of-tree' | 'unresolved' | 'suffix-match';
  /** Why the location is not plainly in-tree. */
  note?: string;
  message?: string;
}

export interface CodeFlowStep {
  location: FindingLocation;
  message?: string;
}

export interface CodeFlow {
  message?: string;
  threadFlows: CodeFlowStep[][];
}

/** Where a finding came from: one result in one run of one file. */
export interface FindingSource {
  file: string;
  runIndex: number;
  resultIndex: number;
  tool: string;
  toolVersion?: string;
  /** The rule id as this source reported it (differs from the finding's after a cross-tool merge). */
  ruleId?: string;
}

export interface Suppression {
  kind: string;
  status?: string;
  justification?: string;
}

export interface Finding {
  /** Stable fingerprint (hex); survives line shifts. */
  id: string;
  tool: { name: string; version?: string };
  rule: {
    id: string;
    name?: string;
    shortDescription?: string;
    helpUri?: string;
    /** Help text (markdown preferred, else text) for the LLM prompt and the PR body. */
    help?: string;
  };
  level: Level;
  /** CVSS-like 0.0-10.0 from the rule's (or result's) `security-severity` property. */
  securitySeverity?: number;
  /** Numeric CWE ids, e.g. [79, 116]. */
  cwe: number[];
  /** The message with `{0}` placeholders filled from its arguments. */
  message: string;
  location: FindingLocation;
  relatedLocations: FindingLocation[];
  codeFlows: CodeFlow[];
  partialFingerprints: Record<string, string>;
  /** The scanner's full fingerprints (SARIF result.fingerprints, e.g. Semgrep, Snyk), when present. */
  fingerprints?: Record<string, string>;
  /** True when the scanner marked the result suppressed (accepted or in-source). */
  suppressed: boolean;
  suppressions: Suppression[];
  /** Every (file, run, result) that reported this finding; more than one after de-duplication. */
  sources: FindingSource[];
  /** SARIF result.guid / correlationGuid when present. */
  guid?: string;
  /** A fix the scanner itself proposed (SARIF result.fixes), kept verbatim. */
  scannerFixes?: unknown[];
  /** What the id was computed from (see src/sarif/fingerprint.ts). */
  fingerprintBasis?: 'scanner' | 'line-text' | 'snippet' | 'line-number' | 'message';
}
