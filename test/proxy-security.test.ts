/**
 * trust proxy security and correctness: no plaintext at rest (raw bytes of the SQLite file
 * and its WAL), one org never reads another's entry, shred makes an org's entries
 * undecryptable, keys never reach a store or an error, identical concurrent requests make
 * one upstream call, a cut stream is not cached and the client sees the cut, and shutdown
 * finishes requests in flight.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { associatedData, decryptEntry } from '../src/proxy/envelope.js';
import { deriveOrgKeys, newOrgSecret, parseMasterKey } from '../src/proxy/master-key.js';
import type { StoredEntry } from '../src/proxy/store.js';
import { MASTER_B64, startTestProxy, type TestProxy, UPSTREAM_KEY } from './proxy-helpers.js';
import { inOrder, type Script, startLlmServer } from './servers/llm-server.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function setup(script: Script, orgs = ['acme']) {
  const upstream = await startLlmServer(script);
  open.push(upstream);
  const px = await startTestProxy(upstream, { orgs });
  open.push(px);
  return { upstream, px };
}

function post(
  px: TestProxy,
  org: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
) {
  const anthropic = path === '/v1/messages';
  return fetch(`${px.url}${path}`, {
    method: 'POST',
    signal,
    headers: {
      'content-type': 'application/json',
      ...(anthropic
        ? { 'x-api-key': px.keys[org]!, 'anthropic-version': '2023-06-01' }
        : { authorization: `Bearer ${px.keys[org]}` }),
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

const chat = (content: string, stream = false) => ({
  model: 'gpt-4.1',
  stream,
  ...(stream ? { stream_options: { include_usage: true } } : {}),
  messages: [{ role: 'user', content }],
});
const messages = (content: string, stream = false) => ({
  model: 'claude-sonnet-4-6',
  max_tokens: 50,
  stream,
  messages: [{ role: 'user', content }],
});

async function entries(px: TestProxy): Promise<StoredEntry[]> {
  const out: StoredEntry[] = [];
  for await (const e of px.store.entries()) out.push(e);
  return out;
}

function rawFiles(dir: string): Buffer {
  const parts = ['cache.db', 'cache.db-wal', 'cache.db-shm']
    .map((f) => join(dir, f))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f));
  return Buffer.concat(parts);
}

describe('trust proxy security', () => {
  it('no prompt, response or key appears in cache.db or its WAL', async () => {
    const PROMPT = 'CANARY-PROMPT-9d41f0';
    const ANSWER = 'CANARY-ANSWER-77ae3b';
    const { px } = await setup(() => ({ text: `${ANSWER} ok`, usage: { input: 10, output: 5 } }));
    for (const stream of [false, true]) {
      for (const [path, body] of [
        ['/v1/chat/completions', chat(`${PROMPT} chat ${stream}`, stream)],
        ['/v1/messages', messages(`${PROMPT} messages ${stream}`, stream)],
      ] as const) {
        for (let i = 0; i < 2; i++) {
          const r = await post(px, 'acme', path, body);
          const text = await r.text();
          // A stream carries the answer in fragments; a JSON answer whole.
          expect(stream ? text : text.includes(ANSWER)).toBeTruthy();
        }
      }
    }
    await new Promise((r) => setTimeout(r, 150)); // the metadata batch
    expect((await entries(px)).length).toBe(4);
    expect((await px.store.calls()).length).toBe(8);
    const check = (bytes: Buffer) => {
      for (const secret of [PROMPT, ANSWER, 'CANARY', px.keys.acme!, UPSTREAM_KEY, MASTER_B64])
        expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
    };
    check(rawFiles(px.dir)); // while open: the WAL holds the recent writes
    await px.close();
    check(rawFiles(px.dir));
  });

  it('one org never reads another org’s entry, even for an identical request', async () => {
    const { upstream, px } = await setup((c) => ({ text: `for ${c.user}` }), ['red', 'blue']);
    const body = chat('identical request');
    const red = await post(px, 'red', '/v1/chat/completions', body);
    const blue = await post(px, 'blue', '/v1/chat/completions', body);
    expect(red.headers.get('x-trust-cache')).toBe('MISS');
    expect(blue.headers.get('x-trust-cache')).toBe('MISS');
    const redBytes = await red.text();
    expect(await blue.text()).not.toBe(redBytes);
    expect(upstream.calls.length).toBe(2);
    const again = await post(px, 'red', '/v1/chat/completions', body);
    expect(again.headers.get('x-trust-cache')).toBe('HIT');
    expect(await again.text()).toBe(redBytes);
    // An entry moved under the other org's name does not open with that org's keys.
    const master = parseMasterKey(MASTER_B64);
    const all = await entries(px);
    const redEntry = all.find((e) => e.org === 'red')!;
    const blueKeys = deriveOrgKeys(master, (await px.store.orgSecret('blue'))!, 'blue');
    expect(() =>
      decryptEntry(blueKeys.wrap, associatedData('blue', redEntry.id), redEntry.envelope),
    ).toThrow();
    const redKeys = deriveOrgKeys(master, (await px.store.orgSecret('red'))!, 'red');
    expect(
      decryptEntry(redKeys.wrap, associatedData('red', redEntry.id), redEntry.envelope).toString(),
    ).toContain('for identical request');
  });

  it('after shred no entry of that org decrypts, and the other org is untouched', async () => {
    const { px } = await setup((c) => ({ text: `for ${c.user}` }), ['red', 'blue']);
    for (const org of ['red', 'blue'])
      for (const q of ['one', 'two']) await (await post(px, org, '/v1/chat/completions', chat(q))).text();
    const before = await entries(px); // an attacker's copy of the store taken before the shred
    expect(before.filter((e) => e.org === 'red').length).toBe(2);
    expect(await px.store.shred('red')).toBe(2);
    const master = parseMasterKey(MASTER_B64);
    expect(await px.store.orgSecret('red')).toBeUndefined();
    // Whatever red secret exists from now on is new: none of the copied entries opens with it.
    const fresh = deriveOrgKeys(
      master,
      await px.store.createOrgSecret('red', newOrgSecret(master, 'red')),
      'red',
    );
    for (const e of before.filter((x) => x.org === 'red'))
      expect(() => decryptEntry(fresh.wrap, associatedData('red', e.id), e.envelope)).toThrow();
    const blue = deriveOrgKeys(master, (await px.store.orgSecret('blue'))!, 'blue');
    const left = await entries(px);
    expect(left.map((e) => e.org)).toEqual(['blue', 'blue']);
    for (const e of left)
      expect(decryptEntry(blue.wrap, associatedData('blue', e.id), e.envelope).length).toBeGreaterThan(0);
  });

  it('500 concurrent identical requests make exactly one upstream call', async () => {
    const { upstream, px } = await setup(() => ({ delayMs: 100, reply: { text: 'shared answer' } }));
    const results = await Promise.all(
      Array.from({ length: 500 }, () =>
        post(px, 'acme', '/v1/chat/completions', chat('same')).then(async (r) => ({
          cache: r.headers.get('x-trust-cache'),
          body: await r.text(),
        })),
      ),
    );
    expect(upstream.calls.length).toBe(1);
    expect(new Set(results.map((r) => r.body)).size).toBe(1);
    expect(results.every((r) => r.cache === 'MISS' || r.cache === 'HIT')).toBe(true);
  });

  it('a coalesced stream is fanned out live to every waiting client, byte for byte', async () => {
    const { upstream, px } = await setup(() => ({ text: 'a paced streamed answer', gapMs: 15 }));
    const bodies = await Promise.all(
      Array.from({ length: 40 }, () =>
        post(px, 'acme', '/v1/chat/completions', chat('stream me', true)).then((r) => r.text()),
      ),
    );
    expect(upstream.calls.length).toBe(1);
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain('data: [DONE]');
  });

  it('a stream cut mid-way is not cached and the client sees the cut; errors are not cached', async () => {
    const { upstream, px } = await setup(
      inOrder({ disconnect: true }, { text: 'whole answer' }, { status: 500 }, { text: 'after error' }),
    );
    const cut = await post(px, 'acme', '/v1/chat/completions', chat('cut', true));
    expect(cut.status).toBe(200);
    await expect(cut.text()).rejects.toThrow();
    const whole = await post(px, 'acme', '/v1/chat/completions', chat('cut', true));
    expect(whole.headers.get('x-trust-cache')).toBe('MISS');
    expect(await whole.text()).toContain('data: [DONE]');
    const err = await post(px, 'acme', '/v1/chat/completions', chat('error'));
    expect(err.status).toBe(500);
    await err.text();
    const retry = await post(px, 'acme', '/v1/chat/completions', chat('error'));
    expect(retry.headers.get('x-trust-cache')).toBe('MISS');
    expect(upstream.calls.length).toBe(4);
  });

  it('a client that disconnects mid-stream cancels the upstream request; nothing is cached', async () => {
    const { upstream, px } = await setup(() => ({ text: 'a long paced answer '.repeat(10), gapMs: 20 }));
    const gone = new AbortController();
    const res = await post(px, 'acme', '/v1/chat/completions', chat('leave early', true), {}, gone.signal);
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    gone.abort();
    await expect.poll(() => upstream.cancelled, { timeout: 5000 }).toBe(1);
    const again = await post(px, 'acme', '/v1/chat/completions', chat('leave early', true));
    expect(again.headers.get('x-trust-cache')).toBe('MISS');
    await again.text();
    expect(upstream.calls.length).toBe(2);
  });

  it('an unreachable upstream is a 502 that names no key', async () => {
    const { upstream, px } = await setup(() => ({ text: 'x' }));
    await upstream.close();
    const r = await post(px, 'acme', '/v1/chat/completions', chat('down'));
    expect(r.status).toBe(502);
    const text = await r.text();
    expect(text).toContain('trust proxy: upstream');
    for (const secret of [px.keys.acme!, UPSTREAM_KEY]) expect(text).not.toContain(secret);
    expect(JSON.stringify(px.errors.map(String))).not.toContain(UPSTREAM_KEY);
  });

  it('shutdown finishes requests in flight', async () => {
    const { px } = await setup(() => ({ delayMs: 300, reply: { text: 'finished' } }));
    const pending = post(px, 'acme', '/v1/chat/completions', chat('slow'));
    await new Promise((r) => setTimeout(r, 100));
    const closing = px.close();
    const r = await pending;
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('finished');
    await closing;
  });
});
