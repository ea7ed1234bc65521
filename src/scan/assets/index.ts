/**
 * scan/assets: the web assets a team owns and the proof that it does. Assets live in
 * trust.config.json (store.ts); ownership is proven by a token whose hash alone is stored
 * (token.ts), published in DNS or at a well-known URL (verify.ts, file-proof.ts). May import
 * core and the scan transport (resolver, target, http-client); the CLI and `trust scan` call it.
 */
import { UsageError } from '../../core/errors.js';
import type { Asset, AssetVerification } from '../types.js';

export { type ProofOutcome, WELL_KNOWN_PATH, wellKnownUrl } from './file-proof.js';
export { hostOf, normalizeOrigin } from './origin.js';
export { assetsFileOf, findAsset, loadAssets, updateAssets } from './store.js';
export { bindToken, createToken } from './token.js';
export { CHALLENGE_LABEL, challengeName, type VerifyOptions, verifyAsset } from './verify.js';

const ORG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function validateScanOrg(org: string): string {
  if (!ORG.test(org))
    throw new UsageError('--org: 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');
  return org;
}

export type VerificationState = 'verified' | 'failed' | 'unverified';

export function stateOf(asset: Asset): VerificationState {
  return asset.verification?.result ?? 'unverified';
}

/** Whole seconds since the last verification attempt, or undefined when there was none. */
export function verificationAgeSeconds(
  verification: AssetVerification | undefined,
  now: Date,
): number | undefined {
  if (!verification) return undefined;
  const at = Date.parse(verification.at);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.floor((now.getTime() - at) / 1000));
}

/** "42s", "5m", "3h", "12d": how long ago, for a table. */
export function formatAge(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}
