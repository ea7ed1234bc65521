/**
 * scan/run-scan: one asset's scan from start to end. Resolve and pin its hosts; re-verify a
 * production asset against the pins (fail closed); fetch what the Observatory fetches through
 * one ScanClient (read-only methods, honest User-Agent, rate limit, budget); grade; run the
 * other checks; map every finding to the frameworks; compare with the previous scan kept in
 * .trust/scans/ and keep this one. The parts are passed in (scan/parts.ts wires the real ones).
 */
import { ExternalError } from '../core/errors.js';
import { type Grant, grantFor, type VerifyAsset } from './grant.js';
import { BudgetError, type LoggedCall, ScanClient } from './http-client.js';
import { type Algorithm, gradeRetrieval, type ObservatoryResult } from './observatory/index.js';
import { type Retrieval, retrieve } from './observatory/retrieve.js';
import { type FindSecrets, scrubReport } from './report-secrets.js';
import type { ScanResolver } from './resolver.js';
import { previousScan, storeScan } from './scan-history.js';
import { pinAsset } from './scan-targets.js';
import type {
  Asset,
  AssetVerification,
  CertificateFacts,
  Check,
  CheckContext,
  ScanChange,
  ScanFinding,
  ScanReport,
  ScanSnapshot,
} from './types.js';

export interface ScanParts {
  verify: VerifyAsset;
  checks: readonly Check[];
  certificateFacts(context: CheckContext): Promise<CertificateFacts | undefined>;
  observatoryFindings(result: ObservatoryResult, retrieval: Retrieval): ScanFinding[];
  withCompliance(finding: ScanFinding): ScanFinding;
  snapshot(result: ObservatoryResult, retrieval: Retrieval, certificate?: CertificateFacts): ScanSnapshot;
  diffScans(previous: ScanReport | undefined, current: ScanReport): ScanChange[];
  /** Secrets in a text a site sent (scan/report-secrets.ts registers each with the redactor). */
  findSecrets: FindSecrets;
}

export interface ScanSettings {
  root: string;
  org: string;
  actor: string;
  version: string;
  userAgent: string;
  algorithm: Algorithm;
  rate: number;
  budget: number;
  timeoutMs: number;
  resolver: ScanResolver;
  ca?: string;
  now?: () => Date;
  /** Told of a production asset's fresh verification, passed or failed (for the audit log). */
  onVerified?: (asset: Asset, verification: AssetVerification) => void;
}

export interface ScanOutcome {
  report: ScanReport;
  grant: Grant;
  /** Every request the scan made, in order. */
  requests: LoggedCall[];
  /** Checks that did not finish, with why (the budget ran out, a check failed). */
  incomplete: { check: string; reason: string }[];
}

export async function scanAsset(
  asset: Asset,
  parts: ScanParts,
  settings: ScanSettings,
): Promise<ScanOutcome> {
  const now = settings.now ?? (() => new Date());
  const startedAt = now();
  const targets = await pinAsset(asset, settings.resolver);
  const grant = await grantFor(asset, {
    org: settings.org,
    verify: parts.verify,
    resolver: targets.resolver,
    ...(settings.ca ? { ca: settings.ca } : {}),
    timeoutMs: settings.timeoutMs,
    onVerified: (v) => settings.onVerified?.(asset, v),
  });
  const client = new ScanClient({
    userAgent: settings.userAgent,
    rate: settings.rate,
    budget: settings.budget,
    timeoutMs: settings.timeoutMs,
    ...(settings.ca ? { ca: settings.ca } : {}),
    targets: targets.pinned,
  });
  const retrieval = await retrieve(client, {
    host: targets.host,
    httpsUrl: targets.httpsUrl,
    ...(targets.httpUrl ? { httpUrl: targets.httpUrl } : {}),
    inScope: targets.inScope,
  });
  if (!retrieval.auto) {
    const why = retrieval.https?.error ?? retrieval.http?.error ?? 'no answer';
    throw new ExternalError('scan', `${asset.url} did not answer over HTTPS or HTTP (${why})`);
  }
  const observatory = gradeRetrieval(retrieval, settings.algorithm);
  const context: CheckContext = {
    asset,
    client,
    httpsUrl: targets.httpsUrl,
    ...(targets.httpUrl ? { httpUrl: targets.httpUrl } : {}),
    host: targets.host,
    retrieval,
    now: startedAt,
    ...(settings.ca ? { ca: settings.ca } : {}),
  };
  const incomplete: ScanOutcome['incomplete'] = [];
  const certificate = await settle('certificate', () => parts.certificateFacts(context), incomplete);
  const found: ScanFinding[] = [...parts.observatoryFindings(observatory, retrieval)];
  for (const check of parts.checks) {
    const name = check.name || 'check';
    if (client.remaining <= 0) {
      incomplete.push({ check: name, reason: `request budget of ${settings.budget} spent` });
      continue;
    }
    found.push(...((await settle(name, () => check(context), incomplete)) ?? []));
  }
  const built: ScanReport = {
    schema: 'https://trust.dev/schemas/scan-report-1.json',
    tool: { name: 'trust', version: settings.version },
    asset: { url: asset.url, env: asset.env, owner: asset.owner, criticality: asset.criticality },
    actor: settings.actor,
    org: settings.org,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    algorithm: settings.algorithm,
    observatory,
    ...(certificate ? { certificate } : {}),
    findings: found.map((f) => parts.withCompliance(f)),
    snapshot: parts.snapshot(observatory, retrieval, certificate),
    requests: {
      // HTTP requests; the TLS probes' handshakes are counted apart, both against the budget.
      count: client.log.length,
      handshakes: client.handshakes.length,
      budget: settings.budget,
      methods: [...new Set(client.log.map((c) => c.method))].sort(),
    },
  };
  const report = scrubReport(built, parts.findSecrets);
  const previous = previousScan(settings.root, asset.url);
  if (previous) report.changes = parts.diffScans(previous, report);
  storeScan(settings.root, report);
  return { report, grant, requests: client.log, incomplete };
}

/** Run one part; a spent budget or a failure leaves it out of the report and says why. */
async function settle<T>(
  name: string,
  work: () => Promise<T>,
  incomplete: ScanOutcome['incomplete'],
): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    const reason = error instanceof BudgetError ? error.message : (error as Error).message.split('\n')[0];
    incomplete.push({ check: name, reason: reason ?? 'failed' });
    return undefined;
  }
}
