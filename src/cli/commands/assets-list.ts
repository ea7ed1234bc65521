/** `trust assets list`: each asset with its verification state and age (table, or --json). */
import { renderTable } from '../../core/output.js';
import { formatAge, loadAssets, stateOf, verificationAgeSeconds } from '../../scan/assets/index.js';
import type { CommandHandler } from '../context.js';
import { assetsFile } from './assets-common.js';

const list: CommandHandler = async (ctx) => {
  const now = new Date();
  const assets = loadAssets(ctx.root, assetsFile(ctx)).map((a) => ({
    url: a.url,
    env: a.env,
    owner: a.owner,
    criticality: a.criticality,
    state: stateOf(a),
    ...(a.verification ? { verification: a.verification } : {}),
    ageSeconds: verificationAgeSeconds(a.verification, now) ?? null,
    ...(a.allowPrivate ? { allowPrivate: true } : {}),
  }));
  ctx.out.data(assets);
  if (ctx.out.json) return 0;
  if (assets.length === 0) {
    ctx.out.result('no assets (trust assets add <url> --env <env> --owner <team> adds one)');
    return 0;
  }
  const rows = assets.map((a) => [
    a.url,
    a.env,
    a.owner,
    a.criticality,
    a.verification ? `${a.state} (${a.verification.method})` : a.state,
    a.ageSeconds === null ? '-' : `${formatAge(a.ageSeconds)} ago`,
  ]);
  ctx.out.result(renderTable(['asset', 'env', 'owner', 'criticality', 'verification', 'checked'], rows));
  const unverified = assets.filter((a) => a.env === 'production' && a.state !== 'verified');
  if (unverified.length > 0)
    ctx.out.warn(`${unverified.length} production asset(s) not verified: trust scan refuses them`);
  return 0;
};

export default list;
