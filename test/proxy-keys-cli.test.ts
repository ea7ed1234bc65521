/**
 * The `trust proxy` key and lifecycle commands through the built binary: keys list and
 * revoke, shred (recorded in the audit log; the other orgs keep their entries), SIGTERM while
 * a request is in flight, and no proxy or provider key in any output, the audit log or the
 * cache file. Plus, in-process: a client that disconnects cancels the upstream request.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../src/audit/index.js';
import { runTrust } from './helpers/run-trust.js';
import { startCliProxy, startTestProxy, UPSTREAM_KEY } from './proxy-helpers.js';
import { type LlmServer, startLlmServer } from './servers/llm-server.js';

const MASTER = randomBytes(32).toString('base64');
let upstream: LlmServer;

beforeAll(async () => {
  upstream = await startLlmServer((call) =>
    call.user.startsWith('slow')
      ? { delayMs: 700, reply: { text: `late answer to ${call.user}` } }
      : { text: `answer to ${call.user}` },
  );
});
afterAll(async () => upstream?.close());

const chat = (url: string, key: string, content: string) =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content }] }),
  }).then(async (r) => ({ status: r.status, cache: r.headers.get('x-trust-cache'), body: await r.text() }));

describe('trust proxy keys, shred and shutdown', () => {
  it('revoke stops a key, shred unreads one org and is audit-logged, SIGTERM finishes the request in flight; no key leaks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trust-proxy-keys-'));
    const env = { TRUST_MASTER_KEY: MASTER, OPENAI_API_KEY: UPSTREAM_KEY };
    const keys: Record<string, { key: string; keyId: string }> = {};
    const outputs: string[] = [];
    const trust = async (args: string[]) => {
      const r = await runTrust(args, { cwd: dir, env });
      outputs.push(r.stdout, r.stderr);
      expect(r.exitCode, r.stderr).toBe(0);
      return r;
    };
    for (const org of ['ci', 'ops', 'dev'])
      keys[org] = JSON.parse((await trust(['proxy', 'keys', 'create', '--org', org, '--json'])).stdout);
    const listed = JSON.parse((await trust(['proxy', 'keys', 'list', '--json'])).stdout) as Record<
      string,
      unknown
    >[];
    expect(listed.map((k) => [k.org, k.keyId, k.revokedAt])).toEqual(
      ['ci', 'ops', 'dev'].map((o) => [o, keys[o]!.keyId, undefined]),
    );

    const serve = ['--port', '0', '--openai-upstream', upstream.url];
    const p = await startCliProxy(serve, { cwd: dir, env });
    for (const org of ['ci', 'ops', 'dev'])
      expect((await chat(p.url, keys[org]!.key, `q ${org}`)).cache).toBe('MISS');
    await trust(['proxy', 'keys', 'revoke', keys.ci!.keyId]);
    // A revocation reaches a running proxy within its 2 s memo of key lookups.
    await new Promise((r) => setTimeout(r, 2100));
    expect((await chat(p.url, keys.ci!.key, 'q ci')).status).toBe(401);
    expect((await chat(p.url, `${keys.dev!.key}x`, 'q dev')).status).toBe(401);
    const inFlight = chat(p.url, keys.dev!.key, 'slow one');
    await new Promise((r) => setTimeout(r, 200));
    const stopped = await p.stop();
    expect(await inFlight).toMatchObject({
      status: 200,
      body: expect.stringContaining('late answer to slow one'),
    });
    expect(stopped.exitCode).toBe(0);
    outputs.push(stopped.stderr);
    const listedText = (await trust(['proxy', 'keys', 'list'])).stdout;
    expect(listedText).toMatch(new RegExp(`${keys.ci!.keyId}\\s+ci\\s+\\S+\\s+revoked`));

    const shred = JSON.parse((await trust(['proxy', 'shred', '--org', 'ops', '--json'])).stdout);
    expect(shred).toEqual({ org: 'ops', entriesDeleted: 1 });
    const again = await startCliProxy(serve, { cwd: dir, env });
    expect((await chat(again.url, keys.ops!.key, 'q ops')).cache).toBe('MISS');
    expect((await chat(again.url, keys.dev!.key, 'q dev')).cache).toBe('HIT');
    outputs.push((await again.stop()).stderr);

    const log = openAuditLog(join(dir, '.trust/trust.db'), { create: false });
    let events: Record<string, unknown>[];
    try {
      events = Array.from(
        { length: log.size() },
        (_, i) => log.get(i)!.entry as unknown as Record<string, unknown>,
      );
    } finally {
      log.close();
    }
    expect(events.filter((e) => e.kind === 'key').map((e) => [e.action, e.purpose, e.org])).toEqual([
      ['generate', 'api-key', 'ci'],
      ['generate', 'api-key', 'ops'],
      ['generate', 'api-key', 'dev'],
      ['revoke', 'api-key', 'ci'],
      ['shred', 'cache', 'ops'],
    ]);

    // Keys are shown once, by `keys create --json`; nowhere else, and in no file.
    const created = outputs.splice(0, 6).join('');
    const files = ['.trust/trust.db', '.trust/trust.db-wal', '.trust/cache.db', '.trust/cache.db-wal']
      .map((f) => join(dir, f))
      .filter(existsSync)
      .map((f) => readFileSync(f).toString('latin1'));
    for (const secret of [UPSTREAM_KEY, MASTER, ...Object.values(keys).map((k) => k.key)]) {
      for (const text of [...outputs, ...files]) expect(text.includes(secret), secret).toBe(false);
    }
    expect(created).toContain(keys.ci!.key);
  });
});

describe('client disconnect', () => {
  let slow: Server;
  let closedEarly = 0;
  beforeAll(async () => {
    // An upstream that starts a stream and would go on for seconds; it counts abandoned streams.
    slow = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"choices":[{"delta":{"content":"a"}}]}\n\n');
      const timer = setInterval(() => res.write('data: {"choices":[{"delta":{"content":"b"}}]}\n\n'), 50);
      const done = setTimeout(() => res.end('data: [DONE]\n\n'), 5000);
      res.once('close', () => {
        clearInterval(timer);
        clearTimeout(done);
        if (!res.writableEnded) closedEarly++;
      });
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => slow.close(() => r())));

  it('cancels the upstream request', async () => {
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    const px = await startTestProxy({ url } as LlmServer);
    try {
      const abort = new AbortController();
      const res = await fetch(`${px.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${px.keys.acme}` },
        body: JSON.stringify({ model: 'gpt-4.1', stream: true, messages: [{ role: 'user', content: 'go' }] }),
        signal: abort.signal,
      });
      const reader = res.body!.getReader();
      await reader.read();
      abort.abort();
      for (let i = 0; i < 40 && closedEarly === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(closedEarly).toBe(1);
    } finally {
      await px.close();
    }
  });
});
