/**
 * scan/assets/token: the ownership token. 32 random bytes (base64url) behind a vendor label,
 * as the DCV draft recommends. Only a SHA-256 is stored, and that hash binds the token to the
 * org and the asset: the same token published for another org's or another host's record
 * does not verify, and a leftover token proves nothing once the asset is re-added.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_LABEL = 'trust-verification=';
const TOKEN = /^trust-verification=[A-Za-z0-9_-]{43}$/;

export function createToken(): string {
  return `${TOKEN_LABEL}${randomBytes(32).toString('base64url')}`;
}

/** The stored form: SHA-256 over a domain tag, the org, the asset's origin and the token. */
export function bindToken(token: string, org: string, assetUrl: string): string {
  return createHash('sha256')
    .update(`trust-verification/v1\n${org}\n${assetUrl}\n${token}`, 'utf8')
    .digest('hex');
}

/** Does a published value (a TXT record, a file body) prove the asset for this org? */
export function matchesToken(published: string, org: string, assetUrl: string, stored: string): boolean {
  const value = published.trim();
  if (!TOKEN.test(value)) return false;
  const expected = Buffer.from(stored, 'hex');
  const actual = Buffer.from(bindToken(value, org, assetUrl), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** True when a published value at least looks like a token (to tell "wrong token" from "none"). */
export function looksLikeToken(published: string): boolean {
  return TOKEN.test(published.trim());
}
