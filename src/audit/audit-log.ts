/**
 * AuditLog: the append/read API other capabilities use. Builds each entry's envelope (seq,
 * ts, actor), checks its schema, NFC strings and that no registered secret is in it, stores
 * its canonical bytes and keeps the perfect-subtree cache current, all in one transaction.
 */
import { InputError } from '../core/errors.js';
import { redactor } from '../core/redact.js';
import { actorOf, type CiIdentity, ciIdentity } from './ci-identity.js';
import {
  type AuditEntry,
  ENTRY_SCHEMA,
  type EntryInput,
  type EntryKind,
  nonNfcPath,
  subjectOf,
} from './entries.js';
import { entryProblems } from './entry-schemas.js';
import { canonicalBytes } from './jcs.js';
import {
  CompactRange,
  consistencyProof,
  hashLeaf,
  inclusionProof,
  type PerfectNode,
  perfectCover,
  rangeHash,
} from './merkle.js';
import { FORMAT, LogStore, type NewRow, StoreError } from './store.js';

/**
 * An entry that cannot be recorded: a field past its schema's limits, a non-NFC string, or a
 * registered secret in it. Its fields come from the input (SARIF rule ids, paths, messages),
 * so this is bad input (exit 2, one line), not a bug: nothing is written.
 */
export class AuditEntryError extends InputError {}

export interface OpenAuditLogOptions {
  /** Origin recorded when the log is created; an existing log keeps its own. */
  origin?: string;
  /** Create the file when missing (default true). */
  create?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Who the entries are by, when a person decided (`trust triage mark`); default: the CI identity. */
  actor?: string;
  now?: () => Date;
  /** Milliseconds to wait for another process's lock (default 30 s). */
  busyTimeoutMs?: number;
}

export interface AppendedEntry {
  index: number;
  leafHash: Buffer;
  entry: AuditEntry;
}

export interface StoredEntry {
  index: number;
  bytes: Buffer;
  entry: AuditEntry;
}

export function openAuditLog(path: string, options: OpenAuditLogOptions = {}): AuditLog {
  const store = new LogStore(path, { create: options.create ?? true, busyTimeoutMs: options.busyTimeoutMs });
  try {
    const format = store.meta('format');
    if (format !== undefined && format !== FORMAT)
      throw new StoreError(`${path} has format ${format}, expected ${FORMAT}`);
    if (format === undefined) {
      if (!options.origin)
        throw new StoreError(`${path} is a new audit log: an origin is needed to create it`);
      store.writeTransaction(() => {
        store.initMeta('format', FORMAT);
        store.initMeta('origin', options.origin!);
      });
    }
    return new AuditLog(store, options);
  } catch (error) {
    store.close();
    throw error;
  }
}

export class AuditLog {
  readonly origin: string;
  private readonly identity: CiIdentity;
  private readonly actor: string;
  private readonly now: () => Date;
  /** The right edge at `cached.size`; reloaded when another process appended meanwhile. */
  private cached: CompactRange | undefined;

  constructor(
    private readonly store: LogStore,
    options: OpenAuditLogOptions,
  ) {
    this.origin = store.meta('origin') ?? '';
    this.identity = ciIdentity(options.env ?? process.env);
    this.actor = options.actor ?? actorOf(this.identity);
    this.now = options.now ?? (() => new Date());
  }

  get path(): string {
    return this.store.path;
  }

  get ci(): CiIdentity {
    return this.identity;
  }

  size(): number {
    return this.store.size();
  }

  append(entry: EntryInput): AppendedEntry {
    return this.appendMany([entry])[0]!;
  }

