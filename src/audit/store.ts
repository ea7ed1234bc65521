/**
 * The SQLite file behind the audit log (the only file here that imports better-sqlite3).
 * entries: exact canonical bytes, contiguous idx from 0, leaf hash; kind/subject/ts are an
 * index for queries, never trusted. nodes: perfect-subtree hashes (an untrusted cache for
 * O(log N) appends and proofs). checkpoints: signed notes by size. meta: origin, verifier key,
 * format. WAL while open; on close a TRUNCATE checkpoint and journal_mode=DELETE leave one file.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { onEarlyExit } from '../core/cleanup.js';
import { ExternalError } from '../core/errors.js';
import { fsReason } from '../core/files.js';

export const FORMAT = 'trust-audit-log/1';
/** "trst": marks the file as ours for `file(1)` and for us. */
const APPLICATION_ID = 0x74727374;

export class StoreError extends Error {}

/** How long a writer waits for another process's lock by default (TRUST_LOG_WAIT). */
export const DEFAULT_BUSY_TIMEOUT_MS = 30_000;

/**
 * Another process held the log's lock for longer than we wait. Not bad input: the file is
 * fine and a later run succeeds, so it is an unavailable service (exit 3), naming the file.
 */
export class LogBusyError extends ExternalError {
  constructor(
    readonly path: string,
    waitedMs: number,
    options: { cause?: unknown } = {},
  ) {
    super(
      'audit log',
      `${path} is locked by another process; gave up after ${Math.round(waitedMs / 100) / 10} s (--log-wait waits longer)`,
      options,
    );
  }
}

export interface EntryRow {
  idx: number;
  body: Buffer;
  leaf_hash: Buffer;
}

export interface NewRow {
  idx: number;
  body: Buffer;
  leafHash: Buffer;
  kind: string;
  subject: string | undefined;
  ts: string;
  nodes: Array<{ level: number; index: number; hash: Buffer }>;
}

/** As SQLite keeps it in sqlite_schema (which drops IF NOT EXISTS). */
const ENTRIES_TABLE = `CREATE TABLE entries (
  idx INTEGER PRIMARY KEY, body BLOB NOT NULL, leaf_hash BLOB NOT NULL,
  kind TEXT NOT NULL, subject TEXT, ts TEXT NOT NULL) STRICT`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
