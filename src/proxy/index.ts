/**
 * proxy: `trust proxy`, a transparent OpenAI/Anthropic proxy with an encrypted response
 * cache, usage and cost metadata, proxy keys, crypto-shred and rotation. What the CLI calls
 * lives here; the server is server.ts + handler.ts, the stores store-*.ts. May import core
 * and audit (the canonicalizer); the Valkey client is imported by store-valkey.ts alone.
 */
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { associatedData, envelopeKid, rewrapEntry } from './envelope.js';
import { deriveOrgKeys, type MasterKey, rewrapOrgSecret } from './master-key.js';
import { type CacheStore, storeKindOf } from './store.js';
import { openSqliteStore } from './store-sqlite.js';

export { createProxyKey, validateOrg } from './api-keys.js';
export { parseMasterKey } from './master-key.js';
export { type RunningProxy, startProxy } from './server.js';
export { type StatsRow, summarize } from './stats.js';
export type { CacheStore } from './store.js';
export { parseUpstream } from './upstream.js';

export const DEFAULT_CACHE_DB = '.trust/cache.db';

/** Open the store named by `--store`: a SQLite file (relative to root) or valkey:// / redis://. */
export async function openStore(spec: string | undefined, root: string): Promise<CacheStore> {
  const value = spec ?? DEFAULT_CACHE_DB;
  if (storeKindOf(value) === 'valkey') {
    const { openValkeyStore } = await import('./store-valkey.js');
    return openValkeyStore(value);
  }
  return openSqliteStore(isAbsolute(value) ? value : resolve(root, value));
}

const MISMATCH =
  'TRUST_MASTER_KEY does not match the key this cache was written with (use that key; to change keys run `trust proxy rotate` with TRUST_NEW_MASTER_KEY)';

/** Fail with one line (exit 2) when `master` is not the key the store was written with. */
export async function checkMasterKey(store: CacheStore, master: MasterKey): Promise<void> {
  if ((await store.checkMaster(master.kid)) === 'mismatch') throw new ConfigError(MISMATCH);
}

/**
 * Re-wrap every org secret and entry data key from `current` to `next`. Content is never
 * decrypted. Nothing is written unless `current` is the store's key.
 */
export async function rotateMasterKey(
  store: CacheStore,
  current: MasterKey,
  next: MasterKey,
): Promise<{ orgs: number; entries: number }> {
  await checkMasterKey(store, current);
  const secrets = await store.orgSecrets();
  const wraps = new Map<string, { from: Buffer; to: Buffer }>();
  const rewrapped = new Map<string, Buffer>();
  for (const [org, secret] of secrets) {
    const nextSecret = rewrapOrgSecret(current, next, secret, org);
    rewrapped.set(org, nextSecret);
    wraps.set(org, {
      from: deriveOrgKeys(current, secret, org).wrap,
      to: deriveOrgKeys(next, nextSecret, org).wrap,
    });
  }
  const entries = await store.rewrapAll(
    rewrapped,
    (e) => {
      const w = wraps.get(e.org);
      if (!w || envelopeKid(e.envelope).equals(next.kid)) return undefined;
      try {
        return rewrapEntry(w.from, w.to, next.kid, associatedData(e.org, e.id), e.envelope);
      } catch {
        return undefined; // already unreadable (written under an older key): left as it is
      }
    },
    next.kid,
  );
  return { orgs: secrets.size, entries };
}
