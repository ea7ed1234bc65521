/**
 * `trust assets verify <asset>`: check the published token (DNS TXT, then the well-known file),
 * record the outcome on the asset and as an asset-verification entry of the audit log.
 * Exit 0 verified, 1 not verified (a check that failed, like `log verify`), 2 bad input.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../core/errors.js';
import { fsReason } from '../../core/files.js';
import { updateAssets, verifyAsset } from '../../scan/assets/index.js';
import type { AssetVerification } from '../../scan/types.js';
import { type CommandHandler, type Context, stringOption } from '../context.js';
import { assetsFile, auditAssetEvent, requireAsset, requireOrg } from './assets-common.js';
import { inRoot } from './log-common.js';

const verify: CommandHandler = async (ctx, args) => {
  const asset = requireAsset(ctx, args[0]);
  const org = requireOrg(ctx);
  const ca = readCa(ctx);
  const method = stringOption(ctx, 'verifyMethod') as AssetVerification['method'] | undefined;
  const resolver = stringOption(ctx, 'scanResolver');
  ctx.out.debug(`verifying ${asset.url} for org ${org}${resolver ? ` via DNS ${resolver}` : ''}`);
  const verification = await verifyAsset(asset, {
    org,
    ...(resolver ? { resolver } : {}),
    ...(ca ? { ca } : {}),
    ...(method ? { method } : {}),
  });
  auditAssetEvent(ctx, {
    asset: asset.url,
    method: verification.method,
    result: verification.result,
    ...(verification.reason ? { reason: verification.reason } : {}),
  });
  updateAssets(assetsFile(ctx), (assets) => ({
    assets: assets.map((a) => (a.url === asset.url ? { ...a, verification } : a)),
    result: undefined,
  }));
  ctx.out.data({ asset: asset.url, org, verification });
  if (verification.result === 'verified') {
    ctx.out.success(`${asset.url} verified by ${verification.method}: ${verification.reason}`);
    return 0;
  }
  ctx.out.error(`${asset.url} not verified: ${verification.reason}`);
  return 1;
};

function readCa(ctx: Context): string | undefined {
  const file = stringOption(ctx, 'scanCa');
  if (!file) return undefined;
  const path = inRoot(ctx, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`--ca ${path}: ${fsReason(error) ?? (error as Error).message}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new InputError(`--ca ${path}: not a PEM certificate`);
  return text;
}

export default verify;
