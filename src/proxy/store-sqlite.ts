/**
 * proxy/store-sqlite: the embedded store, .trust/cache.db (better-sqlite3, WAL). Deleted
 * rows are overwritten (secure_delete) and a shred truncates the WAL, so a shredded salt
 * does not linger in free pages or old frames.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../core/errors.js';
import type { SealWith } from './envelope.js';
import { type EntryRow, SqliteWriter } from './sqlite-writer.js';
import type { CacheStore, CallRecord, MasterCheck, ProxyKeyRecord, StoredEntry } from './store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS org_keys (org TEXT PRIMARY KEY, salt BLOB NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
  id TEXT PRIMARY KEY, org TEXT NOT NULL, envelope BLOB NOT NULL, expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS entries_org ON entries (org);
CREATE INDEX IF NOT EXISTS entries_expiry ON entries (expires_at);
CREATE TABLE IF NOT EXISTS api_keys (
  key_id TEXT PRIMARY KEY, org TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL, revoked_at TEXT);
CREATE TABLE IF NOT EXISTS calls (
  seq INTEGER PRIMARY KEY, ts TEXT NOT NULL, org TEXT NOT NULL, key_id TEXT NOT NULL,
  provider TEXT NOT NULL, model TEXT NOT NULL, path TEXT NOT NULL,
  input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL, cache_write_tokens INTEGER NOT NULL,
  cost_usd REAL, saved_usd REAL, latency_ms REAL NOT NULL, cache TEXT NOT NULL,
  status INTEGER NOT NULL, fingerprint TEXT NOT NULL);
`;

interface KeyRow {
  key_id: string;
  org: string;
  hash: string;
  created_at: string;
  revoked_at: string | null;
}

const toKey = (r: KeyRow): ProxyKeyRecord => ({
  keyId: r.key_id,
  org: r.org,
  hash: r.hash,
  createdAt: r.created_at,
  ...(r.revoked_at ? { revokedAt: r.revoked_at } : {}),
});

export function openSqliteStore(path: string): CacheStore {
  let db: Database.Database;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
  } catch (error) {
    throw new InputError(`cannot open the proxy cache ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return new SqliteStore(db, path);
}

const BATCH_ROWS = 128;
/** How long a put waits for others to share its commit (an entry is readable at once). */
const PUT_DELAY_MS = 10;

interface PutBatch {
  rows: EntryRow[];
  done: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Pending {
  org: string;
  envelope: Buffer;
  expiresAt: number;
}

class SqliteStore implements CacheStore {
  readonly kind = 'sqlite' as const;
  private readonly q;
  /** Entries queued and not yet sent, written together in one transaction (see putEntry). */
  private batch: PutBatch | undefined;
  /** Entries queued or being written, by id: what a read must see before they are committed. */
  private readonly pending = new Map<string, Pending>();
  private readonly writer: SqliteWriter;

  constructor(
    private readonly db: Database.Database,
    path: string,
  ) {
    this.writer = new SqliteWriter(path);
    this.q = {
      meta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      setMeta: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      salt: db.prepare('SELECT salt FROM org_keys WHERE org = ?').pluck(),
      addSalt: db.prepare('INSERT OR IGNORE INTO org_keys (org, salt, created_at) VALUES (?, ?, ?)'),
      get: db.prepare('SELECT envelope FROM entries WHERE id = ? AND org = ? AND expires_at > ?').pluck(),
      all: db.prepare('SELECT id, org, envelope FROM entries WHERE expires_at > ?'),
      replace: db.prepare('UPDATE entries SET envelope = ? WHERE id = ?'),
      addKey: db.prepare('INSERT INTO api_keys (key_id, org, hash, created_at) VALUES (?, ?, ?, ?)'),
      findKey: db.prepare('SELECT * FROM api_keys WHERE hash = ?'),
      keys: db.prepare('SELECT * FROM api_keys ORDER BY created_at, key_id'),
      keyById: db.prepare('SELECT * FROM api_keys WHERE key_id = ?'),
      revoke: db.prepare('UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL'),
      calls: db.prepare(
        `SELECT ts, org, key_id AS keyId, provider, model, path, input_tokens AS inputTokens,
          output_tokens AS outputTokens, cache_read_tokens AS cacheReadTokens,
          cache_write_tokens AS cacheWriteTokens, cost_usd AS costUsd, saved_usd AS savedUsd,
          latency_ms AS latencyMs, cache, status, fingerprint FROM calls ORDER BY seq`,
      ),
    };
  }

  /** Hands the queued entries to the writer. */
  private sendPuts(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    const forget = () => {
      for (const [id, , bytes] of batch.rows)
        if (this.pending.get(id)?.envelope === bytes) this.pending.delete(id);
    };
    this.writer.write({ entries: batch.rows, calls: [] }).then(
      () => {
        forget();
        batch.resolve();
      },
      (error: unknown) => {
        forget();
        batch.reject(error);
      },
    );
  }

  /** Every entry queued so far committed: bulk reads and changes on this connection see them. */
  private async flushPuts(): Promise<void> {
    this.sendPuts();
    await this.writer.idle();
  }

