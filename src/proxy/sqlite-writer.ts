/**
 * proxy/sqlite-writer: the SQLite store's writes (cache entries and call rows) committed on a
 * worker thread with its own connection to the same WAL file, so the B-tree inserts, the WAL
 * appends and the checkpoints of a miss never run on the thread that serves requests (they
 * were a fifth of a miss's CPU there). An entry can come as plaintext with its org key, to
 * be sealed here (envelope.ts's sealEnvelope, the same source) just before it is written, so
 * a miss's AES-GCM does not run on the serving thread either; only the envelope reaches the
 * file. The worker is started at the first write, holds the process open only while a write
 * is outstanding, and commits each job in one transaction. A job's bytes travel packed in one
 * buffer that is moved to the worker, not cloned, and zeroed there once committed.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { type SealWith, sealEnvelope } from './envelope.js';
import type { CallRecord } from './store.js';

export const PUT_SQL = 'INSERT OR REPLACE INTO entries (id, org, envelope, expires_at) VALUES (?, ?, ?, ?)';
export const PURGE_SQL = 'DELETE FROM entries WHERE expires_at <= ?';
export const CALL_SQL = `INSERT INTO calls (ts, org, key_id, provider, model, path, input_tokens, output_tokens,
  cache_read_tokens, cache_write_tokens, cost_usd, saved_usd, latency_ms, cache, status, fingerprint)
 VALUES (@ts, @org, @keyId, @provider, @model, @path, @inputTokens, @outputTokens,
  @cacheReadTokens, @cacheWriteTokens, @costUsd, @savedUsd, @latencyMs, @cache, @status, @fingerprint)`;

/** An entry to write: its envelope, or (with `seal`) its plaintext, sealed before it is written. */
export type EntryRow = [id: string, org: string, bytes: Buffer, expiresAt: number, seal?: SealWith];

export interface WriteJob {
  entries: EntryRow[];
  calls: CallRecord[];
}

// Evaluated source (not a file beside this one), so the same writer runs from the built
// dist and from the TypeScript sources under test. The pragmas are per connection: the
// worker's deletes (purge, replace) overwrite freed bytes too.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const crypto = require('node:crypto');
const sealEnvelope = ${sealEnvelope.toString()};
let q;
function open() {
  const db = new Database(workerData.path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('secure_delete = ON');
  db.pragma('busy_timeout = 5000');
  const put = db.prepare(workerData.put);
  const purge = db.prepare(workerData.purge);
  const call = db.prepare(workerData.call);
  const tx = db.transaction((entries, packed, calls, now) => {
    for (const [id, org, expiresAt, at] of entries) {
      const part = (i) => Buffer.from(packed, at[2 * i], at[2 * i + 1]);
      const bytes = part(0);
      put.run(id, org, at.length === 2 ? bytes : sealEnvelope(crypto, part(1), part(2), part(3), bytes), expiresAt);
    }
    for (const row of calls) call.run(row);
    // Expired entries go now and then, not on every write.
    if (entries.length && Math.random() < 0.01 * entries.length) purge.run(now);
  });
  return { db, tx };
}
parentPort.on('message', (job) => {
  try {
    q ??= open();
    q.tx(job.entries, job.packed, job.calls, Date.now());
    parentPort.postMessage({ seq: job.seq });
  } catch (error) {
    parentPort.postMessage({ seq: job.seq, error: String((error && error.message) || error) });
  } finally {
    // The plaintexts and org keys of the job: nothing of them stays in this thread's memory.
    new Uint8Array(job.packed).fill(0);
  }
});
`;

/** An entry as sent: [id, org, expiresAt, offset and length in `packed` of bytes (, org key, kid, aad)]. */
type PackedRow = [id: string, org: string, expiresAt: number, at: number[]];

/**
 * Copies the entries' bytes into one buffer of exactly their size. Cloning a Buffer clones
 * all of the memory it is a view of (for a small Buffer, an 8 KiB slab of Node's pool shared
 * with unrelated data): a batch cost ~0.5 ms to send and carried ~16 KiB per entry.
 */
function pack(rows: EntryRow[]): { entries: PackedRow[]; packed: ArrayBuffer } {
  let size = 0;
  for (const [, , bytes, , seal] of rows)
    size += bytes.length + (seal ? seal[0].length + seal[1].length + seal[2].length : 0);
  const packed = new ArrayBuffer(size);
  const into = new Uint8Array(packed);
  let offset = 0;
  const place = (at: number[], part: Buffer) => {
    into.set(part, offset);
    at.push(offset, part.length);
    offset += part.length;
  };
  const entries = rows.map(([id, org, bytes, expiresAt, seal]): PackedRow => {
    const at: number[] = [];
    for (const part of seal ? [bytes, ...seal] : [bytes]) place(at, part);
    return [id, org, expiresAt, at];
  });
  return { entries, packed };
}

interface Waiting {
  resolve: () => void;
  reject: (error: Error) => void;
  done: Promise<void>;
}

export class SqliteWriter {
  private worker: Worker | undefined;
  private seq = 0;
  private readonly waiting = new Map<number, Waiting>();

  constructor(private readonly path: string) {}

  /** Resolves once the job is committed; rejects with SQLite's message when it is not. */
  write(job: WriteJob): Promise<void> {
    this.worker ??= this.start();
    const worker = this.worker;
    const seq = ++this.seq;
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    if (this.waiting.size === 0) worker.ref();
    this.waiting.set(seq, { resolve, reject, done });
    const { entries, packed } = pack(job.entries);
    worker.postMessage({ seq, entries, packed, calls: job.calls }, [packed]);
    return done;
  }

  /** Starts the thread and opens its connection, so the first commit does not wait for either. */
  warm(): Promise<void> {
    return this.write({ entries: [], calls: [] });
  }

  /** Resolves when every write so far has settled (committed or failed). */
  async idle(): Promise<void> {
    while (this.waiting.size) await Promise.allSettled([...this.waiting.values()].map((w) => w.done));
  }

  async close(): Promise<void> {
    await this.idle();
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(SOURCE, {
      eval: true,
      workerData: {
        path: this.path,
        sqlite: createRequire(import.meta.url).resolve('better-sqlite3'),
        put: PUT_SQL,
        purge: PURGE_SQL,
        call: CALL_SQL,
      },
    });
    worker.on('message', (m: { seq: number; error?: string }) => this.settle(m.seq, m.error));
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const seq of [...this.waiting.keys()]) this.settle(seq, error.message);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the SQLite writer thread exited (${code})`)));
    worker.unref();
    return worker;
  }

  private settle(seq: number, error: string | undefined): void {
    const w = this.waiting.get(seq);
    if (!w) return;
    this.waiting.delete(seq);
    if (error === undefined) w.resolve();
    else w.reject(new Error(error));
    if (this.waiting.size === 0) this.worker?.unref();
  }
}
