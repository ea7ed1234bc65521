/**
 * llm/transport: the fetch both SDKs are given. It is injectable (so the proxy cache can sit
 * in between, or a test can watch) and metered: every request body's bytes are counted, which
 * is what bench/llm-exposure reports as "bytes sent".
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface TransportMeter {
  requests: number;
  bytesSent: number;
}

export function newMeter(): TransportMeter {
  return { requests: 0, bytesSent: 0 };
}

/**
 * What the HTTP exchanges of one structured call saw, set by callStructured around the
 * provider call (the SDK's fetch runs in that async context, so concurrent calls never mix).
 */
export interface Exchange {
  /** The last response came from a trust proxy cache (x-trust-cache: HIT). */
  cached: boolean;
}

export const exchange = new AsyncLocalStorage<Exchange>();

export function meteredFetch(inner: FetchLike, meter: TransportMeter): FetchLike {
  return async (input, init) => {
    meter.requests++;
    meter.bytesSent += bodyBytes(init?.body);
    const response = await inner(input, init);
    const seen = exchange.getStore();
    if (seen) seen.cached = response.headers.get('x-trust-cache') === 'HIT';
    return response;
  };
}

function bodyBytes(body: unknown): number {
  if (body === undefined || body === null) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body, 'utf8');
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof URLSearchParams) return Buffer.byteLength(body.toString(), 'utf8');
  return 0;
}
