/**
 * bench/proxy-serve: one server of bench/proxy in its own process, so the client, the fake
 * upstream and the proxy do not share an event loop (as in real use). Forked with a role:
 *
 *   upstream            the loopback fake model server (test/servers/llm-server.ts)
 *   proxy <upstream>    `startProxy` on 127.0.0.1:0 with a SQLite store in a temp folder
 *   relay <upstream>    the floor: node:http relaying to the upstream with undici's dispatch,
 *                       nothing else (no key check, no cache, no metering), what any Node
 *                       proxy built on these two pays before doing its own work
 *
 * It sends `{ url, key? }` to its parent over IPC once listening, and exits on disconnect.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { createProxyKey, openStore, parseMasterKey, parseUpstream, startProxy } from '../src/proxy/index.js';
import { startLlmServer } from '../test/servers/llm-server.js';

const TEXT = 'The finding is a false positive: the value is a constant, never user input. '.repeat(2);

async function serveUpstream(): Promise<void> {
  const server = await startLlmServer((call) => ({
    text: TEXT,
    usage: { input: 60, output: 40 },
    // Streams spread over a few milliseconds, so buffering would show in the first byte.
    gapMs: call.stream ? 2 : 0,
  }));
  // The fake records every request for tests; a bench would only grow memory with them.
  setInterval(() => {
    server.requests.length = 0;
    server.calls.length = 0;
  }, 1000).unref();
  process.send?.({ url: server.url });
  process.once('disconnect', () => void server.close().then(() => process.exit(0)));
}

async function serveProxy(upstreamUrl: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trust-bench-proxy-'));
  const store = await openStore(join(dir, 'cache.db'), dir);
  const master = parseMasterKey(randomBytes(32).toString('base64'));
  await store.checkMaster(master.kid);
  const { key } = await createProxyKey(store, 'bench');
  const proxy = await startProxy({
    store,
    master,
    host: '127.0.0.1',
    port: 0,
    upstreams: {
      openai: parseUpstream(upstreamUrl, 'openai'),
      anthropic: parseUpstream(upstreamUrl, 'anthropic'),
    },
    providerKeys: { openai: 'sk-bench-upstream', anthropic: 'sk-bench-upstream' },
    passThroughKeys: false,
    ttlSeconds: 3600,
    onError: (error) => process.stderr.write(`proxy: ${String(error)}\n`),
  });
  process.send?.({ url: proxy.url, key });
  process.once(
    'disconnect',
    () =>
      void proxy.close().then(() => {
        rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      }),
  );
}

async function serveRelay(upstreamUrl: string): Promise<void> {
  const { origin } = new URL(upstreamUrl);
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 256, pipelining: 1 });
  const server = createServer({ keepAliveTimeout: 30_000, noDelay: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.once('end', () => {
      const body = Buffer.concat(chunks);
      const headers = {
        'content-type': String(req.headers['content-type'] ?? 'application/json'),
        authorization: 'Bearer sk-bench-upstream',
        'content-length': String(body.length),
      };
      agent.dispatch(
        { origin, path: req.url ?? '/', method: 'POST', headers, body },
        {
          onRequestStart() {},
          onResponseStart(_c, status, h) {
            const { connection: _, 'keep-alive': __, ...kept } = h;
            res.writeHead(status, kept);
            if (String(h['content-type']).includes('text/event-stream')) res.flushHeaders();
          },
          onResponseData: (_c, chunk) => void res.write(chunk),
          onResponseEnd: () => void res.end(),
          onResponseError: () => void res.destroy(),
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  process.once('disconnect', () => process.exit(0));
}

const [role, upstream] = process.argv.slice(2);
if (role === 'upstream') await serveUpstream();
else if (role === 'proxy' && upstream) await serveProxy(upstream);
else if (role === 'relay' && upstream) await serveRelay(upstream);
else {
  process.stderr.write('usage: proxy-serve upstream | proxy <upstream-url> | relay <upstream-url>\n');
  process.exit(2);
}
