/**
 * Shared by the proxy tests: a proxy started in-process on 127.0.0.1 in front of the
 * loopback fake upstream (servers/llm-server.ts), with a real store, a master key and
 * proxy keys for as many orgs as a test needs; and a real redis-server/valkey-server.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import {
  createProxyKey,
  openStore,
  parseMasterKey,
  type RunningProxy,
  startProxy,
} from '../src/proxy/index.js';
import type { CacheStore } from '../src/proxy/store.js';
import { parseUpstream } from '../src/proxy/upstream.js';
import { TRUST_BIN } from './helpers/run-trust.js';
import type { LlmServer } from './servers/llm-server.js';

export const UPSTREAM_KEY = 'sk-upstream-provider-key-7f3e9a1c5b';
export const MASTER_B64 = randomBytes(32).toString('base64');

export interface TestProxy {
  proxy: RunningProxy;
  store: CacheStore;
  url: string;
  dir: string;
  errors: unknown[];
  keys: Record<string, string>;
  close(): Promise<void>;
}

export async function startTestProxy(
  upstream: Pick<LlmServer, 'url'>,
  options: {
    orgs?: string[];
    store?: string;
    master?: string;
    dir?: string;
    keys?: Record<string, string>;
    maxEntryBytes?: number;
  } = {},
): Promise<TestProxy> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'trust-proxy-'));
  const store = await openStore(options.store ?? join(dir, 'cache.db'), dir);
  const master = parseMasterKey(options.master ?? MASTER_B64);
  await store.checkMaster(master.kid);
  const keys: Record<string, string> = { ...options.keys };
  for (const org of options.orgs ?? ['acme']) keys[org] ??= (await createProxyKey(store, org)).key;
  const errors: unknown[] = [];
  const proxy = await startProxy({
    store,
    master,
    host: '127.0.0.1',
    port: 0,
    upstreams: {
      openai: parseUpstream(upstream.url, 'openai'),
      anthropic: parseUpstream(upstream.url, 'anthropic'),
    },
    providerKeys: { openai: UPSTREAM_KEY, anthropic: UPSTREAM_KEY },
    passThroughKeys: true,
    ttlSeconds: 3600,
    ...(options.maxEntryBytes ? { maxEntryBytes: options.maxEntryBytes } : {}),
    onError: (e) => errors.push(e),
  });
  return { proxy, store, url: proxy.url, dir, errors, keys, close: () => proxy.close() };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The valkey-server or redis-server binary on PATH, if any. */
export function valkeyBinary(): string | undefined {
  for (const name of ['valkey-server', 'redis-server']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
    } catch {}
  }
  return undefined;
}

export interface ValkeyServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A throwaway server on a free loopback port, no persistence. */
export async function startValkey(binary: string): Promise<ValkeyServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('valkey did not start')), 10_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (/ready to accept connections/i.test(d.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`valkey exited ${code}`)));
  });
  return {
    url: `valkey://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface CliProxy {
  url: string;
  port: number;
  child: ResultPromise;
  /** SIGTERM, then the exit code and everything it wrote to stderr. */
  stop(): Promise<{ exitCode: number | undefined; stderr: string }>;
}

/** `trust proxy start --json ...args` (the built binary) until it reports where it listens. */
export async function startCliProxy(
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<CliProxy> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  const child = execa(process.execPath, [TRUST_BIN, 'proxy', 'start', '--json', ...args], {
    cwd: options.cwd,
    env: { ...env, ...options.env },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const started = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      try {
        resolve(JSON.parse(out) as { url: string; port: number });
      } catch {}
    });
    void child.then((r) => reject(new Error(`trust proxy start exited ${r.exitCode}: ${err}`)));
  });
  return {
    ...started,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      const r = await child;
      return { exitCode: r.exitCode, stderr: err };
    },
  };
}
