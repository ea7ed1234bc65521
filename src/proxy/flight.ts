/**
 * proxy/flight: one upstream response, fanned out live to every client waiting for it. The
 * first client of a cache id starts a flight; identical requests that arrive while it is in
 * the air join it and receive the bytes so far, then each chunk as it arrives (coalescing,
 * for streams too). Only when every client has gone is the upstream request cancelled.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

export type CacheHeader = 'HIT' | 'MISS' | 'BYPASS';

interface Sink {
  res: ServerResponse;
  coalesced: boolean;
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
  private readonly sinks = new Set<Sink>();
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

  join(res: ServerResponse, coalesced: boolean): void {
    const sink = { res, coalesced };
    this.sinks.add(sink);
    res.once('close', () => {
      this.sinks.delete(sink);
      if (this.sinks.size === 0 && !this.ended && !this.failed) this.onAbandon?.();
    });
    if (this.headers) {
      this.writeHead(sink);
      for (const c of this.chunks) res.write(c);
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
    if (this.keep) this.chunks.push(chunk);
    for (const sink of this.sinks) sink.res.write(chunk);
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
