/**
 * trust proxy on a real Valkey/Redis server (valkey-server or redis-server on a free loopback
 * port, no persistence): no plaintext or key in any value, shred, and coalescing across two
 * proxies sharing the store. Skips, saying so, when neither binary is installed.
 */
import { Valkey } from 'iovalkey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestProxy,
  startValkey,
  type TestProxy,
  UPSTREAM_KEY,
  type ValkeyServer,
  valkeyBinary,
} from './proxy-helpers.js';
import { type LlmServer, startLlmServer } from './servers/llm-server.js';

const binary = valkeyBinary();
if (!binary)
  console.warn(
    'proxy-valkey tests skipped: no valkey-server or redis-server on PATH (apt-get install redis-server)',
  );

describe.skipIf(!binary)('trust proxy with --store valkey://', () => {
  let server: ValkeyServer;
  let upstream: LlmServer;
  let a: TestProxy;
  let b: TestProxy;
  beforeAll(async () => {
    server = await startValkey(binary!);
    upstream = await startLlmServer(() => ({ delayMs: 150, reply: { text: 'CANARY-VALKEY-ANSWER shared' } }));
    a = await startTestProxy(upstream, { store: server.url, orgs: ['red', 'blue'] });
    b = await startTestProxy(upstream, { store: server.url, keys: a.keys, orgs: [] });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await upstream?.close();
    await server?.stop();
  });

  const post = (px: TestProxy, org: string, content: string) =>
    fetch(`${px.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.keys[org]}` },
      body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content }] }),
    }).then(async (r) => ({ cache: r.headers.get('x-trust-cache'), body: await r.text() }));

  it('500 concurrent identical requests over two proxies make one upstream call', async () => {
    const before = upstream.calls.length;
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) => post(i % 2 ? a : b, 'red', 'CANARY-VALKEY-PROMPT one')),
    );
    expect(upstream.calls.length - before).toBe(1);
    expect(new Set(results.map((r) => r.body)).size).toBe(1);
  });

  it('no value in Valkey holds a prompt, an answer or a key; shred leaves the org unreadable', async () => {
    await post(a, 'blue', 'CANARY-VALKEY-PROMPT two');
    await new Promise((r) => setTimeout(r, 150));
    const client = new Valkey(server.port, '127.0.0.1');
    try {
      const keys = await client.keys('*');
      expect(keys.length).toBeGreaterThan(3);
      for (const key of keys) {
        const type = await client.type(key);
        const values =
          type === 'list'
            ? await client.lrangeBuffer(key, 0, -1)
            : [(await client.getBuffer(key)) ?? Buffer.alloc(0)];
        for (const v of values)
          for (const secret of ['CANARY', a.keys.red!, a.keys.blue!, UPSTREAM_KEY])
            expect(v.includes(Buffer.from(secret)), `${key} holds ${secret.slice(0, 8)}`).toBe(false);
      }
      expect(await a.store.shred('red')).toBe(1);
      expect(await a.store.orgSecret('red')).toBeUndefined();
      expect((await client.keys('trust:proxy:e:red:*')).length).toBe(0);
      expect((await client.keys('trust:proxy:e:blue:*')).length).toBe(1);
    } finally {
      client.disconnect();
    }
  });
});
