/**
 * proxy/entry: the plaintext of a cache entry (encrypted before it reaches a store): a JSON
 * header line (status, replayed headers, model, usage and what the call cost) and then the
 * response body exactly as the upstream sent it, so a hit replays the same bytes.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { TokenUsage } from '../core/pricing.js';

export interface EntryHead {
  status: number;
  headers: Record<string, string>;
  model: string;
  usage?: TokenUsage;
  costUsd: number | null;
}

export function encodeEntry(head: EntryHead, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${JSON.stringify(head)}\n`, 'utf8'), body]);
}

export function decodeEntry(plain: Buffer): { head: EntryHead; body: Buffer } {
  const nl = plain.indexOf(10);
  return {
    head: JSON.parse(plain.subarray(0, nl).toString('utf8')) as EntryHead,
    body: plain.subarray(nl + 1),
  };
}

// Replayed on a hit: what a client parses. Rate-limit, date and cookie headers are stale by then.
const KEPT = new Set([
  'content-type',
  'x-request-id',
  'request-id',
  'openai-version',
  'openai-processing-ms',
]);

export function replayedHeaders(headers: OutgoingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (KEPT.has(k) && typeof v === 'string') out[k] = v;
  return out;
}
