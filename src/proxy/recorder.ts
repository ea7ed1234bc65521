/**
 * proxy/recorder: per-request metadata rows, written in batches after the response has gone,
 * so a store write never sits between a client and its answer.
 */
import type { CacheStore, CallRecord } from './store.js';

const BATCH = 256;
const DELAY_MS = 50;

export class Recorder {
  private queue: CallRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: CacheStore,
    private readonly onError: (error: unknown) => void,
  ) {}

  add(row: CallRecord): void {
    this.queue.push(row);
    if (this.queue.length >= BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), DELAY_MS);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.queue;
    this.queue = [];
    if (rows.length) this.writing = this.writing.then(() => this.store.recordCalls(rows)).catch(this.onError);
    return this.writing;
  }
}
