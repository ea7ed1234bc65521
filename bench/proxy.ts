/**
 * bench/proxy: what `trust proxy` adds to an LLM call (issue 13, acceptance 5).
 *
 *   npm run bench:proxy
 *   npm run bench:proxy -- --n 2000 --streams 500 --seconds 2 --rounds 3
 *
 * All on loopback: the fake upstream (test/servers/llm-server.ts, OpenAI wire format), the
 * proxy (`startProxy`, SQLite store) and this client each run in their own process
 * (bench/proxy-serve.ts). Every figure is measured against direct calls to the same upstream
 * in the same run, interleaved so drift on a loaded machine hits both alike:
 *   - added latency p50/p99 at concurrency 1, non-streaming chat, every request a miss
 *     (unique body: hash, forward, encrypt, store, meter), and a hit (read + decrypt);
 *   - requests per second at concurrency 16, misses and hits, as a ratio to direct;
 *   - added time to the first body byte of an SSE stream (the upstream spaces its events
 *     2 ms apart, so a proxy that buffered would show the whole stream here).
 * A bare relay (node:http + undici dispatch, no key check, cache or metering; proxy-serve
 * `relay`) is measured alongside as the floor any Node proxy pays before its own work.
 * Targets: added p50 < 0.5 ms, added p99 < 2 ms, c16 >= 0.3x direct, added first byte < 1 ms.
 * When `@portkey-ai/gateway` is installed (a bench-only devDependency), the same figures are
 * printed for it, pointed at the same upstream by x-portkey-custom-host. Nothing is asserted.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chatBody, cpuMs, quantile, send, type Target, target, throughput } from './proxy-load.js';
import { startPortkey } from './proxy-portkey.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const N = arg('n', 2000);
const STREAMS = arg('streams', 500);
const SECONDS = arg('seconds', 2);
const ROUNDS = arg('rounds', 3);
const UPSTREAM_KEY = 'sk-bench-upstream';
const RELAY = 'floor: bare node:http + undici relay';

const children: ChildProcess[] = [];

function serve(...args: string[]): Promise<{ url: string; key?: string; pid: number }> {
  const child = fork(fileURLToPath(new URL('./proxy-serve.js', import.meta.url)), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ ...(m as { url: string; key?: string }), pid: child.pid! }));
    child.once('exit', (code) => reject(new Error(`proxy-serve ${args[0]} exited ${code}`)));
  });
}

const f = (ms: number) => (Number.isNaN(ms) ? '    n/a' : `${ms.toFixed(3).padStart(7)}`);
const plus = (ms: number) => `${ms >= 0 ? '+' : ''}${ms.toFixed(3)}`;

interface Series {
  t: Target;
  miss: number[];
  hit: number[];
  first: number[];
  rpsMiss: number[];
  rpsHit: number[];
  /** The process whose CPU per request is reported: the upstream for direct, else the proxy. */
  pid: number;
  cpuMiss: number[];
  cpuHit: number[];
}

/** One c16 segment: requests per second, and CPU microseconds per request of `pid`. */
async function segment(s: Series, bodyOf: (i: number) => string): Promise<{ rps: number; cpu: number }> {
  const before = cpuMs(s.pid);
  const { rps, count } = await throughput(s.t, 16, SECONDS * 1000, bodyOf);
  return { rps, cpu: ((cpuMs(s.pid) - before) * 1000) / count };
}

async function main(): Promise<void> {
  const upstream = await serve('upstream');
  const trust = await serve('proxy', upstream.url);
  const relay = await serve('relay', upstream.url);
  const direct = target('direct', upstream.url, { authorization: `Bearer ${UPSTREAM_KEY}` });
  const fresh = (t: Target, pid: number): Series => ({
    t,
    pid,
    miss: [],
    hit: [],
    first: [],
    rpsMiss: [],
    rpsHit: [],
    cpuMiss: [],
    cpuHit: [],
  });
  const series = [
    fresh(direct, upstream.pid),
    fresh(target('trust proxy', trust.url, { authorization: `Bearer ${trust.key}` }), trust.pid),
    fresh(target(RELAY, relay.url, {}), relay.pid),
  ];
  const portkey = await startPortkey(createRequire(import.meta.url), upstream.url, UPSTREAM_KEY);
  if (portkey.target && portkey.pid) series.push(fresh(portkey.target, portkey.pid));
  let wrongCache = 0;
  const run = `${process.pid}-${Date.now()}`;
  try {
    for (const s of series)
      for (let i = 0; i < 300; i++) await send(s.t, chatBody(`warm-${run}-${i}`, i % 2 === 0));
    for (let i = 0; i < N; i++) {
      for (const s of series) {
        const miss = await send(s.t, chatBody(`${run}-${s.t.name}-${i}`, false));
        s.miss.push(miss.total);
        if (s.t.name !== 'trust proxy' || i === 0) continue;
        // The previous miss was stored after its response ended: now it is a hit.
        const hit = await send(s.t, chatBody(`${run}-${s.t.name}-${i - 1}`, false));
        if (hit.cache === 'HIT') s.hit.push(hit.total);
        else wrongCache++;
      }
    }
    for (let i = 0; i < STREAMS; i++)
      for (const s of series)
        s.first.push((await send(s.t, chatBody(`${run}-sse-${s.t.name}-${i}`, true))).first);
    for (let r = 0; r < ROUNDS; r++) {
      for (const s of series) {
        const miss = await segment(s, (i) => chatBody(`${run}-c16-${r}-${s.t.name}-${i}`, false));
        s.rpsMiss.push(miss.rps);
        s.cpuMiss.push(miss.cpu);
        if (s.t.name !== 'trust proxy') continue;
        const hit = await segment(s, (i) => chatBody(`${run}-trust proxy-${i % N}`, false));
        s.rpsHit.push(hit.rps);
        s.cpuHit.push(hit.cpu);
      }
    }
  } finally {
    for (const s of series) await s.t.pool.close();
    for (const c of children) c.disconnect();
    portkey.stop();
  }
  report(series, wrongCache, portkey.note);
}

