/**
 * Streaming verification of a log file: every row once in index order (O(N) time), folded
 * into a compact range (O(log N) memory). Names the first failure's class and index:
 * a body that no longer matches its leaf hash (modified), a gap or a renumbered shift
 * (deleted), an extra copy (inserted), a swap (reordered), a non-canonical or schema-invalid
 * entry, a stored or trusted checkpoint whose root differs (modified / forked), checkpoints
 * beyond the end (truncated, rolled-back), and checkpoint signatures (bad / unknown key).
 */
import { CheckpointError, openCheckpoint, parseSignedCheckpoint } from './checkpoint.js';
import { CompactRange } from './merkle.js';
import type { Verifier } from './note.js';
import { DEFAULT_BUSY_TIMEOUT_MS, FORMAT, LogBusyError, LogStore, StoreError } from './store.js';
import { checkRow } from './verify-entry.js';
import { foldSignedPrefix } from './verify-signed.js';

export const FAILURE_CLASSES = [
  'modified',
  'deleted',
  'inserted',
  'reordered',
  'truncated',
  'rolled-back',
  'forked',
  'bad-signature',
  'unknown-key',
  'wrong-origin',
  'malformed-checkpoint',
  'non-canonical',
  'invalid-entry',
  'corrupt',
  'no-trusted-checkpoint',
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

export interface VerifyFailure {
  class: FailureClass;
  /** The first entry index involved (for a checkpoint problem: the last entry it covers). */
  index: number;
  message: string;
  checkpointSize?: number;
  /** Both sides of a disagreement (checkpoint texts), as transferable evidence. */
  evidence?: string[];
}

export interface TrustedCheckpoint {
  note: string;
  /** Where it came from, for messages ("--trusted-checkpoint .trust/checkpoint"). */
  source: string;
}

export interface VerifyOptions {
  verifiers: readonly Verifier[];
  /** The carried-forward checkpoint(s) presented for this run. */
  trusted?: readonly TrustedCheckpoint[];
  /**
   * Earlier versions of the carried-forward checkpoint (e.g. from `git log` of
   * .trust/checkpoint). Each must be consistent with the log too, and a presented checkpoint
   * older than one of them is a replay (rolled-back).
   */
  history?: readonly TrustedCheckpoint[];
  /** Accept a log with no carried-forward checkpoint (first run). */
  bootstrap?: boolean;
  /** Milliseconds to wait for another process's lock (default 30 s). */
  busyTimeoutMs?: number;
  /**
   * Parse and check every entry (canonical form, schema, seq), also those a signed checkpoint
   * covers; by default those are checked by leaf hash against the signed root alone
   * (verify-signed.ts says why that is sound).
   */
  deep?: boolean;
}

export interface VerifyReport {
  ok: boolean;
  origin: string;
  size: number;
  /** base64 root of all entries read. */
  root: string;
  failures: VerifyFailure[];
  /** Stored checkpoints whose signature and root were checked. */
  checkpointsChecked: number;
  latestCheckpointSize?: number;
  trustedSize?: number;
  /** Entries after the newest signed checkpoint. */
  pending: number;
  /** Entries checked by leaf hash against a signed root only, without parsing (0 with deep). */
  rootOnly: number;
  /** Threads that folded the signed entries (worker threads on a large log, else 1). */
  threads: number;
  warnings: string[];
}

interface OpenedCheckpoint {
  size: number;
  root: Buffer;
  note: string;
  source: string;
}

export function verifyLog(path: string, options: VerifyOptions): VerifyReport {
  let store: LogStore;
  try {
    store = new LogStore(path, { create: false, busyTimeoutMs: options.busyTimeoutMs });
  } catch (error) {
    // A locked log is not a tampered one: that is exit 3 (try again), not a failed verification.
    if (error instanceof LogBusyError) throw error;
    return corrupt(error);
  }
  try {
    return new Verification(store, options).run();
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY'))
      throw new LogBusyError(path, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS, { cause: error });
    if (error instanceof StoreError || code.startsWith('SQLITE_')) return corrupt(error);
    throw error;
  } finally {
    store.close();
  }
}

function corrupt(error: unknown): VerifyReport {
  const message = (error as Error).message;
  return {
    ok: false,
    origin: '',
    size: 0,
    root: '',
    failures: [{ class: 'corrupt', index: 0, message }],
    checkpointsChecked: 0,
    pending: 0,
    rootOnly: 0,
    threads: 1,
    warnings: [],
  };
}

class Verification {
  private readonly failures: VerifyFailure[] = [];
  private readonly warnings: string[] = [];
  private readonly origin: string;
  private readonly stored: OpenedCheckpoint[] = [];
  private readonly trusted: OpenedCheckpoint[] = [];
  private range = new CompactRange();
  /** Entries the fast pass verified against a signed root, and on how many threads. */
  private rootOnly = 0;
  private threads = 1;
  /** Sizes that have a checkpoint to compare with (built once all are opened). */
  private sizes: Set<number> | undefined;
  /** Largest size at which the log agreed with a trusted checkpoint. */
  private agreedSize = 0;
  /** Largest size at which the log agreed with its own signed checkpoint. */
  private storedAgreedSize = 0;

  constructor(
    private readonly store: LogStore,
    private readonly options: VerifyOptions,
  ) {
    const format = store.meta('format');
    if (format !== FORMAT) throw new StoreError(`${store.path}: unknown log format ${format ?? '(none)'}`);
    this.origin = store.meta('origin') ?? '';
  }

  run(): VerifyReport {
    for (const { size, note } of this.store.checkpoints()) {
      const cp = this.open(note, `stored checkpoint ${size}`, size);
      if (cp && cp.size !== size)
        this.fail(
          'malformed-checkpoint',
          size,
          `stored checkpoint row ${size} holds a checkpoint of size ${cp.size}`,
        );
      else if (cp) this.stored.push(cp);
    }
    const presented: OpenedCheckpoint[] = [];
    for (const t of this.options.trusted ?? []) {
      const cp = this.open(t.note, t.source, undefined);
      if (cp) presented.push(cp);
    }
    this.trusted.push(...presented);
    for (const t of this.options.history ?? []) {
      const cp = this.open(t.note, t.source, undefined);
      if (cp) this.trusted.push(cp);
    }
    this.checkReplay(presented);
    if ((this.options.trusted ?? []).length === 0) {
      if (this.options.bootstrap)
        this.warnings.push('no trusted checkpoint: verified the log against itself only (--bootstrap)');
      else
        this.fail(
          'no-trusted-checkpoint',
          0,
          'no carried-forward checkpoint to verify against (pass --trusted-checkpoint, or --bootstrap on a first run)',
        );
    }
    this.checkAt(0);
    const completed = this.stream();
    const size = this.range.size;
    if (completed) this.checkTail(size);
    const latest = this.stored.filter((c) => c.size <= size).at(-1);
    const pending = size - (latest?.size ?? 0);
    if (completed && pending > 0)
      this.warnings.push(
        `${pending} entr${pending === 1 ? 'y is' : 'ies are'} not yet covered by a signed checkpoint`,
      );
    this.failures.sort((a, b) => a.index - b.index);
    return {
      ok: this.failures.length === 0,
      origin: this.origin,
      size,
      root: this.range.root().toString('base64'),
      failures: this.failures,
      checkpointsChecked: this.stored.filter((c) => c.size <= size).length,
      latestCheckpointSize: latest?.size,
      trustedSize: this.trusted.length ? Math.max(...this.trusted.map((t) => t.size)) : undefined,
      pending,
      rootOnly: this.rootOnly,
      threads: this.threads,
      warnings: this.warnings,
    };
  }

  private open(note: string, source: string, storedSize: number | undefined): OpenedCheckpoint | undefined {
    try {
      const cp = openCheckpoint(note, this.options.verifiers, this.origin);
      return { size: cp.size, root: cp.root, note, source };
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      let size = storedSize;
      try {
        size ??= parseSignedCheckpoint(note).size;
      } catch {
        // unparseable: no size to name
      }
      const cls: FailureClass = error.reason === 'malformed' ? 'malformed-checkpoint' : error.reason;
      this.fail(cls, Math.max(0, (size ?? 1) - 1), `${source}: ${error.message}`, size);
      return undefined;
    }
  }

  private fail(
    cls: FailureClass,
    index: number,
    message: string,
    checkpointSize?: number,
    evidence?: string[],
  ): void {
    this.failures.push({ class: cls, index, message, checkpointSize, evidence });
  }

  /** Returns true when every row was read without an entry-level failure. */
  private stream(): boolean {
    if (!this.options.deep) {
      const sizes = [...new Set([...this.stored, ...this.trusted].map((c) => c.size))].sort((a, b) => a - b);
      const fast = foldSignedPrefix(this.store, sizes, (size, root) => this.agrees(size, root));
      this.range = fast.range;
      this.threads = fast.threads;
      this.rootOnly = this.range.size;
    }
    const rows = this.store.rows(this.range.size);
    try {
      let next = rows.next();
      while (!next.done) {
        const row = next.value;
        next = rows.next();
        const expected = this.range.size;
        if (row.idx !== expected) {
          const missing =
            row.idx - 1 === expected ? `entry ${expected} is` : `entries ${expected}..${row.idx - 1} are`;
          this.fail('deleted', expected, `${missing} missing (the next stored index is ${row.idx})`);
          return false;
        }
        const problem = checkRow(row, next.done ? undefined : next.value);
        if (problem) {
          this.failures.push(problem);
          return false;
        }
        this.range.append(row.leaf_hash);
        this.checkAt(this.range.size);
      }
      return true;
    } finally {
      rows.return?.();
    }
  }

  /** True when every checkpoint of this size has this root (then recorded as agreed). */
  private agrees(size: number, root: Buffer): boolean {
    const all = [...this.stored, ...this.trusted].filter((c) => c.size === size);
    if (!all.every((c) => c.root.equals(root))) return false;
    this.checkAt(size, root);
    return true;
  }

  /** Compare the running root with every stored and trusted checkpoint of this size. */
  private checkAt(size: number, root?: Buffer): void {
    // Called once per entry: a set lookup keeps the pass O(N) however many checkpoints there are.
    this.sizes ??= new Set([...this.stored, ...this.trusted].map((c) => c.size));
    if (!this.sizes.has(size)) return;
    const stored = this.stored.filter((c) => c.size === size);
    const trusted = this.trusted.filter((c) => c.size === size);
    root ??= this.range.root();
    for (const cp of stored) {
      if (cp.root.equals(root)) {
        this.storedAgreedSize = size;
        continue;
      }
      this.fail(
        'modified',
        this.storedAgreedSize,
        `entries ${this.storedAgreedSize}..${size - 1} were rewritten with recomputed hashes: the root at size ${size} differs from the log's signed checkpoint`,
        size,
      );
    }
    for (const cp of trusted) {
      if (cp.root.equals(root)) {
        this.agreedSize = size;
        continue;
      }
      const ours = stored.find((s) => !s.root.equals(cp.root));
      this.fail(
        'forked',
        this.agreedSize,
        `SECURITY ERROR: at size ${size} this log's root differs from the trusted checkpoint (${cp.source}); the logs diverge at or after entry ${this.agreedSize}`,
        size,
        [
          cp.note,
          ours?.note ?? `${this.origin}\n${size}\n${root.toString('base64')}\n(computed, unsigned)\n`,
        ],
      );
    }
  }

  /** A presented checkpoint older than one seen before is a replay: the state was rolled back. */
  private checkReplay(presented: OpenedCheckpoint[]): void {
    if (presented.length === 0) return;
    const newest = presented.reduce((a, b) => (b.size > a.size ? b : a));
    const seen = this.trusted.filter((c) => c.size > newest.size).at(-1);
    if (!seen) return;
    this.fail(
      'rolled-back',
      newest.size,
      `the presented checkpoint (${newest.source}, size ${newest.size}) is older than one carried forward before (${seen.source}, size ${seen.size}): an older checkpoint was replayed`,
      newest.size,
      [newest.note, seen.note],
    );
  }

  private checkTail(size: number): void {
    const widest = (list: OpenedCheckpoint[]) =>
      list
        .filter((c) => c.size > size)
        .reduce<OpenedCheckpoint | undefined>((a, b) => (a && a.size >= b.size ? a : b), undefined);
    const own = widest(this.stored);
    const carried = widest(this.trusted);
    const cover = own ?? carried;
    if (!cover) return;
    const missing = cover.size - 1 === size ? `entry ${size} is` : `entries ${size}..${cover.size - 1} are`;
    let why = `the log's own checkpoint for size ${cover.size} covers ${cover.size - 1 === size ? 'it' : 'them'}`;
    if (!own) {
      const head = this.stored.filter((c) => c.size <= size).at(-1);
      why = `${cover.source} covers ${cover.size} entries`;
      if (head?.size === size) {
        why += `; the log's newest signed checkpoint is at size ${size}: it was re-signed after truncation, or an older copy of the file was restored`;
      }
    }
    this.fail('truncated', size, `${missing} missing: ${why}`, cover.size);
  }
}
