/**
 * proxy/handler: the life of one request. Authenticate the proxy key; pass uncacheable
 * requests straight through (BYPASS, bodies streamed both ways); otherwise hash the request
 * into its org's cache id, join an identical request already in the air, serve a hit
 * (decrypted), or forward a miss chunk by chunk and store it only once it is known complete.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Agent } from 'undici';
import { costOfUsage, type Price, priceOf } from '../core/pricing.js';
import type { Authenticator, Principal } from './api-keys.js';
import { cacheId } from './cache-key.js';
import { type Credentials, credentialFingerprint, presented } from './credentials.js';
import { decodeEntry, encodeEntry, replayedHeaders } from './entry.js';
import { associatedData, decryptEntry, encryptEntry, type SealWith } from './envelope.js';
import { Flight } from './flight.js';
import { forward } from './forward.js';
import type { KeyRing } from './keyring.js';
import { awaitPeer } from './peer-lock.js';
import type { Recorder } from './recorder.js';
import { type Provider, type Route, routeOf } from './routes.js';
import { parseSse, streamComplete } from './sse.js';
import type { CacheOutcome, CacheStore, CallRecord } from './store.js';
import type { UpstreamBase } from './upstream.js';
import { type Metered, meterEnds, meterSse, meterSseEnds, meterValue } from './usage.js';

export interface HandlerDeps {
  store: CacheStore;
  keyring: KeyRing;
  auth: Authenticator;
  credentials: Credentials;
  recorder: Recorder;
  dispatcher: Agent;
  upstreams: Record<Provider, UpstreamBase>;
  ttlSeconds: number;
  prices?: Record<string, Price>;
  /** Largest response kept for the cache (bigger ones are forwarded, not stored). */
  maxEntryBytes: number;
  onError: (error: unknown) => void;
}

interface Follower {
  principal: Principal;
  t0: number;
  t1?: number;
}

interface InAir {
  flight: Flight;
  followers: Follower[];
}

export interface Handler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Resolves when every request (including its cache write after the response) is done. */
  drain(): Promise<void>;
}

/** Entries handed to a store that seals them off this thread, by id, until they are stored. */
type Sealing = Map<string, { org: string; plain: Buffer }>;

export function createHandler(deps: HandlerDeps): Handler {
  const flights = new Map<string, InAir>();
  const sealing: Sealing = new Map();
  const running = new Set<Promise<void>>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const work = handle(deps, flights, sealing, req, res).catch((error: unknown) => {
      deps.onError(error);
      if (!res.headersSent) sendError(res, 500, 'trust proxy: internal error');
      else res.destroy();
    });
    running.add(work);
    void work.finally(() => running.delete(work));
  };
  handler.drain = async () => {
    while (running.size) await Promise.allSettled([...running]);
  };
  return handler;
}

function sendError(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ error: { message, type: 'trust_proxy_error', param: null, code: status } });
  res.writeHead(status, { 'content-type': 'application/json', 'x-trust-cache': 'BYPASS' }).end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

