/**
 * scan/parts: the composition root of `trust scan`: the real assets store, ownership
 * verification, checks and report renderers that run-scan.ts is given. Tests of run-scan
 * pass their own; everything else takes these.
 */

import { TOKEN_RULES } from '../llm/secret-rules.js';
import { findAsset, loadAssets } from './assets/store.js';
import { verifyAsset } from './assets/verify.js';
import { withCompliance } from './report/compliance.js';
import { diffScans } from './report/diff.js';
import { scanMarkdown } from './report/markdown.js';
import { observatoryFindings } from './report/observatory-findings.js';
import { scanSarif } from './report/sarif.js';
import { scanSnapshot } from './report/snapshot.js';
import type { ScanParts } from './run-scan.js';
import type { ScanReport } from './types.js';

export { findAsset, loadAssets, scanMarkdown };

export const SCAN_PARTS: ScanParts = {
  verify: verifyAsset,
  // The TLS, exposed-file, security.txt, banner and directory-listing checks are wired here
  // when scan/checks lands; until then the scan is the Observatory's ten tests alone.
  checks: [],
  certificateFacts: async () => undefined,
  observatoryFindings,
  withCompliance,
  snapshot: scanSnapshot,
  diffScans,
  findSecrets: tokenSecrets,
};

/**
 * Provider token formats (llm/secret-rules.ts) in a text. A stop-gap until scan/evidence's
 * findSecrets (the same rules plus key material and secret-named values) is wired here.
 */
function tokenSecrets(text: string): { start: number; end: number }[] {
  const lower = text.toLowerCase();
  return TOKEN_RULES.filter((r) => lower.includes(r.keyword)).flatMap((r) =>
    [...text.matchAll(r.pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length })),
  );
}

/** The SARIF text as written to --sarif; its SHA-256 is what a scan entry records. */
export function sarifText(reports: ScanReport[]): string {
  return `${JSON.stringify(scanSarif(reports), null, 2)}\n`;
}
