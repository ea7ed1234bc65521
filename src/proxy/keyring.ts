/**
 * proxy/keyring: the org keys of a running proxy, derived from the master key and each org's
 * secret. Kept in memory for a moment only, so that a `trust proxy shred` by another process
 * stops this one from reading or writing that org's entries within that moment.
 */
import { deriveOrgKeys, type MasterKey, newOrgSecret, type OrgKeys } from './master-key.js';
import type { CacheStore } from './store.js';

const FRESH_MS = 2000;

export class KeyRing {
  private readonly orgs = new Map<string, { keys: OrgKeys; salt: Buffer; at: number }>();

  constructor(
    private readonly store: CacheStore,
    readonly master: MasterKey,
  ) {}

  /** The org's keys, creating its salt when it has none (first use, or after a shred). */
  async keys(org: string): Promise<OrgKeys> {
    const now = Date.now();
    const known = this.orgs.get(org);
    if (known && now - known.at < FRESH_MS) return known.keys;
    const salt =
      (await this.store.orgSecret(org)) ??
      (await this.store.createOrgSecret(org, newOrgSecret(this.master, org)));
    if (known?.salt.equals(salt)) {
      known.at = now;
      return known.keys;
    }
    const keys = deriveOrgKeys(this.master, salt, org);
    this.orgs.set(org, { keys, salt, at: now });
    return keys;
  }
}
