/**
 * scan/scan-history: the latest report of each asset, kept in `.trust/scans/` so the next scan
 * of the same asset can say what changed. One file per asset, named from its origin; what is
 * written is the redacted report, as every other output.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeError } from '../core/files.js';
import { redactor } from '../core/redact.js';
import { prepareFolderOf, TRUST_DIR } from '../core/trust-dir.js';
import type { ScanReport } from './types.js';

export const SCANS_DIR = join(TRUST_DIR, 'scans');

/** ".trust/scans/shop.example.com-443-1a2b3c4d.json": readable, and distinct per origin. */
export function historyFile(root: string, assetUrl: string): string {
  const url = new URL(assetUrl);
  const port = url.port || '443';
  const hash = createHash('sha256').update(url.origin).digest('hex').slice(0, 8);
  const name = `${url.hostname.replace(/[^a-z0-9.-]/gi, '_')}-${port}-${hash}.json`;
  return join(root, SCANS_DIR, name);
}

/** The previous report of this asset; a missing or unreadable one means "first scan". */
export function previousScan(root: string, assetUrl: string): ScanReport | undefined {
  const file = historyFile(root, assetUrl);
  if (!existsSync(file)) return undefined;
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as ScanReport;
    return report?.snapshot && Array.isArray(report.findings) ? report : undefined;
  } catch {
    return undefined;
  }
}

export function storeScan(root: string, report: ScanReport): string {
  const file = historyFile(root, report.asset.url);
  prepareFolderOf(join(root, SCANS_DIR), root);
  const temp = `${file}.tmp-${process.pid}`;
  try {
    mkdirSync(join(root, SCANS_DIR), { recursive: true });
    // Written aside and renamed, so an interrupted scan never leaves half a history behind.
    writeFileSync(temp, `${redactor.redact(JSON.stringify(report, null, 2))}\n`);
    renameSync(temp, file);
  } catch (error) {
    throw writeError('the scan history', file, error);
  }
  return file;
}
