/**
 * scan/parts: the composition root of `trust scan`: the real assets store, ownership
 * verification, checks and report renderers that run-scan.ts is given. Tests of run-scan
 * pass their own; everything else takes these.
 */

import { findAsset, loadAssets } from './assets/store.js';
import { verifyAsset } from './assets/verify.js';
import { CHECKS, certificateFacts } from './checks/index.js';
import { findSecrets } from './evidence-secrets.js';
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
  checks: CHECKS,
  certificateFacts,
  observatoryFindings,
  withCompliance,
  snapshot: scanSnapshot,
  diffScans,
  findSecrets,
};

/** The SARIF text as written to --sarif; its SHA-256 is what a scan entry records. */
export function sarifText(reports: ScanReport[]): string {
  return `${JSON.stringify(scanSarif(reports), null, 2)}\n`;
}
