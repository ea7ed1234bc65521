/**
 * proxy/store: what the proxy keeps, behind one narrow interface with two implementations:
 * SQLite (store-sqlite.ts, the embedded default, .trust/cache.db) and Valkey/Redis
 * (store-valkey.ts, a team cache shared by many runners). A store only ever writes envelopes
 * (ciphertext), salts, key hashes and metadata; never a prompt, a response or a key. (A store
 * with `sealAndPut` is handed an entry's plaintext in memory, to encrypt where it writes.)
 */

import type { SealWith } from './envelope.js';

export type CacheOutcome = 'hit' | 'miss' | 'bypass' | 'coalesced';

/** One row of per-request metadata (never content). */
export interface CallRecord {
  ts: string;
  org: string;
  keyId: string;
  provider: string;
  model: string;
  path: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** USD; 0 for a hit, null when the model has no price or usage was not reported. */
  costUsd: number | null;
  /** USD a hit or coalesced request saved (what the upstream call cost). */
  savedUsd: number | null;
  latencyMs: number;
  cache: CacheOutcome;
  status: number;
  /** The request's cache id (an HMAC; no oracle for the content). */
  fingerprint: string;
}

export interface ProxyKeyRecord {
  keyId: string;
  org: string;
  /** SHA-256 hex of the whole key; the key itself is never stored. */
  hash: string;
  createdAt: string;
  revokedAt?: string;
}

export interface StoredEntry {
  org: string;
  id: string;
  envelope: Buffer;
}

export type MasterCheck = 'ok' | 'new' | 'mismatch';

export interface CacheStore {
  readonly kind: 'sqlite' | 'valkey';
  /** Compare the master key id with the one the store was written with (recording it when new). */
  checkMaster(kid: Buffer): Promise<MasterCheck>;
  /** The org's secret (master-key-sealed salt and index key); undefined when none or shredded. */
  orgSecret(org: string): Promise<Buffer | undefined>;
  /** Store `secret` unless the org has one already; returns the one that is kept. */
  createOrgSecret(org: string, secret: Buffer): Promise<Buffer>;
  /** Every org that has a secret. */
  orgSecrets(): Promise<Map<string, Buffer>>;
  /** Get ready to serve (a proxy calls it before listening): nothing to do for some stores. */
  warm?(): Promise<void>;
  getEntry(org: string, id: string): Promise<Buffer | undefined>;
  /** A getEntry made after this call (even before it resolves) sees the entry. */
  putEntry(org: string, id: string, envelope: Buffer, ttlSeconds: number): Promise<void>;
  /**
   * Seal `plain` (envelope.ts's sealEnvelope under `seal`) off the serving thread and store
   * the envelope. Unlike putEntry, the entry is only readable once this resolves: until
   * then the caller serves repeats from its own copy.
   */
  sealAndPut?(org: string, id: string, plain: Buffer, seal: SealWith, ttlSeconds: number): Promise<void>;
  /** Every live entry (tests, rotate). */
  entries(): AsyncIterable<StoredEntry>;
  /**
   * Replace the org secrets with `secrets`, re-wrap every entry with `rewrap` (the new
   * envelope, or undefined to leave it), and record `newKid` as the store's master key id.
   * Returns how many entries were re-wrapped.
   */
  rewrapAll(
    secrets: Map<string, Buffer>,
    rewrap: (entry: StoredEntry) => Buffer | undefined,
    newKid: Buffer,
  ): Promise<number>;
  /** Destroy the org's secret and delete its entries. Returns the number of entries deleted. */
  shred(org: string): Promise<number>;
  addKey(record: ProxyKeyRecord): Promise<void>;
  findKey(hash: string): Promise<ProxyKeyRecord | undefined>;
  listKeys(): Promise<ProxyKeyRecord[]>;
  /** Returns the revoked record, or undefined when no such key id. */
  revokeKey(keyId: string, at: string): Promise<ProxyKeyRecord | undefined>;
  recordCalls(rows: CallRecord[]): Promise<void>;
  calls(): Promise<CallRecord[]>;
  /** Cross-process coalescing: take a short lock on a cache id (true when taken). */
  acquireLock(id: string, ttlMs: number): Promise<boolean>;
  releaseLock(id: string): Promise<void>;
  close(): Promise<void>;
}

/** Split a `--store` value: a file path (SQLite) or a valkey:// / redis:// URL. */
export function storeKindOf(spec: string): 'sqlite' | 'valkey' {
  return /^(valkeys?|rediss?):\/\//i.test(spec) ? 'valkey' : 'sqlite';
}
