/**
 * test/scan/report-fixture: a ScanReport assembled the way `trust scan` assembles one, from a
 * real graded loopback response (observatoryFindings + withCompliance + scanSnapshot), plus
 * the extra findings and certificate a test adds. Only the bookkeeping fields are fixed.
 */
import { withCompliance } from '../../src/scan/report/compliance.js';
import { observatoryFindings } from '../../src/scan/report/observatory-findings.js';
import { scanSnapshot } from '../../src/scan/report/snapshot.js';
import type { CertificateFacts, ScanFinding, ScanReport } from '../../src/scan/types.js';
import type { Graded } from './graded-site.js';

export function reportFrom(
  graded: Graded,
  extra: { findings?: ScanFinding[]; certificate?: CertificateFacts; at?: string } = {},
): ScanReport {
  const at = extra.at ?? '2026-12-03T17:00:00.000Z';
  const findings = [...observatoryFindings(graded.result, graded.retrieval), ...(extra.findings ?? [])].map(
    withCompliance,
  );
  const url = new URL(graded.retrieval.https?.route[0] ?? `https://${graded.retrieval.host}/`).origin;
  const report: ScanReport = {
    schema: 'https://trust.dev/schemas/scan-report-1.json',
    tool: { name: 'trust', version: '0.1.0' },
    asset: { url, env: 'staging', owner: 'web-team', criticality: 'high' },
    actor: 'ci@example.test',
    org: 'example',
    startedAt: at,
    finishedAt: at,
    algorithm: graded.result.algorithm,
    observatory: graded.result,
    findings,
    snapshot: scanSnapshot(graded.result, graded.retrieval, extra.certificate),
    requests: { count: 6, budget: 40, methods: ['GET', 'OPTIONS'] },
  };
  if (extra.certificate) report.certificate = extra.certificate;
  return report;
}

export function certificate(sha256: string, daysLeft = 90): CertificateFacts {
  return {
    subject: 'CN=127.0.0.1',
    issuer: 'CN=trust test CA',
    validFrom: '2026-11-01T00:00:00.000Z',
    validTo: new Date(Date.parse('2026-12-03T00:00:00.000Z') + daysLeft * 86_400_000).toISOString(),
    daysLeft,
    sha256,
    altNames: ['IP Address:127.0.0.1'],
    hostnameMatches: true,
    chainVerified: true,
    protocols: ['TLSv1.2', 'TLSv1.3'],
  };
}