async function handle(
  deps: HandlerDeps,
  flights: Map<string, InAir>,
  sealing: Sealing,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const t0 = performance.now();
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const route = routeOf(req.method ?? 'GET', pathname, req.headers['anthropic-version'] !== undefined);
  if (!route) return sendError(res, 404, 'trust proxy serves /v1/* only');
  const who = presented(req.headers);
  const principal = await deps.auth.authenticate(who.token);
  if (!principal) return sendError(res, 401, 'trust proxy: missing, unknown or revoked proxy key');
  const upstream = deps.credentials.for(route.provider, who);
  const base = deps.upstreams[route.provider];
  const cc = String(req.headers['cache-control'] ?? '').toLowerCase();
  const call: Call = { deps, req, res, route, principal, t0, url, base, credential: upstream.credential };
  if (!route.cacheable || cc.includes('no-store')) return bypass(call, req);
  const body = await readBody(req);
  const json = parseJson(body);
  if (json === undefined) return bypass(call, body);
  const keys = await deps.keyring.keys(principal.org);
  const id = cacheId(keys.index, {
    org: principal.org,
    provider: route.provider,
    method: req.method ?? 'POST',
    path: url,
    upstream: base.url,
    credential: credentialFingerprint(keys.index, upstream),
    body: json,
  });
  const noCache = cc.includes('no-cache');
  const inAir = noCache ? undefined : flights.get(id);
  if (inAir) {
    const follower: Follower = { principal, t0 };
    res.once('close', () => (follower.t1 = performance.now()));
    inAir.followers.push(follower);
    inAir.flight.join(res, true);
    return;
  }
  const flight = new Flight();
  const air: InAir = { flight, followers: [] };
  flight.limit = deps.maxEntryBytes;
  if (!noCache) {
    flights.set(id, air);
    // Too big to keep, so nobody can be given the bytes so far: later requests go upstream.
    flight.onOverflow = () => flights.get(id) === air && flights.delete(id);
  }
  flight.join(res, false);
  const aad = associatedData(principal.org, id);
  const requestModel =
    typeof (json as { model?: unknown }).model === 'string' ? (json as { model: string }).model : '';
  let locked = false;
  let stored: Promise<void> | undefined;
  try {
    if (!noCache) {
      const held = sealing.get(id);
      if (held?.org === principal.org) return serveHit(call, air, decodeEntry(held.plain), id);
      let envelope = await deps.store.getEntry(principal.org, id);
      if (!envelope && deps.store.kind === 'valkey') {
        const peer = await awaitPeer(deps.store, principal.org, id);
        envelope = peer.envelope;
        locked = peer.locked;
      }
      const entry = envelope && openEntry(keys.wrap, aad, envelope);
      if (entry) return serveHit(call, air, entry, id);
    }
    const sent = await forward({
      ...call,
      dispatcher: deps.dispatcher,
      provider: route.provider,
      path: url,
      body,
      flight,
    });
    const ok = sent.complete && sent.status >= 200 && sent.status < 300;
    const metered = ok ? meter(route, sent.stream, flight) : { complete: false, metered: {} as Metered };
    const model = metered.metered.model ?? requestModel;
    const usage = metered.metered.usage;
    const cost = usage ? (costOfUsage(priceOf(model, deps.prices), usage) ?? null) : null;
    record(call, air, id, model, sent.status, 'miss', usage, cost);
    if (ok && metered.complete && !flight.overflowed) {
      const plain = encodeEntry(
        { status: sent.status, headers: replayedHeaders(flight.headers ?? {}), model, usage, costUsd: cost },
        flight.ends().start,
      );
      stored = store(deps, sealing, principal.org, id, plain, [keys.wrap, deps.keyring.master.kid, aad]);
    }
  } finally {
    // A put is readable as soon as it is queued (SQLite holds it until its commit; Valkey
    // runs a later GET after the SET on the same connection): from here a repeat is a hit.
    if (flights.get(id) === air) flights.delete(id);
    try {
      await stored;
    } finally {
      if (locked) await deps.store.releaseLock(id);
    }
  }
}

interface Call {
  deps: HandlerDeps;
  req: IncomingMessage;
  res: ServerResponse;
  route: Route;
  principal: Principal;
  t0: number;
  url: string;
  base: UpstreamBase;
  credential: ReturnType<Credentials['for']>['credential'];
}

/**
 * Usage and completeness of an answer that ended. One too big to keep whole is metered from
 * its two ends and is never complete (it is not stored).
 */
function meter(route: Route, stream: boolean, flight: Flight): { complete: boolean; metered: Metered } {
  const { start: body, end } = flight.ends();
  if (flight.overflowed) {
    const metered = stream ? meterSseEnds(route.provider, body, end) : meterEnds(route.provider, body, end);
    return { complete: false, metered };
  }
  if (stream) {
    const events = parseSse(body.toString('utf8'));
    return { complete: streamComplete(route.family, events), metered: meterSse(route.provider, events) };
  }
  const json = parseJson(body);
  // A body that is not JSON (a truncated or foreign answer) is never cached.
  if (json === undefined) return { complete: false, metered: {} };
  return { complete: true, metered: meterValue(route.provider, json) };
}

