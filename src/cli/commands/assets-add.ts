/**
 * `trust assets add <url>`: record an asset and issue its ownership token. The token is printed
 * once, raw (the one place it is meant to be seen); the config keeps only its hash bound to the
 * org and asset. `--rotate` on an existing asset is how a lost token is replaced.
 */
import { InputError, UsageError } from '../../core/errors.js';
import { redactor } from '../../core/redact.js';
import {
  bindToken,
  challengeName,
  createToken,
  findAsset,
  hostOf,
  loadAssets,
  normalizeOrigin,
  updateAssets,
  wellKnownUrl,
} from '../../scan/assets/index.js';
import { isPrivateAddress } from '../../scan/target.js';
import type { Asset, AssetEnv, Criticality } from '../../scan/types.js';
import { boolOption, type CommandHandler, type Context, stringOption } from '../context.js';
import { assetsFile, auditAssetEvent, requireOrg } from './assets-common.js';

const add: CommandHandler = async (ctx, args) => {
  const rotate = boolOption(ctx, 'rotate');
  const file = assetsFile(ctx);
  // --rotate names an existing asset the way verify and remove do (its host is enough).
  const url =
    (rotate && findAsset(loadAssets(ctx.root, file), args[0] ?? '')?.url) || normalizeOrigin(args[0] ?? '');
  const org = requireOrg(ctx);
  const configOrg = (ctx.config.values.scan as { org?: string } | undefined)?.org;
  if (configOrg && configOrg !== org)
    throw new InputError(
      `--org ${org} differs from scan.org "${configOrg}" in ${file}; a token bound to one org never verifies for the other`,
    );
  const allowPrivate = boolOption(ctx, 'allowPrivate');
  refuseLiteralPrivate(url, allowPrivate);
  const token = createToken();
  redactor.add(token);
  const { asset, rotated } = updateAssets(file, (assets, values) => {
    const index = assets.findIndex((a) => a.url === url);
    const existing = index >= 0 ? assets[index] : undefined;
    if (existing && !rotate)
      throw new InputError(`${url} is already an asset in ${file}; add --rotate to issue a new token`);
    if (!existing && rotate)
      throw new InputError(`${url} is not an asset in ${file} yet; add it without --rotate`);
    const { verification: _dropped, ...kept } = existing ?? ({} as Partial<Asset>);
    const next: Asset = {
      ...kept,
      url,
      ...fieldsOf(ctx, kept),
      tokenSha256: bindToken(token, org, url),
      createdAt: kept.createdAt ?? new Date().toISOString(),
      ...(allowPrivate || kept.allowPrivate ? { allowPrivate: true } : {}),
    };
    const scan = (values.scan ?? {}) as Record<string, unknown>;
    if (scan.org === undefined) values.scan = { ...scan, org };
    const list = existing ? assets.map((a, i) => (i === index ? next : a)) : [...assets, next];
    return { assets: list, result: { asset: next, rotated: existing !== undefined } };
  });
  // The old token no longer proves anything: say so in the log, whatever its last result was.
  if (rotated)
    auditAssetEvent(ctx, { asset: url, method: 'rotate', result: 'revoked', reason: 'token rotated' });
  present(ctx, asset, org, token, file);
  return 0;
};

function fieldsOf(ctx: Context, existing: Partial<Asset>): Pick<Asset, 'env' | 'owner' | 'criticality'> {
  const env = (stringOption(ctx, 'assetEnv') ?? existing.env) as AssetEnv | undefined;
  const owner = stringOption(ctx, 'assetOwner')?.trim() || existing.owner;
  if (!env) throw new UsageError('--env is required: production, staging or dev');
  if (!owner) throw new UsageError('--owner <team> is required');
  // The default criticality must not overwrite the one a rotated asset already has.
  const given = ctx.sources.assetCriticality === 'cli' ? stringOption(ctx, 'assetCriticality') : undefined;
  const criticality = (given ??
    existing.criticality ??
    stringOption(ctx, 'assetCriticality') ??
    'medium') as Criticality;
  return { env, owner, criticality };
}

/** A literal loopback or private host is known now; a name is checked when it is resolved. */
function refuseLiteralPrivate(url: string, allowPrivate: boolean): void {
  const host = hostOf(url);
  const local = host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host);
  if (local && !allowPrivate)
    throw new InputError(`${host} is a loopback or private address; add --allow-private to make it an asset`);
}

function present(ctx: Context, asset: Asset, org: string, token: string, file: string): void {
  const dns = challengeName(asset.url);
  const wellKnown = wellKnownUrl(asset.url);
  if (ctx.out.json) {
    // Raw, bypassing the redactor: this is the token's one appearance.
    const value = {
      asset: asset.url,
      env: asset.env,
      org,
      file,
      token,
      dns: { name: dns, type: 'TXT' },
      wellKnown,
    };
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  ctx.out.success(
    `${asset.url} (${asset.env}, owner ${asset.owner}, ${asset.criticality}) saved in ${file} for org ${org}`,
  );
  ctx.out.info(
    `Publish this token; it is shown once (trust assets add ${asset.url} --rotate issues a new one):`,
  );
  process.stdout.write(`${token}\n`);
  ctx.out.info(`either as a DNS TXT record:   ${dns}  TXT  "<the token>"`);
  ctx.out.info(`or as the whole body of:      ${wellKnown}`);
  ctx.out.info(`then run: trust assets verify ${asset.url}`);
  if (asset.env === 'production') ctx.out.info('trust scan refuses a production asset until it is verified.');
}

export default add;
