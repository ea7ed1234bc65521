/**
 * scan/grant: what allows a scan of one asset. A production asset is re-verified right before
 * every scan (against the pinned addresses) and refused unless its token is still in place:
 * a leftover verification proves only past control, so the check fails closed. Staging and
 * dev assets are scanned on their last recorded verification, or none.
 */
import { InputError } from '../core/errors.js';
import type { ScanResolver } from './resolver.js';
import type { Asset, AssetVerification } from './types.js';

export type VerifyAsset = (
  asset: Asset,
  options: { org: string; resolver?: string | ScanResolver; ca?: string; timeoutMs?: number },
) => Promise<AssetVerification>;

export interface Grant {
  method: 'dns' | 'file' | 'none';
  env: Asset['env'];
  verifiedAt?: string;
  /** The fresh verification of a production asset (recorded in the audit log). */
  reverified?: AssetVerification;
}

export interface GrantOptions {
  org: string;
  verify: VerifyAsset;
  resolver: ScanResolver;
  ca?: string;
  timeoutMs: number;
  /** Called with the fresh verification before a refusal is thrown, so it is recorded either way. */
  onVerified?: (verification: AssetVerification) => void;
}

export async function grantFor(asset: Asset, options: GrantOptions): Promise<Grant> {
  if (asset.env !== 'production') {
    const last = asset.verification;
    return last?.result === 'verified'
      ? { method: last.method, env: asset.env, verifiedAt: last.at }
      : { method: 'none', env: asset.env };
  }
  let verification: AssetVerification;
  try {
    verification = await options.verify(asset, {
      org: options.org,
      resolver: options.resolver,
      ...(options.ca ? { ca: options.ca } : {}),
      timeoutMs: options.timeoutMs,
    });
  } catch (error) {
    // Whatever went wrong, an unproven production asset is not scanned.
    throw refusal(asset, (error as Error).message);
  }
  options.onVerified?.(verification);
  if (verification.result !== 'verified')
    throw refusal(asset, verification.reason ?? 'the token was not found');
  return {
    method: verification.method,
    env: asset.env,
    verifiedAt: verification.at,
    reverified: verification,
  };
}

function refusal(asset: Asset, reason: string): InputError {
  const why = reason.split('\n')[0]?.replace(/\.$/, '') ?? 'not verified';
  return new InputError(
    `refusing to scan production asset ${asset.url}: ownership not verified (${why}); run trust assets verify ${asset.url}`,
  );
}
