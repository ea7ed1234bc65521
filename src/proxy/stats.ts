/**
 * proxy/stats: the metadata summarized by org, model and day: requests, hits, tokens, what
 * was paid and what the cache saved.
 */
import type { CallRecord } from './store.js';

export interface StatsRow {
  day: string;
  org: string;
  model: string;
  requests: number;
  hits: number;
  misses: number;
  bypassed: number;
  coalesced: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
  savedUsd: number;
  /** Requests whose cost is unknown (no price for the model, or no usage reported). */
  unpriced: number;
  avgLatencyMs: number;
}

export function summarize(calls: CallRecord[], filter: { org?: string; since?: string } = {}): StatsRow[] {
  const rows = new Map<string, StatsRow>();
  for (const c of calls) {
    if (filter.org && c.org !== filter.org) continue;
    if (filter.since && c.ts < filter.since) continue;
    const day = c.ts.slice(0, 10);
    const key = `${day}\0${c.org}\0${c.model}`;
    let r = rows.get(key);
    if (!r) {
      r = {
        day,
        org: c.org,
        model: c.model || '(unknown)',
        requests: 0,
        hits: 0,
        misses: 0,
        bypassed: 0,
        coalesced: 0,
        inputTokens: 0,
        outputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        costUsd: 0,
        savedUsd: 0,
        unpriced: 0,
        avgLatencyMs: 0,
      };
      rows.set(key, r);
    }
    r.requests++;
    if (c.cache === 'hit') r.hits++;
    else if (c.cache === 'miss') r.misses++;
    else if (c.cache === 'bypass') r.bypassed++;
    else r.coalesced++;
    r.inputTokens += c.inputTokens;
    r.outputTokens += c.outputTokens;
    r.cacheReadTokens += c.cacheReadTokens;
    r.cacheWriteTokens += c.cacheWriteTokens;
    if (c.costUsd === null) r.unpriced++;
    else r.costUsd += c.costUsd;
    r.savedUsd += c.savedUsd ?? 0;
    r.avgLatencyMs += (c.latencyMs - r.avgLatencyMs) / r.requests;
  }
  return [...rows.values()].sort((a, b) =>
    a.day === b.day
      ? a.org === b.org
        ? a.model.localeCompare(b.model)
        : a.org.localeCompare(b.org)
      : a.day.localeCompare(b.day),
  );
}
