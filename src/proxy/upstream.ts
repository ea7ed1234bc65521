/**
 * proxy/upstream: the provider side. One undici Agent with keep-alive connections; request
 * headers are the client's minus hop-by-hop and credentials, plus the upstream credential;
 * the response is asked for uncompressed so a stream can be checked for its terminal event.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { Agent } from 'undici';
import { ConfigError } from '../core/errors.js';

export interface UpstreamBase {
  /** "https://api.openai.com" */
  origin: string;
  /** Path prefix before /v1 (Azure-style hosts), "" for the providers' own hosts. */
  prefix: string;
  /** The normalized base URL, part of every cache key. */
  url: string;
}

export function parseUpstream(text: string, what: string): UpstreamBase {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${what}: not a URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`${what}: must be http(s)://`);
  const prefix = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return { origin: url.origin, prefix, url: `${url.origin}${prefix}` };
}

export function createDispatcher(): Agent {
  return new Agent({ keepAliveTimeout: 30_000, connections: 256, pipelining: 1 });
}

const DROPPED = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'accept-encoding',
  'authorization',
  'x-api-key',
]);

export interface Credential {
  header: 'authorization' | 'x-api-key';
  value: string;
}

export function requestHeaders(
  incoming: IncomingHttpHeaders,
  credential: Credential | undefined,
  length: number | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(incoming)) {
    if (v === undefined || DROPPED.has(k) || k.startsWith('x-trust-')) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  out['accept-encoding'] = 'identity';
  if (length !== undefined) out['content-length'] = String(length);
  else if (incoming['content-length']) out['content-length'] = String(incoming['content-length']);
  if (credential) out[credential.header] = credential.value;
  return out;
}

const HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'trailer',
]);

export function responseHeaders(headers: Record<string, string | string[] | undefined>): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP.has(k)) out[k] = v;
  return out;
}
