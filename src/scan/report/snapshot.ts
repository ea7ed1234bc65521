/**
 * scan/report/snapshot: what a scan keeps for the next one to compare against: the grade, the
 * security-relevant headers of the graded response, the script sources of the front page and
 * the certificate's identity. Cookie values are never kept (names and attributes only), so a
 * rotating session id is not a "change" and no credential lands in .trust/; a script URL's
 * query (which may carry a key) is kept only as a hash, so a changed query is still a change.
 */
import { createHash } from 'node:crypto';
import { redactor } from '../../core/redact.js';

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
    const clean = redactor.redact(shown);
    headers[name] = headers[name] === undefined ? clean : `${headers[name]}, ${clean}`;
  }
  const scripts =
    auto && isHtml(auto) ? [...new Set(readPage(auto.body).scripts.map((s) => scriptIdentity(s.src)))] : [];
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

/** "https://cdn/x.js?key=…" -> "https://cdn/x.js?sha256:<12 hex>"; a URL without a query is kept. */
export function scriptIdentity(src: string): string {
  const at = src.search(/[?#]/);
  if (at < 0) return redactor.redact(src);
  const hash = createHash('sha256').update(src.slice(at)).digest('hex').slice(0, 12);
  return `${redactor.redact(src.slice(0, at))}?sha256:${hash}`;
}