  async checkMaster(kid: Buffer): Promise<MasterCheck> {
    const stored = this.q.meta.get('master_kid') as string | undefined;
    if (stored === undefined) {
      this.q.setMeta.run('master_kid', kid.toString('hex'));
      return 'new';
    }
    return stored === kid.toString('hex') ? 'ok' : 'mismatch';
  }

  async orgSecret(org: string): Promise<Buffer | undefined> {
    return this.q.salt.get(org) as Buffer | undefined;
  }

  async createOrgSecret(org: string, secret: Buffer): Promise<Buffer> {
    this.q.addSalt.run(org, secret, new Date().toISOString());
    return this.q.salt.get(org) as Buffer;
  }

  async orgSecrets(): Promise<Map<string, Buffer>> {
    const rows = this.db.prepare('SELECT org, salt FROM org_keys').all() as { org: string; salt: Buffer }[];
    return new Map(rows.map((r) => [r.org, r.salt]));
  }

  warm(): Promise<void> {
    return this.writer.warm();
  }

  async getEntry(org: string, id: string): Promise<Buffer | undefined> {
    const pending = this.pending.get(id);
    if (pending?.org === org) return pending.expiresAt > Date.now() ? pending.envelope : undefined;
    return this.q.get.get(id, org, Date.now()) as Buffer | undefined;
  }

  /**
   * Resolves once the entry is committed. Entries stored within PUT_DELAY_MS of each other
   * share one transaction (one lock and one WAL append instead of one per entry; a commit
   * also empties the reading connection's page cache, so fewer commits make misses cheaper
   * to look up), committed
   * by the writer thread (proxy/sqlite-writer.ts). Until then the entry is held in `pending`,
   * so a read of this store sees it at once (a repeat is a hit, not a second upstream call).
   */
  putEntry(org: string, id: string, envelope: Buffer, ttlSeconds: number): Promise<void> {
    const expiresAt = Date.now() + ttlSeconds * 1000;
    this.pending.set(id, { org, envelope, expiresAt });
    return this.queue([id, org, envelope, expiresAt]);
  }

  /** As putEntry, the sealing done by the writer thread (readable once committed). */
  sealAndPut(org: string, id: string, plain: Buffer, seal: SealWith, ttlSeconds: number): Promise<void> {
    return this.queue([id, org, plain, Date.now() + ttlSeconds * 1000, seal]);
  }

  private queue(row: EntryRow): Promise<void> {
    if (!this.batch) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.batch = { rows: [], done, resolve, reject };
      setTimeout(() => this.sendPuts(), PUT_DELAY_MS);
    }
    this.batch.rows.push(row);
    const { done } = this.batch;
    if (this.batch.rows.length >= BATCH_ROWS) this.sendPuts();
    return done;
  }

  async *entries(): AsyncIterable<StoredEntry> {
    await this.flushPuts();
    for (const row of this.q.all.all(Date.now()) as StoredEntry[]) yield row;
  }

  async rewrapAll(
    secrets: Map<string, Buffer>,
    rewrap: (entry: StoredEntry) => Buffer | undefined,
    newKid: Buffer,
  ): Promise<number> {
    await this.flushPuts();
    let n = 0;
    // One transaction: a failure part-way leaves everything under the old key.
    this.db.transaction(() => {
      const set = this.db.prepare('UPDATE org_keys SET salt = ? WHERE org = ?');
      for (const [org, secret] of secrets) set.run(secret, org);
      for (const row of this.q.all.all(0) as StoredEntry[]) {
        const next = rewrap(row);
        if (!next) continue;
        this.q.replace.run(next, row.id);
        n++;
      }
      this.q.setMeta.run('master_kid', newKid.toString('hex'));
    })();
    return n;
  }

  async shred(org: string): Promise<number> {
    await this.flushPuts();
    const deleted = this.db.transaction(() => {
      this.db.prepare('DELETE FROM org_keys WHERE org = ?').run(org);
      return this.db.prepare('DELETE FROM entries WHERE org = ?').run(org).changes;
    })();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return deleted;
  }

  async addKey(r: ProxyKeyRecord): Promise<void> {
    this.q.addKey.run(r.keyId, r.org, r.hash, r.createdAt);
  }

  async findKey(hash: string): Promise<ProxyKeyRecord | undefined> {
    const row = this.q.findKey.get(hash) as KeyRow | undefined;
    return row ? toKey(row) : undefined;
  }

  async listKeys(): Promise<ProxyKeyRecord[]> {
    return (this.q.keys.all() as KeyRow[]).map(toKey);
  }

  async revokeKey(keyId: string, at: string): Promise<ProxyKeyRecord | undefined> {
    this.q.revoke.run(at, keyId);
    const row = this.q.keyById.get(keyId) as KeyRow | undefined;
    return row ? toKey(row) : undefined;
  }

  recordCalls(rows: CallRecord[]): Promise<void> {
    return this.writer.write({ entries: [], calls: rows });
  }

  async calls(): Promise<CallRecord[]> {
    await this.writer.idle();
    return this.q.calls.all() as CallRecord[];
  }

  // One SQLite file serves one proxy process; in-process coalescing covers it.
  async acquireLock(): Promise<boolean> {
    return true;
  }

  async releaseLock(): Promise<void> {}

  async close(): Promise<void> {
    this.sendPuts();
    await this.writer.close();
    if (this.db.open) this.db.close();
  }
}