${ENTRIES_TABLE.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS')};
CREATE INDEX IF NOT EXISTS entries_subject ON entries (subject) WHERE subject IS NOT NULL;
CREATE INDEX IF NOT EXISTS entries_kind ON entries (kind);
CREATE TABLE IF NOT EXISTS nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)) WITHOUT ROWID, STRICT;
CREATE TABLE IF NOT EXISTS checkpoints (size INTEGER PRIMARY KEY, note TEXT NOT NULL) STRICT;
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
  BEGIN SELECT RAISE(ABORT, 'audit log entries are append-only'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
  BEGIN SELECT RAISE(ABORT, 'audit log entries are append-only'); END;
CREATE TRIGGER IF NOT EXISTS nodes_no_update BEFORE UPDATE ON nodes
  BEGIN SELECT RAISE(ABORT, 'audit log nodes are append-only'); END;
CREATE TRIGGER IF NOT EXISTS checkpoints_no_delete BEFORE DELETE ON checkpoints
  BEGIN SELECT RAISE(ABORT, 'audit log checkpoints are append-only'); END;
`;

/**
 * Row count, first and last idx, rows with sound column types, body lengths, and the leaf
 * inputs back to back. The ordered subquery runs as a co-routine over the rowid range (no
 * sort: `group_concat(... ORDER BY idx)` would copy every row into a temporary b-tree), and
 * NOT INDEXED keeps the planner on the rowid b-tree whatever statistics the file carries.
 */
const LEAF_INPUTS = `SELECT count(*), min(idx), max(idx),
  sum(typeof(body) = 'blob' AND typeof(leaf_hash) = 'blob' AND length(leaf_hash) = 32),
  group_concat(length(body), ','), CAST(group_concat(X'00' || body || leaf_hash, '') AS BLOB)
  FROM (SELECT idx, body, leaf_hash FROM entries NOT INDEXED WHERE idx >= ? AND idx < ? ORDER BY idx)`;

type LeafInputRow = [number, number, number, number, string, Buffer];

export interface OpenStoreOptions {
  /** Create the file (and its folder) when missing. */
  create: boolean;
  /** Milliseconds to wait for another writer. */
  busyTimeoutMs?: number;
  /**
   * A second, read-only connection beside one this process already holds (the verifier's
   * worker threads): no journal-mode changes on open or close.
   */
  readonly?: boolean;
}

export class LogStore {
  private readonly db: Database.Database;
  private readonly busyTimeoutMs: number;
  private closed = false;
  /** Close (folding the WAL) even when the process ends early; see core/cleanup. */
  private readonly releaseCleanup: () => void;
  private readonly readonly: boolean = false;
  private leafQuery: Database.Statement | null | undefined;

  constructor(
    readonly path: string,
    options: OpenStoreOptions,
  ) {
    if (!options.create && !existsSync(path)) throw new StoreError(`no audit log at ${path}`);
    if (options.create) {
      try {
        mkdirSync(dirname(path), { recursive: true });
      } catch (error) {
        // A read-only tree, or a file where the folder should be: the user's to fix.
        const reason = fsReason(error);
        if (reason) throw new StoreError(`cannot create the audit log folder ${dirname(path)}: ${reason}`);
        throw error;
      }
    }
    this.busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    try {
      this.db = new Database(path, {
        fileMustExist: !options.create,
        readonly: options.readonly ?? false,
        timeout: this.busyTimeoutMs,
      });
      this.readonly = options.readonly ?? false;
      if (!this.readonly) this.prepareFile(path, options);
    } catch (error) {
      throw translate(error, path, this.busyTimeoutMs);
    }
    // A read-only second connection changes nothing on close: nothing to fold on an early exit.
    this.releaseCleanup = this.readonly ? () => {} : onEarlyExit(() => this.close());
  }

  /** WAL, and the schema on a new file; refuses a file that is not ours. */
  private prepareFile(path: string, options: OpenStoreOptions): void {
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a killed process never loses a committed transaction.
    this.db.pragma('synchronous = NORMAL');
    const appId = this.db.pragma('application_id', { simple: true }) as number;
    const empty = (this.db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n === 0;
    if (!empty && appId !== APPLICATION_ID) throw new StoreError(`${path} is not a trust audit log`);
    if (empty) {
      if (!options.create) throw new StoreError(`${path} is empty, not a trust audit log`);
      this.db.exec(
        `BEGIN IMMEDIATE; ${SCHEMA} PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = 1; COMMIT;`,
      );
    }
  }

  meta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    return row?.value;
  }

  /** Set a meta value once; an existing different value is left alone and returned. */
  initMeta(key: string, value: string): string {
    this.db
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING')
      .run(key, value);
    return this.meta(key) ?? value;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  size(): number {
    const row = this.db.prepare('SELECT max(idx) AS m FROM entries').get() as { m: number | null };
    return row.m === null ? 0 : row.m + 1;
  }

  /** Run `work` in one BEGIN IMMEDIATE transaction: concurrent appenders queue on the lock. */
  writeTransaction<T>(work: () => T): T {
    try {
      return this.db.transaction(work).immediate();
    } catch (error) {
      throw translate(error, this.path, this.busyTimeoutMs);
    }
  }

  insert(rows: readonly NewRow[]): void {
    const entry = this.db.prepare(
      'INSERT INTO entries (idx, body, leaf_hash, kind, subject, ts) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const node = this.db.prepare('INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)');
    for (const r of rows) {
      entry.run(r.idx, r.body, r.leafHash, r.kind, r.subject ?? null, r.ts);
      for (const n of r.nodes) node.run(n.level, n.index, n.hash);
    }
  }

  /** Hash of perfect subtree (level, index); level 0 reads the leaf hash. */
  perfectHash(level: number, index: number): Buffer {
    const row =
      level === 0
        ? (this.db.prepare('SELECT leaf_hash AS hash FROM entries WHERE idx = ?').get(index) as
            | { hash: Buffer }
            | undefined)
        : (this.db.prepare('SELECT hash FROM nodes WHERE level = ? AND idx = ?').get(level, index) as
            | { hash: Buffer }
            | undefined);
    if (!row) throw new StoreError(`the node cache lacks subtree ${level}/${index}; run 'trust log verify'`);
    return row.hash;
  }

  /** Rows in index order, one at a time (the verifier's stream). */
  rows(from = 0): IterableIterator<EntryRow> {
    return this.db
      .prepare('SELECT idx, body, leaf_hash FROM entries WHERE idx >= ? ORDER BY idx')
      .iterate(from) as IterableIterator<EntryRow>;
  }

  /**
   * Entries [from, to) as views of `0x00 || body || leaf_hash` (the leaf hash input, then the
   * stored hash), read as one blob and one list of lengths per call instead of three values
   * per row: building a buffer per value was as costly as the hashing itself. Undefined unless
   * the file holds exactly those rows, each with a blob body and a 32-byte blob hash (the
   * verifier then reads row by row to say what is wrong), and unless the concatenation is
   * byte-exact and `idx` unique: SQLite joins blobs as text in the file's encoding, so UTF-8
   * only, and the entries table must be the one SCHEMA creates (idx the rowid).
   */
  leafInputs(from: number, to: number): Buffer[] | undefined {
    this.leafQuery ??= this.exactEntries() ? this.db.prepare(LEAF_INPUTS).raw() : null;
    if (!this.leafQuery) return undefined;
    const [count, first, last, sound, lengths, bytes] = this.leafQuery.get(from, to) as LeafInputRow;
    if (count !== to - from || first !== from || last !== to - 1 || sound !== count) return undefined;
    const out: Buffer[] = [];
    let at = 0;
    for (const length of lengths.split(',')) {
      const end = at + 1 + Number(length) + 32;
      out.push(bytes.subarray(at, end));
      at = end;
    }
    return at === bytes.length ? out : undefined;
  }

  private exactEntries(): boolean {
    const sql = this.db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'entries'");
    return this.db.pragma('encoding', { simple: true }) === 'UTF-8' && sql.pluck().get() === ENTRIES_TABLE;
  }

  row(idx: number): EntryRow | undefined {
    return this.db.prepare('SELECT idx, body, leaf_hash FROM entries WHERE idx = ?').get(idx) as
      | EntryRow
      | undefined;
  }

  /** Rows matching the untrusted query columns, newest last. */
  query(filter: { kinds?: string[]; subject?: string; since?: string }): IterableIterator<EntryRow> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.kinds?.length) {
      where.push(`kind IN (${filter.kinds.map(() => '?').join(',')})`);
      args.push(...filter.kinds);
    }
    if (filter.subject) {
      where.push('subject = ?');
      args.push(filter.subject);
    }
    if (filter.since) {
      where.push('ts >= ?');
      args.push(filter.since);
    }
    const sql = `SELECT idx, body, leaf_hash FROM entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY idx`;
    return this.db.prepare(sql).iterate(...args) as IterableIterator<EntryRow>;
  }

  /** The newest entry about `subject` of `kind`. */
  latestFor(kind: string, subject: string): EntryRow | undefined {
    return this.db
      .prepare(
        'SELECT idx, body, leaf_hash FROM entries WHERE subject = ? AND kind = ? ORDER BY idx DESC LIMIT 1',
      )
      .get(subject, kind) as EntryRow | undefined;
  }

  addCheckpoint(size: number, note: string): void {
    this.db
      .prepare(
        'INSERT INTO checkpoints (size, note) VALUES (?, ?) ON CONFLICT (size) DO UPDATE SET note = excluded.note',
      )
      .run(size, note);
  }

  checkpoints(): Array<{ size: number; note: string }> {
    return this.db.prepare('SELECT size, note FROM checkpoints ORDER BY size').all() as Array<{
      size: number;
      note: string;
    }>;
  }

  /** Fold the WAL into the main file and leave no -wal/-shm companion behind. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.releaseCleanup();
    if (this.readonly) {
      this.db.close();
      return;
    }
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      // Fails quietly (stays WAL) while another process has the file open; its close does it.
      this.db.pragma('journal_mode = DELETE');
    } catch {
      // Another connection holds a lock: SQLite still removes the WAL when the last one closes.
    } finally {
      this.db.close();
    }
  }
}

function translate(error: unknown, path: string, waitedMs: number): Error {
  if (error instanceof StoreError || error instanceof LogBusyError) return error;
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return new StoreError(`${path} is not a readable SQLite audit log (${code})`);
  // SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, ...), once the busy timeout ran out.
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new LogBusyError(path, waitedMs, { cause: error });
  if (code.startsWith('SQLITE_')) return new StoreError(`${path}: ${(error as Error).message} (${code})`);
  return error as Error;
}
