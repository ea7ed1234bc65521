/**
 * scan/types: the shapes every part of `trust scan` shares, so the assets store, the checks,
 * the orchestration and the reports (JSON, SARIF, Markdown) agree on one contract. The JSON
 * report (ScanReport) is the source of truth; SARIF and Markdown are rendered from it.
 */
import type { Response, ScanClient } from './http-client.js';
import type { Algorithm, ObservatoryResult } from './observatory/index.js';
import type { Retrieval } from './observatory/retrieve.js';

export type AssetEnv = 'production' | 'staging' | 'dev';
export type Criticality = 'critical' | 'high' | 'medium' | 'low';

/** How an asset's ownership was last checked; only the token's hash is ever stored. */
export interface AssetVerification {
  method: 'dns' | 'file';
  result: 'verified' | 'failed';
  at: string;
  reason?: string;
}

/** One entry of `assets` in trust.config.json. */
export interface Asset {
  /** The asset's id: its normalized origin, e.g. "https://shop.example.com". */
  url: string;
  env: AssetEnv;
  owner: string;
  criticality: Criticality;
  /** SHA-256 (hex) of the ownership token bound to the org and asset. */
  tokenSha256: string;
  createdAt: string;
  verification?: AssetVerification;
  /** Loopback and private targets are refused unless this is set explicitly. */
  allowPrivate?: boolean;
  /** Extra hosts a redirect may lead the scan to (by default only the asset's own host). */
  followHosts?: string[];
  /** Scan the plain-HTTP front door too (default true). */
  http?: boolean;
  /**
   * The plain-HTTP front door's port when it is not 80 (a site on non-standard ports); an
   * asset whose url names a port has no HTTP front door without it.
   */
  httpPort?: number;
}

export type ScanSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** What a finding shows an auditor; serialized it never exceeds EVIDENCE_LIMIT bytes. */
export interface Evidence {
  /** "GET https://host/path". */
  request: string;
  status?: number;
  /** Only the headers that matter to the finding, in the order received. */
  headers?: [string, string][];
  bodyExcerpt?: string;
  /** Secrets seen in the response and redacted here, by the central redactor's kind names. */
  secrets?: string[];
  truncated?: boolean;
}

export const EVIDENCE_LIMIT = 5 * 1024;

export interface ScanFinding {
  /** Stable rule id, "<check>/<result>", e.g. "tls/certificate-expiring-30d", "observatory/csp-not-implemented". */
  ruleId: string;
  /** The check that produced it: "observatory", "tls", "exposed-files", "security-txt", "banner", "directory-listing". */
  check: string;
  severity: ScanSeverity;
  title: string;
  message: string;
  url: string;
  evidence?: Evidence;
  /** Filled by the report from the rule id (scan/compliance), never by a check. */
  compliance?: Compliance;
}

/** A finding's mapping to the frameworks auditors ask about. */
export interface Compliance {
  cwe: string[];
  owaspTop10_2021: string[];
  owaspApiTop10_2023: string[];
  pciDss4: string[];
  nistCsf2: string[];
}

/** What a check gets: one pinned client for the whole scan and the Observatory's retrieval. */
export interface CheckContext {
  asset: Asset;
  client: ScanClient;
  /** "https://host[:port]" and, when the asset has one, "http://host[:port]". */
  httpsUrl: string;
  httpUrl?: string;
  host: string;
  retrieval: Retrieval;
  now: Date;
  /** Extra trusted CA certificates (PEM), as the client has them. */
  ca?: string;
}

export type Check = (context: CheckContext) => Promise<ScanFinding[]>;

export interface CertificateFacts {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  daysLeft: number;
  sha256: string;
  altNames: string[];
  hostnameMatches: boolean;
  chainVerified: boolean;
  protocols: string[];
}

/** What a later scan compares itself against (headers, scripts, certificate, grade). */
export interface ScanSnapshot {
  grade: string;
  score: number;
  headers: Record<string, string>;
  scripts: string[];
  certificate?: Pick<CertificateFacts, 'sha256' | 'validTo' | 'issuer'>;
}

export interface ScanChange {
  kind: 'grade' | 'header' | 'script' | 'certificate' | 'finding';
  change: 'added' | 'removed' | 'changed';
  name: string;
  before?: string;
  after?: string;
}

export interface ScanReport {
  schema: 'https://trust.dev/schemas/scan-report-1.json';
  tool: { name: 'trust'; version: string };
  asset: Pick<Asset, 'url' | 'env' | 'owner' | 'criticality'>;
  actor: string;
  org: string;
  startedAt: string;
  finishedAt: string;
  algorithm: Algorithm;
  observatory: ObservatoryResult;
  certificate?: CertificateFacts;
  findings: ScanFinding[];
  snapshot: ScanSnapshot;
  /** Against the previous scan of the same asset kept in .trust/; absent on the first scan. */
  changes?: ScanChange[];
  /** HTTP requests (count) and TLS handshakes without a request; together within the budget. */
  requests: { count: number; handshakes?: number; budget: number; methods: string[] };
}

export type { Response };