function report(series: Series[], wrongCache: number, portkeyNote: string): void {
  const [direct] = series as [Series];
  const d50 = quantile(direct.miss, 0.5);
  const d99 = quantile(direct.miss, 0.99);
  const f50 = quantile(direct.first, 0.5);
  const f99 = quantile(direct.first, 0.99);
  const rps = quantile(direct.rpsMiss, 0.5);
  console.log(
    `trust proxy bench: loopback, fake upstream / proxy / client in separate processes; load average ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(
    `c1 non-streaming chat, n=${N} each, ms from send to last byte:      p50      p99   added p50 / p99`,
  );
  for (const s of series) {
    const p50 = quantile(s.miss, 0.5);
    const p99 = quantile(s.miss, 0.99);
    const label =
      s === direct ? 'direct (baseline)' : s.t.name === 'trust proxy' ? 'trust proxy, miss' : s.t.name;
    const added = s === direct ? '' : `   ${plus(p50 - d50)} / ${plus(p99 - d99)}`;
    console.log(`  ${label.padEnd(62)}${f(p50)}  ${f(p99)}${added}`);
    if (s.hit.length)
      console.log(
        `  ${'trust proxy, hit (lookup + decrypt, no upstream)'.padEnd(62)}${f(quantile(s.hit, 0.5))}  ${f(quantile(s.hit, 0.99))}   ${(quantile(s.hit, 0.5) / d50).toFixed(2)}x direct p50`,
      );
  }
  if (wrongCache) console.log(`  (${wrongCache} expected hits were not HIT and are left out)`);
  console.log(
    `SSE chat stream, n=${STREAMS} each, ms to first body byte:               p50      p99   added p50 / p99`,
  );
  for (const s of series) {
    const p50 = quantile(s.first, 0.5);
    const p99 = quantile(s.first, 0.99);
    const added = s === direct ? '' : `   ${plus(p50 - f50)} / ${plus(p99 - f99)}`;
    console.log(
      `  ${(s === direct ? 'direct (baseline)' : s.t.name).padEnd(62)}${f(p50)}  ${f(p99)}${added}`,
    );
  }
  console.log(`concurrency 16, ${SECONDS} s x ${ROUNDS} rounds, median requests/s:       req/s   vs direct`);
  for (const s of series) {
    const r = quantile(s.rpsMiss, 0.5);
    const label =
      s === direct ? 'direct (baseline)' : s.t.name === 'trust proxy' ? 'trust proxy, misses' : s.t.name;
    console.log(`  ${label.padEnd(62)}${r.toFixed(0).padStart(7)}   ${(r / rps).toFixed(2)}x`);
    if (s.rpsHit.length) {
      const h = quantile(s.rpsHit, 0.5);
      console.log(
        `  ${'trust proxy, hits'.padEnd(62)}${h.toFixed(0).padStart(7)}   ${(h / rps).toFixed(2)}x`,
      );
    }
  }
  const base = quantile(direct.cpuMiss, 0.5);
  console.log(`CPU per request at concurrency 16 (user + system, median of rounds):      µs   vs upstream`);
  const cpuRow = (label: string, us: number) =>
    console.log(`  ${label.padEnd(62)}${us.toFixed(0).padStart(7)}   ${(us / base).toFixed(2)}x`);
  cpuRow('upstream, answering a direct call (baseline)', base);
  for (const s of series.slice(1)) {
    cpuRow(
      s.t.name === 'trust proxy' ? 'trust proxy process, miss' : `${s.t.name} process`,
      quantile(s.cpuMiss, 0.5),
    );
    if (s.cpuHit.length) cpuRow('trust proxy process, hit', quantile(s.cpuHit, 0.5));
  }
  console.log('targets: added p50 < 0.5 ms, added p99 < 2 ms, c16 >= 0.3x direct, added first byte < 1 ms');
  console.log(portkeyNote);
}

await main();
