/**
 * Shared by the `trust assets ...` commands: which file holds the assets, the org the tokens
 * are bound to, looking an asset up, and the asset-verification entries of the audit log.
 */
import { join } from 'node:path';
import { assetVerificationEntry } from '../../audit/index.js';
import { DEFAULT_CONFIG_FILE } from '../../core/config.js';
import { InputError, UsageError } from '../../core/errors.js';
import { findAsset, loadAssets, validateScanOrg } from '../../scan/assets/index.js';
import type { Asset } from '../../scan/types.js';
import { type Context, stringOption } from '../context.js';
import { openLog } from './log-common.js';

/** The config file read for this command (--config), else trust.config.json in the root. */
export function assetsFile(ctx: Context): string {
  return ctx.config.file ?? join(ctx.root, DEFAULT_CONFIG_FILE);
}

export function orgOf(ctx: Context): string | undefined {
  const org = stringOption(ctx, 'scanOrg');
  return org === undefined ? undefined : validateScanOrg(org);
}

export function requireOrg(ctx: Context): string {
  const org = orgOf(ctx);
  if (!org)
    throw new UsageError(
      'no org: give --org <org> (or TRUST_SCAN_ORG, or "scan": {"org": …} in trust.config.json); ownership tokens are bound to it',
    );
  return org;
}

export function requireAsset(ctx: Context, ref: string | undefined): Asset {
  if (!ref) throw new UsageError('name the asset: its URL or host');
  const file = assetsFile(ctx);
  const asset = findAsset(loadAssets(ctx.root, file), ref);
  if (!asset) throw new InputError(`no asset "${ref}" in ${file} (trust assets list shows them)`);
  return asset;
}

export function auditAssetEvent(
  ctx: Context,
  fields: { asset: string; method: string; result: 'verified' | 'failed' | 'revoked'; reason?: string },
): void {
  const org = orgOf(ctx);
  const log = openLog(ctx, true);
  try {
    log.append(assetVerificationEntry({ ...fields, ...(org ? { org } : {}) }));
  } finally {
    log.close();
  }
}
