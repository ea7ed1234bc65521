/**
 * proxy/credentials: who the client is and what the upstream is called with. The proxy key
 * comes in `x-trust-key`, or in the slot the SDK fills with its API key (`Authorization:
 * Bearer` for OpenAI, `x-api-key` for Anthropic). With pass-through on and the proxy key in
 * `x-trust-key`, the client's own provider key goes upstream; it is only fingerprinted (HMAC)
 * for the cache key, never stored. Otherwise the provider key comes from the environment.
 */
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Provider } from './routes.js';
import type { Credential } from './upstream.js';

export interface Presented {
  token: string | undefined;
  /** The client's own provider credential (only when the proxy key came in x-trust-key). */
  own: Credential | undefined;
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
}

export function presented(headers: IncomingHttpHeaders): Presented {
  const trustKey = headers['x-trust-key'];
  const apiKey = typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : undefined;
  if (typeof trustKey === 'string') {
    const b = bearer(headers);
    const own: Credential | undefined = apiKey
      ? { header: 'x-api-key', value: apiKey }
      : b
        ? { header: 'authorization', value: `Bearer ${b}` }
        : undefined;
    return { token: trustKey, own };
  }
  return { token: bearer(headers) ?? apiKey, own: undefined };
}

export interface UpstreamCredential {
  credential: Credential | undefined;
  /** Where the credential comes from; with its fingerprint, part of the cache key. */
  source: 'env' | 'own' | 'none';
  /** The bare provider key, only ever fingerprinted (credentialFingerprint); never stored. */
  secret?: string;
}

/**
 * The credential's part of the cache key: an HMAC under the org's index key, so different
 * accounts never share entries. That key is random and survives `trust proxy rotate` (a
 * fingerprint keyed by the master key would change every cache id on rotation).
 */
export function credentialFingerprint(indexKey: Buffer, c: UpstreamCredential): string {
  if (c.secret === undefined) return c.source;
  // The environment's key is the same on every request: its fingerprint is kept per index
  // key (a client's own key is not, so it is held no longer than its request).
  if (c.source !== 'env') return fingerprint(indexKey, c.source, c.secret);
  let known = envPrints.get(indexKey);
  if (!known) {
    known = new Map();
    envPrints.set(indexKey, known);
  }
  let print = known.get(c.secret);
  if (print === undefined) {
    print = fingerprint(indexKey, c.source, c.secret);
    known.set(c.secret, print);
  }
  return print;
}

const envPrints = new WeakMap<Buffer, Map<string, string>>();

function fingerprint(indexKey: Buffer, source: string, secret: string): string {
  const mac = createHmac('sha256', indexKey).update(`trust-proxy/v1/credential\0${secret}`, 'utf8');
  return `${source}:${mac.digest('hex').slice(0, 32)}`;
}

export class Credentials {
  private readonly env: Record<Provider, UpstreamCredential>;

  constructor(
    keys: Partial<Record<Provider, string>>,
    private readonly passThrough: boolean,
  ) {
    const of = (provider: Provider, key: string | undefined): UpstreamCredential =>
      key
        ? {
            credential:
              provider === 'anthropic'
                ? { header: 'x-api-key', value: key }
                : { header: 'authorization', value: `Bearer ${key}` },
            source: 'env',
            secret: key,
          }
        : { credential: undefined, source: 'none' };
    this.env = { openai: of('openai', keys.openai), anthropic: of('anthropic', keys.anthropic) };
  }

  for(provider: Provider, p: Presented): UpstreamCredential {
    if (this.passThrough && p.own) {
      const raw = p.own.header === 'x-api-key' ? p.own.value : p.own.value.slice(7);
      return { credential: p.own, source: 'own', secret: raw };
    }
    return this.env[provider];
  }
}
