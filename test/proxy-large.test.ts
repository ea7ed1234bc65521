/**
 * trust proxy with answers too big to cache and clients too slow to keep up: an answer past
 * the entry limit is forwarded whole, never stored, still metered from its two ends, and not
 * joined by later requests; a client that stops reading pauses the upstream instead of
 * making the proxy hold the answer in memory.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestProxy, type TestProxy } from './proxy-helpers.js';
import { startLlmServer } from './servers/llm-server.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

const LIMIT = 100_000;

function post(px: TestProxy, path: string, body: unknown) {
  const anthropic = path === '/v1/messages';
  return fetch(`${px.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(anthropic
        ? { 'x-api-key': px.keys.acme!, 'anthropic-version': '2023-06-01' }
        : { authorization: `Bearer ${px.keys.acme}` }),
    },
    body: JSON.stringify(body),
  });
}

describe('trust proxy, large answers', () => {
  it('forwards an answer past the entry limit whole, does not store it, and still meters it', async () => {
    // Words, so a stream carries it in many events; 300 kB, three times the limit.
    const text = Array.from({ length: 30_000 }, (_, i) => `w${i % 1000}`.padEnd(9, 'x')).join(' ');
    const upstream = await startLlmServer(() => ({ text, usage: { input: 11, output: 7000 } }));
    open.push(upstream);
    const px = await startTestProxy(upstream, { maxEntryBytes: LIMIT });
    open.push(px);
    const cases = [
      ['/v1/chat/completions', { model: 'gpt-4.1', messages: [{ role: 'user', content: 'big' }] }],
      [
        '/v1/chat/completions',
        {
          model: 'gpt-4.1',
          stream: true,
          stream_options: { include_usage: true },
          messages: [{ role: 'user', content: 'big stream' }],
        },
      ],
      [
        '/v1/messages',
        { model: 'claude-sonnet-4-6', max_tokens: 9000, messages: [{ role: 'user', content: 'big' }] },
      ],
      [
        '/v1/messages',
        {
          model: 'claude-sonnet-4-6',
          max_tokens: 9000,
          stream: true,
          messages: [{ role: 'user', content: 'big stream' }],
        },
      ],
    ] as const;
    for (const [path, body] of cases) {
      const bodies: string[] = [];
      for (let i = 0; i < 2; i++) {
        const r = await post(px, path, body);
        expect(r.headers.get('x-trust-cache')).toBe('MISS');
        bodies.push(await r.text());
      }
      // Each call's own id and creation second aside, both answers are the whole answer (booleans: no 300 kB diffs).
      const bare = bodies.map((b) =>
        b.replace(/"(chatcmpl|msg)_?-?[\w-]+"/g, '"id"').replace(/"created":\d+/g, '"created":0'),
      );
      expect(bodies[0]!.length).toBeGreaterThan(3 * LIMIT);
      expect(bare[1] === bare[0]).toBe(true);
      if (!('stream' in body)) expect(JSON.stringify(JSON.parse(bodies[0]!)).includes(text)).toBe(true);
      else expect(/\[DONE\]|message_stop/.test(bodies[0]!)).toBe(true);
    }
    expect(upstream.calls.length).toBe(2 * cases.length);
    let stored = 0;
    for await (const _ of px.store.entries()) stored++;
    expect(stored).toBe(0);
    await new Promise((r) => setTimeout(r, 150)); // the metadata batch
    const calls = await px.store.calls();
    expect(calls.length).toBe(2 * cases.length);
    for (const c of calls) {
      expect(c.cache).toBe('miss');
      expect(c.model).toMatch(/^(gpt-4\.1|claude-sonnet-4-6)/);
      expect([c.inputTokens, c.outputTokens]).toEqual([11, 7000]);
      expect(c.costUsd).toBeGreaterThan(0);
    }
    expect(px.errors).toEqual([]);
  });

  it('pauses the upstream while the client does not read, and goes on when it does', async () => {
    const CHUNK = Buffer.alloc(64 * 1024, 'a');
    const TOTAL = 256 * 1024 * 1024;
    let sent = 0;
    let finished = false;
    const upstream = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': TOTAL });
      const pump = () => {
        while (sent < TOTAL) {
          sent += CHUNK.length;
          if (!res.write(CHUNK)) return void res.once('drain', pump);
        }
        res.end(() => (finished = true));
      };
      pump();
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    open.push({ close: () => new Promise<void>((r) => upstream.close(() => r())) });
    const px = await startTestProxy({ url }, { maxEntryBytes: LIMIT });
    open.push(px);
    const body = JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'huge' }] });
    let received = 0;
    await new Promise<void>((resolve, reject) => {
      const req = request(
        `${px.url}/v1/chat/completions`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${px.keys.acme}` },
        },
        (res) => {
          res.pause();
          // Without back-pressure the proxy would read all 256 MB from loopback in this time.
          setTimeout(() => {
            try {
              expect(sent).toBeLessThan(48 * 1024 * 1024);
              expect(px.proxy).toBeDefined();
            } catch (error) {
              reject(error);
            }
            res.on('data', (c: Buffer) => (received += c.length));
            res.on('end', resolve);
            res.resume();
          }, 1500);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(received).toBe(TOTAL);
    expect(finished).toBe(true);
    expect(px.errors).toEqual([]);
  }, 60_000);
});
