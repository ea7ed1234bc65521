/**
 * proxy/api-keys: the keys clients present to the proxy, one org each. A key is shown once
 * when created; the store keeps only its SHA-256. Lookups are memoized for a moment so the
 * hot path does not wait on the store for every request; a revocation is honoured within
 * that moment.
 */
import { createHash, randomBytes } from 'node:crypto';
import { UsageError } from '../core/errors.js';
import { redactor } from '../core/redact.js';
import type { CacheStore, ProxyKeyRecord } from './store.js';

const PREFIX = 'trust_pk_';
const ORG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MEMO_MS = 2000;

export function validateOrg(org: string | undefined): string {
  if (!org || !ORG.test(org))
    throw new UsageError('--org: 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');
  return org;
}

export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** A proxy key that is never stored: for an in-process proxy (see proxy/in-process.ts). */
export function createLocalKey(org: string): { key: string; principal: Principal } {
  const key = `${PREFIX}local_${randomBytes(32).toString('base64url')}`;
  redactor.add(key);
  return { key, principal: { org: validateOrg(org), keyId: 'in-process' } };
}

export async function createProxyKey(
  store: CacheStore,
  org: string,
): Promise<{ key: string; record: ProxyKeyRecord }> {
  const keyId = randomBytes(6).toString('hex');
  const key = `${PREFIX}${keyId}_${randomBytes(32).toString('base64url')}`;
  redactor.add(key);
  const record: ProxyKeyRecord = {
    keyId,
    org: validateOrg(org),
    hash: hashKey(key),
    createdAt: new Date().toISOString(),
  };
  await store.addKey(record);
  return { key, record };
}

export interface Principal {
  org: string;
  keyId: string;
}

export class Authenticator {
  private readonly memo = new Map<string, { principal?: Principal; at: number }>();

  /** `local`: keys of an in-process proxy, held in memory only for the life of the process. */
  constructor(
    private readonly store: CacheStore,
    private readonly local: ReadonlyMap<string, Principal> = new Map(),
  ) {}

  /** The org and key id of a presented proxy key, or undefined (unknown, revoked, malformed). */
  async authenticate(token: string | undefined): Promise<Principal | undefined> {
    if (!token?.startsWith(PREFIX)) return undefined;
    const local = this.local.get(token);
    if (local) return local;
    const now = Date.now();
    const memo = this.memo.get(token);
    if (memo && now - memo.at < MEMO_MS) return memo.principal;
    const record = await this.store.findKey(hashKey(token));
    const principal = record && !record.revokedAt ? { org: record.org, keyId: record.keyId } : undefined;
    if (this.memo.size > 10_000) this.memo.clear();
    this.memo.set(token, { principal, at: now });
    return principal;
  }
}
