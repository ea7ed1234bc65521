/**
 * scan/assets/verify: prove that the org controls an asset, by a DNS TXT record at
 * `_trust-challenge.<host>` (tried first) or the well-known file (file-proof.ts). Never
 * throws for what the network or the site did: the outcome is a verification that failed with
 * its reason, so a caller that needs a verified asset (trust scan) fails closed on anything.
 * Only a malformed resolver address throws (InputError, exit 2).
 */
import { isIP } from 'node:net';
import { describeError, InputError } from '../../core/errors.js';
import { ScanClient } from '../http-client.js';
import { createResolver, type ScanResolver } from '../resolver.js';
import { pinTarget } from '../target.js';
import type { Asset, AssetVerification } from '../types.js';
import { scanUserAgent } from '../user-agent.js';
import { FILE_LIMIT, type ProofOutcome, proveByFile, wellKnownUrl } from './file-proof.js';
import { hostOf } from './origin.js';
import { looksLikeToken, matchesToken } from './token.js';

export interface VerifyOptions {
  org: string;
  /**
   * DNS server "ip:port" (both for TXT and for the address the file is fetched from), or a
   * resolver (trust scan passes one that answers from the addresses it pinned).
   */
  resolver?: string | ScanResolver;
  /** Extra trusted CA certificates (PEM text) for the file method. */
  ca?: string;
  timeoutMs?: number;
  /** Try only this method; by default DNS, then the file. */
  method?: AssetVerification['method'];
  now?: () => Date;
}

export const CHALLENGE_LABEL = '_trust-challenge';

export function challengeName(assetUrl: string): string {
  return `${CHALLENGE_LABEL}.${hostOf(assetUrl)}`;
}

export async function verifyAsset(asset: Asset, options: VerifyOptions): Promise<AssetVerification> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const resolver =
    typeof options.resolver === 'object' ? options.resolver : resolverOf(options.resolver, timeoutMs);
  const at = () => (options.now?.() ?? new Date()).toISOString();
  const reasons: string[] = [];
  if (options.method !== 'file') {
    const dns = await proveByDns(resolver, asset, options.org);
    if (dns.ok) return { method: 'dns', result: 'verified', at: at(), reason: dns.reason };
    reasons.push(`dns: ${dns.reason}`);
    if (options.method === 'dns') return { method: 'dns', result: 'failed', at: at(), reason: reasons[0] };
  }
  const file = await proveByFileSafely(resolver, asset, options, timeoutMs);
  if (file.ok) return { method: 'file', result: 'verified', at: at(), reason: file.reason };
  reasons.push(`file: ${file.reason}`);
  return { method: 'file', result: 'failed', at: at(), reason: reasons.join('; ') };
}

/** A resolver address that is not one is the caller's mistake, not a failed verification. */
function resolverOf(server: string | ScanResolver | undefined, timeoutMs: number): ScanResolver {
  if (typeof server === 'object') return server;
  try {
    return createResolver(server, timeoutMs);
  } catch {
    throw new InputError(
      `--resolver ${server}: not an IP address with an optional port (1.1.1.1, 127.0.0.1:5353, [::1]:53)`,
    );
  }
}

async function proveByDns(resolver: ScanResolver, asset: Asset, org: string): Promise<ProofOutcome> {
  if (isIP(hostOf(asset.url)))
    return { ok: false, reason: 'an IP address has no DNS name to hold a TXT record' };
  const name = challengeName(asset.url);
  let records: string[];
  try {
    // resolver.txt joins the strings of one record (RFC 7208 §3.3); each record is one candidate.
    records = await resolver.txt(name);
  } catch (error) {
    return { ok: false, reason: `${name}: ${(error as NodeJS.ErrnoException).code ?? describeError(error)}` };
  }
  if (records.some((r) => matchesToken(r, org, asset.url, asset.tokenSha256)))
    return { ok: true, reason: `TXT ${name} holds the token` };
  if (records.length === 0) return { ok: false, reason: `no TXT record at ${name}` };
  const tokens = records.filter(looksLikeToken).length;
  return {
    ok: false,
    reason: tokens
      ? `TXT ${name} holds ${tokens === 1 ? 'a different token' : `${tokens} other tokens`} (an old one, or another org's)`
      : `no trust-verification TXT record at ${name}`,
  };
}

async function proveByFileSafely(
  resolver: ScanResolver,
  asset: Asset,
  options: VerifyOptions,
  timeoutMs: number,
): Promise<ProofOutcome> {
  const host = new URL(wellKnownUrl(asset.url)).hostname.replace(/^\[|\]$/g, '');
  try {
    const pinned = await pinTarget(host, resolver, asset.allowPrivate === true);
    const client = new ScanClient({
      userAgent: scanUserAgent(),
      rate: 2,
      budget: 6,
      timeoutMs,
      maxBody: FILE_LIMIT + 1,
      ...(options.ca ? { ca: options.ca } : {}),
      targets: [pinned],
    });
    return await proveByFile(client, asset.url, options.org, asset.tokenSha256);
  } catch (error) {
    return { ok: false, reason: describeError(error) };
  }
}
