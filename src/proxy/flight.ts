/**
 * proxy/flight: one upstream response, fanned out live to every client waiting for it. The
 * first client of a cache id starts a flight; identical requests that arrive while it is in
 * the air join it and receive the bytes so far, then each chunk as it arrives (coalescing,
 * for streams too). Only when every client has gone is the upstream request cancelled.
 *
 * The bytes are held for the cache only up to `limit`: past it the flight keeps just the
 * start and the end of the answer (enough to meter its usage), and nobody can join any more.
 * While any client's socket is full the upstream is paused (the slowest client sets the
 * pace), so a slow client never makes the proxy buffer an answer in memory.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

export type CacheHeader = 'HIT' | 'MISS' | 'BYPASS';

interface Sink {
  res: ServerResponse;
  coalesced: boolean;
}

/** What is kept of each end of an answer too big to keep whole (usage sits at one end or the other). */
export const END_BYTES = 64 * 1024;

/** What can pause and resume the source of the bytes (undici's dispatch controller). */
export interface Throttle {
  pause(): void;
  resume(): void;
}

export class Flight {
  status = 0;
  headers: OutgoingHttpHeaders | undefined;
  readonly chunks: Buffer[] = [];
  ended = false;
  failed = false;
  /** Set by the leader before head(): MISS from upstream, HIT from the cache, BYPASS uncached. */
  cache: CacheHeader = 'MISS';
  /** False for pass-through: nobody can join, so the chunks need not be kept. */
  keep = true;
  /** The most bytes kept whole; `overflowed` once the answer grew past it. */
  limit = Number.POSITIVE_INFINITY;
  size = 0;
  overflowed = false;
  /** Called once when the answer outgrows `limit` (from then on nobody may join). */
  onOverflow: (() => void) | undefined;
  private start: Buffer | undefined;
  private readonly tail: Buffer[] = [];
  private tailBytes = 0;
  private readonly sinks = new Set<Sink>();
  private readonly full = new Set<Sink>();
  private throttle: Throttle | undefined;
  private onAbandon: (() => void) | undefined;
  private readonly finished: Promise<void>;
  private settle!: () => void;

  constructor() {
    this.finished = new Promise((r) => (this.settle = r));
  }

  get done(): Promise<void> {
    return this.finished;
  }

  /** Called when every client has disconnected before the end (cancel upstream). */
  abandonWith(fn: () => void): void {
    this.onAbandon = fn;
  }

  get audience(): number {
    return this.sinks.size;
  }

  /** The upstream is paused through `t` while a client cannot take more. */
  throttleWith(t: Throttle): void {
    this.throttle = t;
  }

  join(res: ServerResponse, coalesced: boolean): void {
    const sink = { res, coalesced };
    this.sinks.add(sink);
    res.once('close', () => {
      this.sinks.delete(sink);
      this.relieve(sink);
      if (this.sinks.size === 0 && !this.ended && !this.failed) this.onAbandon?.();
    });
    if (this.headers) {
      this.writeHead(sink);
      for (const c of this.chunks) this.send(sink, c);
    }
    if (this.ended) res.end();
    else if (this.failed) res.destroy();
  }

  head(status: number, headers: OutgoingHttpHeaders): void {
    this.status = status;
    this.headers = headers;
    for (const sink of this.sinks) this.writeHead(sink);
  }

  data(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.keep) {
      if (this.size <= this.limit) this.chunks.push(chunk);
      else this.overflow(chunk);
    } else if (this.overflowed) this.keepEnd(chunk);
    for (const sink of this.sinks) this.send(sink, chunk);
  }

  /** The whole answer as kept, or (once it overflowed) its first and last END_BYTES. */
  ends(): { start: Buffer; end: Buffer } {
    if (!this.overflowed) {
      const whole = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
      return { start: whole, end: Buffer.alloc(0) };
    }
    return { start: this.start ?? Buffer.alloc(0), end: Buffer.concat(this.tail) };
  }

  end(): void {
    this.ended = true;
    for (const sink of this.sinks) sink.res.end();
    this.settle();
  }

  /** The upstream broke off: every client sees the cut (a destroyed connection, not a clean end). */
  fail(): void {
    this.failed = true;
    for (const sink of this.sinks) sink.res.destroy();
    this.settle();
  }

  private overflow(chunk: Buffer): void {
    const all = Buffer.concat([...this.chunks, chunk]);
    this.chunks.length = 0;
    this.keep = false;
    this.overflowed = true;
    // Copies: the views would hold the whole concatenation alive.
    this.start = Buffer.from(all.subarray(0, END_BYTES));
    const end = Buffer.from(all.subarray(Math.max(END_BYTES, all.length - END_BYTES)));
    this.tail.push(end);
    this.tailBytes = end.length;
    this.onOverflow?.();
  }

  private keepEnd(chunk: Buffer): void {
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tail.length > 1 && this.tailBytes - this.tail[0]!.length >= END_BYTES)
      this.tailBytes -= this.tail.shift()!.length;
  }

  private send(sink: Sink, chunk: Buffer): void {
    if (sink.res.write(chunk) || this.full.has(sink)) return;
    this.full.add(sink);
    if (this.full.size === 1) this.throttle?.pause();
    sink.res.once('drain', () => this.relieve(sink));
  }

  private relieve(sink: Sink): void {
    if (this.full.delete(sink) && this.full.size === 0) this.throttle?.resume();
  }

  private writeHead(sink: Sink): void {
    const extra: OutgoingHttpHeaders = { 'x-trust-cache': this.cache };
    if (sink.coalesced && this.cache === 'MISS') extra['x-trust-coalesced'] = '1';
    sink.res.writeHead(this.status, { ...this.headers, ...extra });
    // A body that may trickle (a stream, no length) gets its headers now, not with its first
    // chunk; a whole body (JSON with a length, a hit) takes them in the same write: one
    // syscall and one packet fewer per response.
    if (this.trickles()) sink.res.flushHeaders();
  }

  private trickles(): boolean {
    if (this.cache === 'HIT') return false;
    const type = String(this.headers?.['content-type'] ?? '');
    return type.includes('text/event-stream') || this.headers?.['content-length'] === undefined;
  }
}
