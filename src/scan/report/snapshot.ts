/**
 * scan/report/snapshot: what a scan keeps for the next one to compare against: the grade, the
 * security-relevant headers of the graded response, the script sources of the front page and
 * the certificate's identity. Cookie values are never kept (names and attributes only), so a
 * rotating session id is not a "change" and no credential lands in .trust/.
 */

import { readPage } from '../observatory/html.js';
import type { ObservatoryResult } from '../observatory/index.js';
import { isHtml, type Retrieval } from '../observatory/retrieve.js';
import type { CertificateFacts, ScanSnapshot } from '../types.js';
import { withoutCookieValue } from './evidence.js';

export const SNAPSHOT_HEADERS = [
  'content-security-policy',
  'content-security-policy-report-only',
  'strict-transport-security',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-resource-policy',
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'server',
  'x-powered-by',
];

export function scanSnapshot(
  result: ObservatoryResult,
  retrieval: Retrieval,
  certificate?: CertificateFacts,
): ScanSnapshot {
  const auto = retrieval.auto;
  const headers: Record<string, string> = {};
  for (const [rawName, value] of auto?.rawHeaders ?? []) {
    const name = rawName.toLowerCase();
    const shown = name === 'set-cookie' ? withoutCookieValue(value) : value;
    if (!SNAPSHOT_HEADERS.includes(name) && name !== 'set-cookie') continue;
    headers[name] = headers[name] === undefined ? shown : `${headers[name]}, ${shown}`;
  }
  const scripts = auto && isHtml(auto) ? [...new Set(readPage(auto.body).scripts.map((s) => s.src))] : [];
  const snapshot: ScanSnapshot = { grade: result.grade, score: result.score, headers, scripts };
  if (certificate) {
    snapshot.certificate = {
      sha256: certificate.sha256,
      validTo: certificate.validTo,
      issuer: certificate.issuer,
    };
  }
  return snapshot;
}
