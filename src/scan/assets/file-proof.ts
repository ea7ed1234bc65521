/**
 * scan/assets/file-proof: the HTTP method of ownership verification. One GET of
 * https://<host>/.well-known/trust-verification.txt through the ScanClient (GET only, the
 * honest User-Agent, the pinned address), a verified certificate, a 200, at most 1 KB, and a
 * body that is exactly the token. A redirect is followed only on the same host: a redirect to
 * another host would let whoever runs that host vouch for this one.
 */
import { describeError } from '../../core/errors.js';
import type { ScanClient } from '../http-client.js';
import { looksLikeToken, matchesToken } from './token.js';

export const WELL_KNOWN_PATH = '/.well-known/trust-verification.txt';
export const FILE_LIMIT = 1024;
const MAX_REDIRECTS = 3;

export interface ProofOutcome {
  ok: boolean;
  reason: string;
}

/** The well-known URL of an asset: HTTPS on the asset's host (and port, for an https asset). */
export function wellKnownUrl(assetUrl: string): string {
  const url = new URL(assetUrl);
  const origin = url.protocol === 'https:' ? url.origin : `https://${url.hostname}`;
  return `${origin}${WELL_KNOWN_PATH}`;
}

export async function proveByFile(
  client: ScanClient,
  assetUrl: string,
  org: string,
  tokenSha256: string,
): Promise<ProofOutcome> {
  const first = new URL(wellKnownUrl(assetUrl));
  let url = first;
  for (let hop = 0; ; hop++) {
    let response: Awaited<ReturnType<ScanClient['send']>>;
    try {
      response = await client.send('GET', url.href, { accept: 'text/plain' });
    } catch (error) {
      return { ok: false, reason: `${url.href}: ${describeError(error)}` };
    }
    if (!response.verified)
      return { ok: false, reason: `${url.href}: the certificate did not verify (${response.tlsError})` };
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      if (next.host !== first.host || next.protocol !== 'https:')
        return {
          ok: false,
          reason: `${url.href} redirects to ${next.protocol}//${next.host}: the file must be served by ${first.host} itself over HTTPS`,
        };
      if (hop >= MAX_REDIRECTS) return { ok: false, reason: `${first.href}: too many redirects` };
      url = next;
      continue;
    }
    if (response.status !== 200) return { ok: false, reason: `${url.href} answered ${response.status}` };
    const declared = Number(response.headers['content-length']);
    if (Buffer.byteLength(response.body) > FILE_LIMIT || declared > FILE_LIMIT)
      return { ok: false, reason: `${url.href} is larger than ${FILE_LIMIT} bytes` };
    if (matchesToken(response.body, org, assetUrl, tokenSha256))
      return { ok: true, reason: `${url.href} holds the token` };
    return {
      ok: false,
      reason: looksLikeToken(response.body)
        ? `${url.href} holds a different token (an old one, or another org's)`
        : `${url.href} does not hold a trust-verification token`,
    };
  }
}
