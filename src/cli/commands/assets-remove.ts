/** `trust assets remove <asset>`: drop the asset from the config; the audit log records the revocation. */
import { updateAssets } from '../../scan/assets/index.js';
import type { CommandHandler } from '../context.js';
import { assetsFile, auditAssetEvent, requireAsset } from './assets-common.js';

const remove: CommandHandler = async (ctx, args) => {
  const asset = requireAsset(ctx, args[0]);
  const file = assetsFile(ctx);
  updateAssets(file, (assets) => ({ assets: assets.filter((a) => a.url !== asset.url), result: undefined }));
  auditAssetEvent(ctx, { asset: asset.url, method: 'remove', result: 'revoked', reason: 'asset removed' });
  ctx.out.data({ removed: asset.url, file });
  ctx.out.success(`${asset.url} removed from ${file}`);
  return 0;
};

export default remove;
