/**
 * proxy/cache-key: the exact-match cache id of a request. It covers everything that can
 * change the answer or who may see it: org, provider, method and path (with query), the
 * upstream base URL, the credential fingerprint, and the whole body as RFC 8785 canonical
 * JSON (the audit log's canonicalizer), so key order and whitespace never change the id.
 * The id is an HMAC under the org's index key: equal requests of two orgs get unrelated
 * ids, and an id in the store cannot be used to confirm a guessed prompt.
 */
import { createHmac } from 'node:crypto';
import { canonicalize } from '../audit/jcs.js';

export interface CacheKeyParts {
  org: string;
  provider: string;
  method: string;
  path: string;
  upstream: string;
  credential: string;
  body: unknown;
}

export function cacheMaterial(parts: CacheKeyParts): string {
  return canonicalize({
    v: 1,
    org: parts.org,
    provider: parts.provider,
    method: parts.method,
    path: parts.path,
    upstream: parts.upstream,
    credential: parts.credential,
    body: parts.body,
  });
}

export function cacheId(indexKey: Buffer, parts: CacheKeyParts): string {
  return createHmac('sha256', indexKey).update(cacheMaterial(parts), 'utf8').digest('hex');
}
