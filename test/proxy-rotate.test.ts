/**
 * `trust proxy rotate` end to end, on the SQLite file and on a real Valkey/Redis server: the
 * built binary fills the cache through `trust proxy start`, rotates TRUST_MASTER_KEY to
 * TRUST_NEW_MASTER_KEY, and a proxy on the new key answers every earlier request from the
 * cache, byte for byte. Rotation re-wraps data keys only (the content ciphertext of every
 * entry is the same bytes after it), and a wrong current key changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Valkey } from 'iovalkey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runTrust } from './helpers/run-trust.js';
import {
  startCliProxy,
  startValkey,
  UPSTREAM_KEY,
  type ValkeyServer,
  valkeyBinary,
} from './proxy-helpers.js';
import { type LlmServer, startLlmServer } from './servers/llm-server.js';

const binary = valkeyBinary();
if (!binary)
  console.warn(
    'proxy-rotate on Valkey skipped: no valkey-server or redis-server on PATH (apt-get install redis-server)',
  );

const OLD = randomBytes(32).toString('base64');
const NEW = randomBytes(32).toString('base64');
/** version(1) | kid(8) | wrapIv(12) | wrappedKey(32) | wrapTag(16): what rotation rewrites. */
const WRAPPED = 1 + 8 + 12 + 32 + 16;

let upstream: LlmServer;
let valkey: ValkeyServer | undefined;

beforeAll(async () => {
  upstream = await startLlmServer((call) => ({
    text: `answer to ${call.user}`,
    usage: { input: 30, output: 9 },
  }));
  if (binary) valkey = await startValkey(binary);
});
afterAll(async () => {
  await upstream?.close();
  await valkey?.stop();
});

/** Every entry envelope in the store, by key, read straight from its raw bytes. */
async function envelopes(store: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (store.startsWith('valkey://')) {
    const client = new Valkey(Number(new URL(store).port), '127.0.0.1');
    try {
      for (const key of await client.keys('trust:proxy:e:*')) out.set(key, (await client.getBuffer(key))!);
    } finally {
      client.disconnect();
    }
    return out;
  }
  const db = new Database(store, { readonly: true });
  try {
    for (const row of db.prepare('SELECT id, envelope FROM entries').all() as {
      id: string;
      envelope: Buffer;
    }[])
      out.set(row.id, row.envelope);
  } finally {
    db.close();
  }
  return out;
}

const requests = [
  {
    path: '/v1/chat/completions',
    body: { model: 'gpt-4.1', messages: [{ role: 'user', content: 'rotate json' }] },
  },
  {
    path: '/v1/chat/completions',
    body: {
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'rotate stream' }],
      stream: true,
      stream_options: { include_usage: true },
    },
  },
  {
    path: '/v1/messages',
    body: {
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'rotate anthropic' }],
    },
  },
];

async function callAll(url: string, keys: Record<string, string>) {
  const out: { org: string; cache: string | null; body: string }[] = [];
  for (const [org, key] of Object.entries(keys))
    for (const r of requests) {
      const res = await fetch(`${url}${r.path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${key}`,
          ...(r.path === '/v1/messages' ? { 'anthropic-version': '2023-06-01' } : {}),
        },
        body: JSON.stringify(r.body),
      });
      out.push({ org, cache: res.headers.get('x-trust-cache'), body: await res.text() });
    }
  return out;
}

const stores = [
  { name: 'SQLite', skip: false, spec: (dir: string) => join(dir, 'cache.db') },
  { name: 'Valkey', skip: !binary, spec: () => valkey!.url },
];

describe.each(stores)('trust proxy rotate ($name)', ({ skip, spec }) => {
  it.skipIf(skip)(
    're-wraps every entry without touching content; old key refused; every entry a byte-identical hit under the new key',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'trust-rotate-'));
      const store = spec(dir);
      const env = { OPENAI_API_KEY: UPSTREAM_KEY, ANTHROPIC_API_KEY: UPSTREAM_KEY };
      const keys: Record<string, string> = {};
      for (const org of ['red', 'blue']) {
        const r = await runTrust(['proxy', 'keys', 'create', '--org', org, '--store', store, '--json'], {
          cwd: dir,
        });
        expect(r.exitCode, r.stderr).toBe(0);
        keys[org] = (JSON.parse(r.stdout) as { key: string }).key;
      }
      const serve = [
        '--port',
        '0',
        '--store',
        store,
        '--openai-upstream',
        upstream.url,
        '--anthropic-upstream',
        upstream.url,
      ];

      const first = await startCliProxy(serve, { cwd: dir, env: { ...env, TRUST_MASTER_KEY: OLD } });
      const misses = await callAll(first.url, keys);
      expect((await first.stop()).exitCode).toBe(0);
      expect(misses.map((m) => m.cache)).toEqual(Array(6).fill('MISS'));
      const before = await envelopes(store);
      expect(before.size).toBe(6);
      const calls = upstream.calls.length;

      const rotated = await runTrust(['proxy', 'rotate', '--store', store, '--json'], {
        cwd: dir,
        env: { TRUST_MASTER_KEY: OLD, TRUST_NEW_MASTER_KEY: NEW },
      });
      expect(rotated.exitCode, rotated.stderr).toBe(0);
      expect(JSON.parse(rotated.stdout)).toEqual({ orgs: 2, entries: 6 });
      const after = await envelopes(store);
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [id, old] of before) {
        const now = after.get(id)!;
        expect(now.subarray(0, WRAPPED).equals(old.subarray(0, WRAPPED))).toBe(false);
        expect(now.subarray(WRAPPED).equals(old.subarray(WRAPPED))).toBe(true);
      }

      // The old key is refused in one line, and neither it nor a stale rotation writes anything.
      const stale = await runTrust(['proxy', 'start', ...serve], {
        cwd: dir,
        env: { ...env, TRUST_MASTER_KEY: OLD },
      });
      expect(stale.exitCode).toBe(2);
      expect(stale.stderr.trim().split('\n')).toHaveLength(1);
      expect(stale.stderr).toContain('does not match');
      expect(hasStackTrace(stale.stderr)).toBe(false);
      const again = await runTrust(['proxy', 'rotate', '--store', store], {
        cwd: dir,
        env: { TRUST_MASTER_KEY: OLD, TRUST_NEW_MASTER_KEY: randomBytes(32).toString('base64') },
      });
      expect(again.exitCode).toBe(2);
      const untouched = await envelopes(store);
      for (const [id, env2] of after) expect(untouched.get(id)?.equals(env2)).toBe(true);

      const second = await startCliProxy(serve, { cwd: dir, env: { ...env, TRUST_MASTER_KEY: NEW } });
      const hits = await callAll(second.url, keys);
      expect((await second.stop()).exitCode).toBe(0);
      expect(hits.map((h) => h.cache)).toEqual(Array(6).fill('HIT'));
      expect(hits.map((h) => h.body)).toEqual(misses.map((m) => m.body));
      expect(upstream.calls.length).toBe(calls);
    },
  );
});
