/**
 * bench/proxy-load: the client side of bench/proxy. One undici Pool per target with
 * keep-alive connections (what an SDK holds), requests timed from send to last byte, and the
 * first body byte of a stream timed apart.
 */
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';

export interface Target {
  name: string;
  pool: Pool;
  /** Credentials and routing headers sent with every request. */
  headers: Record<string, string>;
}

export function target(name: string, url: string, headers: Record<string, string>): Target {
  return { name, pool: new Pool(url, { connections: 32, keepAliveTimeout: 30_000, pipelining: 1 }), headers };
}

export interface Timed {
  /** Send to last body byte, ms. */
  total: number;
  /** Send to first body byte, ms. */
  first: number;
  status: number;
  cache: string;
}

export function chatBody(tag: string, stream: boolean): string {
  return JSON.stringify({
    model: 'gpt-4.1-mini',
    messages: [
      { role: 'system', content: 'You triage static-analysis findings. Answer in one sentence.' },
      { role: 'user', content: `Is finding ${tag} (js/sql-injection in src/db/query.js:42) real?` },
    ],
    temperature: 0,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

export async function send(t: Target, body: string): Promise<Timed> {
  const start = performance.now();
  const res = await t.pool.request({
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { 'content-type': 'application/json', ...t.headers },
    body,
  });
  let first = 0;
  for await (const _ of res.body) if (first === 0) first = performance.now() - start;
  const total = performance.now() - start;
  if (res.statusCode !== 200) throw new Error(`${t.name}: HTTP ${res.statusCode}`);
  return {
    total,
    first: first || total,
    status: res.statusCode,
    cache: String(res.headers['x-trust-cache'] ?? ''),
  };
}

/** Requests per second with `concurrency` workers sending `bodyOf(i)` for `ms` milliseconds. */
export async function throughput(
  t: Target,
  concurrency: number,
  ms: number,
  bodyOf: (i: number) => string,
): Promise<{ rps: number; count: number }> {
  let next = 0;
  let done = 0;
  const start = performance.now();
  const until = start + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await send(t, bodyOf(next++));
        done++;
      }
    }),
  );
  return { rps: done / ((performance.now() - start) / 1000), count: done };
}

/**
 * CPU time (user + system, ms) a process has used, from /proc (Linux; NaN elsewhere). On a
 * loaded machine wall time is mostly waiting for a core; CPU per request is not.
 */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, in clock ticks of 10 ms (CLK_TCK 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