/**
 * Where the store seals entries itself (SQLite: on its writer thread), the plaintext is
 * handed over and kept here until it is stored, so a repeat is a hit meanwhile; otherwise
 * the entry is sealed here and the store reads it back at once.
 */
function store(deps: HandlerDeps, sealing: Sealing, org: string, id: string, plain: Buffer, seal: SealWith) {
  if (!deps.store.sealAndPut)
    return deps.store.putEntry(org, id, encryptEntry(...seal, plain), deps.ttlSeconds);
  const held = { org, plain };
  sealing.set(id, held);
  return deps.store.sealAndPut(org, id, plain, seal, deps.ttlSeconds).finally(() => {
    if (sealing.get(id) === held) sealing.delete(id);
  });
}

type Entry = ReturnType<typeof decodeEntry>;

function openEntry(wrapKey: Buffer, aad: Buffer, envelope: Buffer): Entry | undefined {
  try {
    return decodeEntry(decryptEntry(wrapKey, aad, envelope));
  } catch {
    // Written under another master key or org salt (rotated, shredded) or tampered: a miss.
    return undefined;
  }
}

function serveHit(call: Call, air: InAir, entry: Entry, id: string): void {
  const { flight } = air;
  flight.cache = 'HIT';
  flight.head(entry.head.status, { ...entry.head.headers, 'content-length': entry.body.length });
  flight.data(entry.body);
  flight.end();
  const saved = entry.head.costUsd;
  row(call, call.principal, call.t0, id, entry.head.model, entry.head.status, 'hit', undefined, 0, saved);
  for (const f of air.followers)
    row(call, f.principal, f.t0, id, entry.head.model, entry.head.status, 'hit', undefined, 0, saved, f.t1);
}

async function bypass(call: Call, body: Buffer | IncomingMessage): Promise<void> {
  const flight = new Flight();
  flight.cache = 'BYPASS';
  // Only a cacheable route's answer is kept, to meter its usage.
  flight.keep = call.route.cacheable;
  flight.limit = call.deps.maxEntryBytes;
  flight.join(call.res, false);
  const sent = await forward({
    ...call,
    dispatcher: call.deps.dispatcher,
    provider: call.route.provider,
    path: call.url,
    body,
    flight,
  });
  if (!call.route.cacheable)
    return row(call, call.principal, call.t0, '', '', sent.status, 'bypass', undefined, null, null);
  const { metered } = sent.complete ? meter(call.route, sent.stream, flight) : { metered: {} as Metered };
  const model = metered.model ?? '';
  const cost = metered.usage ? (costOfUsage(priceOf(model, call.deps.prices), metered.usage) ?? null) : null;
  row(call, call.principal, call.t0, '', model, sent.status, 'bypass', metered.usage, cost, null);
}

function record(
  call: Call,
  air: InAir,
  id: string,
  model: string,
  status: number,
  outcome: CacheOutcome,
  usage: Metered['usage'],
  cost: number | null,
): void {
  row(call, call.principal, call.t0, id, model, status, outcome, usage, cost, null);
  for (const f of air.followers)
    row(call, f.principal, f.t0, id, model, status, 'coalesced', undefined, 0, cost, f.t1);
}

function row(
  call: Call,
  principal: Principal,
  t0: number,
  fingerprint: string,
  model: string,
  status: number,
  cache: CacheOutcome,
  usage: Metered['usage'],
  costUsd: number | null,
  savedUsd: number | null,
  t1 = performance.now(),
): void {
  const rec: CallRecord = {
    ts: new Date().toISOString(),
    org: principal.org,
    keyId: principal.keyId,
    provider: call.route.provider,
    model,
    path: call.url.split('?')[0] ?? call.url,
    inputTokens: usage?.input ?? 0,
    outputTokens: usage?.output ?? 0,
    cacheReadTokens: usage?.cacheRead ?? 0,
    cacheWriteTokens: (usage?.cacheWrite ?? 0) + (usage?.cacheWrite1h ?? 0),
    costUsd,
    savedUsd,
    latencyMs: Math.round((t1 - t0) * 1000) / 1000,
    cache,
    status,
    fingerprint,
  };
  call.deps.recorder.add(rec);
}
