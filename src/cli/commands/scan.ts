/**
 * `trust scan [asset...]` / `--all`: scan each asset (scan/run-scan.ts), record a scan entry
 * per asset in the audit log, write the SARIF and Markdown reports, and gate on --fail-under.
 * An asset that cannot be scanned (refused, unreachable) is reported in one line; the others
 * are still scanned; the exit code is the worst: 2 or 3 over 1 over 0.
 */
import { writeFileSync } from 'node:fs';
import { assetVerificationEntry, scanEntry } from '../../audit/builders.js';
import type { AuditLog } from '../../audit/index.js';
import { ExitCode, isTrustError, UsageError } from '../../core/errors.js';
import { assertWritable, writeError } from '../../core/files.js';
import { redactor } from '../../core/redact.js';
import { gradeBelow } from '../../scan/observatory/index.js';
import * as parts from '../../scan/parts.js';
import { type ScanOutcome, scanAsset } from '../../scan/run-scan.js';
import type { Asset, ScanReport } from '../../scan/types.js';
import { boolOption, type CommandHandler, type Context, stringOption } from '../context.js';
import { inRoot, openLog } from './log-common.js';
import { scanSettings } from './scan-options.js';
import { renderOutcome } from './scan-render.js';

const scan: CommandHandler = async (ctx, args) => {
  const settings = scanSettings(ctx);
  const assets = selectAssets(ctx, args);
  const sarifPath = outputPath(ctx, 'scanSarif', 'the SARIF report');
  const markdownPath = outputPath(ctx, 'markdown', 'the Markdown summary');
  const outcomes: ScanOutcome[] = [];
  const failures: { asset: Asset; error: Error & { exitCode: number } }[] = [];
  const log = openLog(ctx, true);
  try {
    for (const asset of assets) {
      try {
        const outcome = await scanAsset(asset, parts.SCAN_PARTS, {
          ...settings,
          onVerified: (a, v) =>
            log.append(
              assetVerificationEntry({
                asset: a.url,
                method: v.method,
                result: v.result,
                ...(v.reason ? { reason: v.reason } : {}),
              }),
            ),
        });
        record(log, outcome, parts.sarifText([outcome.report]));
        outcomes.push(outcome);
      } catch (error) {
        if (!isTrustError(error)) throw error;
        failures.push({ asset, error });
      }
    }
  } finally {
    log.close();
  }
  if (failures.length === 1 && outcomes.length === 0) throw failures[0]?.error;
  const reports = outcomes.map((o) => o.report);
  writeReports(ctx, reports, sarifPath, markdownPath);
  for (const outcome of outcomes) ctx.out.result(renderOutcome(outcome));
  for (const f of failures) ctx.out.error(f.error.message.split('\n')[0] ?? String(f.error));
  ctx.out.data(args.length === 1 && !boolOption(ctx, 'all') ? reports[0] : reports);
  if (failures.length > 0) return Math.max(...failures.map((f) => f.error.exitCode));
  return gate(ctx, settings.failUnder, reports);
};

function selectAssets(ctx: Context, refs: string[]): Asset[] {
  const all = boolOption(ctx, 'all');
  if (all && refs.length > 0) throw new UsageError('give asset names or --all, not both');
  if (!all && refs.length === 0) throw new UsageError('name the assets to scan, or pass --all');
  const assets = parts.loadAssets(ctx.root, stringOption(ctx, 'config'));
  if (all) {
    if (assets.length === 0)
      throw new UsageError('no assets configured: add one with trust assets add <url>');
    return assets;
  }
  return [...new Set(refs)].map((ref) => {
    const asset = parts.findAsset(assets, ref);
    if (!asset) throw new UsageError(`no asset ${ref} in the configuration (trust assets list shows them)`);
    return asset;
  });
}

function outputPath(ctx: Context, option: string, what: string): string | undefined {
  const file = stringOption(ctx, option);
  if (!file) return undefined;
  const path = inRoot(ctx, file);
  assertWritable(what, path);
  return path;
}

/** One scan entry per asset: who, for which org, on what grant, and the hash of its SARIF. */
function record(log: AuditLog, outcome: ScanOutcome, sarif: string): void {
  const { report, grant } = outcome;
  log.append(
    scanEntry({
      asset: report.asset.url,
      org: report.org,
      grant: {
        method: grant.method,
        env: grant.env,
        ...(grant.verifiedAt ? { verifiedAt: grant.verifiedAt } : {}),
      },
      grade: report.observatory.grade,
      score: Math.max(0, report.observatory.score),
      // Findings that need action: every severity above info.
      failed: report.findings.filter((f) => f.severity !== 'info').length,
      sarif,
    }),
  );
}

function writeReports(
  ctx: Context,
  reports: ScanReport[],
  sarifPath: string | undefined,
  markdownPath: string | undefined,
): void {
  const markdown = reports.length > 0 ? parts.scanMarkdown(reports) : undefined;
  if (sarifPath) write(sarifPath, parts.sarifText(reports), 'the SARIF report');
  if (markdownPath && markdown !== undefined) write(markdownPath, markdown, 'the Markdown summary');
  if (markdown !== undefined) ctx.out.summary(markdown);
}

function write(path: string, text: string, what: string): void {
  try {
    writeFileSync(path, redactor.redact(text));
  } catch (error) {
    throw writeError(what, path, error);
  }
}

function gate(ctx: Context, failUnder: string | undefined, reports: ScanReport[]): number {
  if (!failUnder) return ExitCode.ok;
  const below = reports.filter((r) => gradeBelow(r.observatory.grade, failUnder));
  if (below.length === 0) return ExitCode.ok;
  const names = below.map((r) => `${r.asset.url} (${r.observatory.grade})`).join(', ');
  ctx.out.error(`grade below --fail-under ${failUnder}: ${names}`);
  return ExitCode.policy;
}

export default scan;
