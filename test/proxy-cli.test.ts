/**
 * `trust proxy start` as a user runs it (the built binary): `--port 0` binds a free port and
 * reports the real one (stderr line and --json), and every `trust proxy` flag whose name is
 * not its option's (--port, --host, --store, --ttl, --price) reaches the command.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runTrust } from './helpers/run-trust.js';
import { startCliProxy, UPSTREAM_KEY } from './proxy-helpers.js';
import { type LlmServer, startLlmServer } from './servers/llm-server.js';

const MASTER = randomBytes(32).toString('base64');
let upstream: LlmServer;

beforeAll(async () => {
  upstream = await startLlmServer((call) => ({
    text: `answer to ${call.user}`,
    usage: { input: 1000, output: 500 },
  }));
});
afterAll(async () => upstream?.close());

async function setup(): Promise<{ dir: string; store: string; key: string; env: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'trust-proxy-cli-'));
  const store = join(dir, 'team', 'cache.db');
  const r = await runTrust(['proxy', 'keys', 'create', '--org', 'ci', '--store', store, '--json'], {
    cwd: dir,
  });
  expect(r.exitCode, r.stderr).toBe(0);
  const { key } = JSON.parse(r.stdout) as { key: string };
  return { dir, store, key, env: { TRUST_MASTER_KEY: MASTER, OPENAI_API_KEY: UPSTREAM_KEY } };
}

const chat = (url: string, key: string, content: string, model = 'gpt-4.1') =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
  }).then(async (r) => ({ status: r.status, cache: r.headers.get('x-trust-cache'), body: await r.text() }));

describe('trust proxy start flags', () => {
  it('--port 0 binds a free port and reports the real one; two at once get two ports', async () => {
    const { dir, store, key, env } = await setup();
    const args = ['--port', '0', '--store', store, '--openai-upstream', upstream.url];
    const [a, b] = await Promise.all([
      startCliProxy(args, { cwd: dir, env }),
      startCliProxy(args, { cwd: dir, env }),
    ]);
    try {
      for (const p of [a, b]) {
        expect(p.port).toBeGreaterThan(0);
        expect(p.port).not.toBe(8790);
        expect(p.url).toBe(`http://127.0.0.1:${p.port}`);
      }
      expect(a.port).not.toBe(b.port);
      const reply = await chat(a.url, key, 'port zero');
      expect(reply).toMatchObject({ status: 200, cache: 'MISS' });
      expect(reply.body).toContain('answer to port zero');
      expect((await chat(b.url, key, 'port zero')).cache).toBe('HIT');
    } finally {
      const stopped = await a.stop();
      await b.stop();
      expect(stopped.exitCode).toBe(0);
      expect(stopped.stderr).toContain(`trust proxy listening on ${a.url} (sqlite store)`);
    }
    // --store named the file: nothing went to the default .trust/cache.db.
    expect(existsSync(store)).toBe(true);
    expect(existsSync(join(dir, '.trust', 'cache.db'))).toBe(false);
  });

  it('TRUST_PROXY_PORT=0 and --host reach the server', async () => {
    const { dir, store, key, env } = await setup();
    const p = await startCliProxy(
      ['--host', '127.0.0.2', '--store', store, '--openai-upstream', upstream.url],
      {
        cwd: dir,
        env: { ...env, TRUST_PROXY_PORT: '0' },
      },
    );
    try {
      expect(p.url).toBe(`http://127.0.0.2:${p.port}`);
      expect((await chat(p.url, key, 'host flag')).status).toBe(200);
    } finally {
      expect((await p.stop()).exitCode).toBe(0);
    }
  });

  it('--price prices the calls and --ttl expires entries', async () => {
    const { dir, store, key, env } = await setup();
    const p = await startCliProxy(
      [
        '--port',
        '0',
        '--store',
        store,
        '--openai-upstream',
        upstream.url,
        '--ttl',
        '1',
        '--price',
        'house-model=1000,2000',
      ],
      { cwd: dir, env },
    );
    let third: string | null;
    try {
      expect((await chat(p.url, key, 'priced', 'house-model-v2')).cache).toBe('MISS');
      expect((await chat(p.url, key, 'priced', 'house-model-v2')).cache).toBe('HIT');
      await new Promise((r) => setTimeout(r, 1500));
      third = (await chat(p.url, key, 'priced', 'house-model-v2')).cache;
    } finally {
      expect((await p.stop()).exitCode).toBe(0);
    }
    expect(third).toBe('MISS');
    const stats = await runTrust(['proxy', 'stats', '--store', store, '--json'], { cwd: dir });
    expect(stats.exitCode, stats.stderr).toBe(0);
    const [row] = JSON.parse(stats.stdout) as {
      model: string;
      misses: number;
      hits: number;
      costUsd: number;
    }[];
    // 1000 input tokens at $1000/M + 500 output at $2000/M = $2 per miss; a hit costs nothing.
    expect(row).toMatchObject({ model: 'house-model-v2', misses: 2, hits: 1, costUsd: 4, savedUsd: 2 });
  });

  it('a port that is not one is a one-line usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trust-proxy-cli-'));
    const r = await runTrust(['proxy', 'start', '--port', '70000'], {
      cwd: dir,
      env: { TRUST_MASTER_KEY: MASTER },
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe('trust: --port: 70000 is not a port (0 to 65535; 0 picks a free one)');
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