  /** Append in one transaction: all or nothing, at contiguous indices. */
  appendMany(entries: readonly EntryInput[]): AppendedEntry[] {
    if (entries.length === 0) return [];
    return this.store.writeTransaction(() => {
      const start = this.store.size();
      const range = this.rangeAt(start);
      const rows: NewRow[] = [];
      const out: AppendedEntry[] = [];
      try {
        entries.forEach((input, i) => {
          const entry = this.envelope(input, start + i);
          const body = checkedBytes(entry);
          const leafHash = hashLeaf(body);
          const nodes: PerfectNode[] = range.push(leafHash);
          rows.push({
            idx: start + i,
            body,
            leafHash,
            kind: entry.kind,
            subject: subjectOf(input),
            ts: entry.ts,
            nodes,
          });
          out.push({ index: start + i, leafHash, entry });
        });
        this.store.insert(rows);
      } catch (error) {
        this.cached = undefined;
        throw error;
      }
      this.cached = range;
      return out;
    });
  }

  private envelope(input: EntryInput, seq: number): AuditEntry {
    const { kind, ...fields } = input;
    return {
      schema: ENTRY_SCHEMA,
      seq,
      kind,
      v: 1,
      ts: this.now().toISOString(),
      actor: this.actor,
      ...fields,
    } as AuditEntry;
  }

  private rangeAt(size: number): CompactRange {
    if (this.cached?.size === size) return this.cached;
    const nodes = perfectCover(0, size).map(({ level, index }) => ({
      level,
      index,
      hash: this.store.perfectHash(level, index),
    }));
    return new CompactRange(size, nodes);
  }

  /** The tree head at `size` (default: now), from the subtree cache in O(log N). */
  root(size = this.size()): Buffer {
    return rangeHash(0, size, (l, i) => this.store.perfectHash(l, i));
  }

  inclusionProof(index: number, size = this.size()): Buffer[] {
    return inclusionProof(index, size, (l, i) => this.store.perfectHash(l, i));
  }

  consistencyProof(size1: number, size2 = this.size()): Buffer[] {
    return consistencyProof(size1, size2, (l, i) => this.store.perfectHash(l, i));
  }

  get(index: number): StoredEntry | undefined {
    const row = this.store.row(index);
    return (
      row && { index: row.idx, bytes: row.body, entry: JSON.parse(row.body.toString('utf8')) as AuditEntry }
    );
  }

  /** Entries by kind / finding / time (the query columns are a convenience; verify checks bodies). */
  *entries(filter: { kinds?: EntryKind[]; finding?: string; since?: string } = {}): Generator<StoredEntry> {
    for (const row of this.store.query({
      kinds: filter.kinds,
      subject: filter.finding,
      since: filter.since,
    })) {
      yield { index: row.idx, bytes: row.body, entry: JSON.parse(row.body.toString('utf8')) as AuditEntry };
    }
  }

  /** The newest triage entry for a finding fingerprint. */
  latestTriage(fingerprint: string): StoredEntry | undefined {
    const row = this.store.latestFor('triage', fingerprint);
    return (
      row && { index: row.idx, bytes: row.body, entry: JSON.parse(row.body.toString('utf8')) as AuditEntry }
    );
  }

  addCheckpoint(size: number, note: string): void {
    this.store.writeTransaction(() => this.store.addCheckpoint(size, note));
  }

  checkpoints(): Array<{ size: number; note: string }> {
    return this.store.checkpoints();
  }

  meta(key: string): string | undefined {
    return this.store.meta(key);
  }

  setMeta(key: string, value: string): void {
    this.store.writeTransaction(() => this.store.setMeta(key, value));
  }

  close(): void {
    this.store.close();
  }
}

function checkedBytes(entry: AuditEntry): Buffer {
  const problems = entryProblems(entry);
  if (problems.length > 0)
    throw new AuditEntryError(`cannot record a ${entry.kind} entry: ${problems.join('; ')}`);
  const path = nonNfcPath(entry);
  if (path) throw new AuditEntryError(`cannot record a ${entry.kind} entry: ${path} is not NFC-normalised`);
  const bytes = canonicalBytes(entry);
  const text = bytes.toString('utf8');
  // Secrets never reach the log: refuse, rather than store a redacted (unverifiable) copy.
  if (redactor.redact(text) !== text)
    throw new AuditEntryError(`refusing to record a secret in a ${entry.kind} entry`);
  return bytes;
}
