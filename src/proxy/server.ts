/**
 * proxy/server: the HTTP server around the handler (Node http, 127.0.0.1 by default), and its
 * shutdown: stop accepting, let requests in flight finish, flush metadata, close the store.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Price } from '../core/pricing.js';
import { Authenticator, type Principal } from './api-keys.js';
import { Credentials } from './credentials.js';
import { createHandler } from './handler.js';
import { KeyRing } from './keyring.js';
import type { MasterKey } from './master-key.js';
import { Recorder } from './recorder.js';
import type { Provider } from './routes.js';
import type { CacheStore } from './store.js';
import { createDispatcher, type UpstreamBase } from './upstream.js';

export interface ProxyOptions {
  store: CacheStore;
  master: MasterKey;
  host: string;
  port: number;
  upstreams: Record<Provider, UpstreamBase>;
  providerKeys: Partial<Record<Provider, string>>;
  passThroughKeys: boolean;
  ttlSeconds: number;
  prices?: Record<string, Price>;
  maxEntryBytes?: number;
  /** Keys accepted without the store (an in-process proxy's own key). */
  localKeys?: ReadonlyMap<string, Principal>;
  onError: (error: unknown) => void;
}

export interface RunningProxy {
  url: string;
  server: Server;
  /** Stop accepting, finish requests in flight, flush metadata, close the store. */
  close(): Promise<void>;
}

export async function startProxy(o: ProxyOptions): Promise<RunningProxy> {
  const dispatcher = createDispatcher();
  const recorder = new Recorder(o.store, o.onError);
  const handler = createHandler({
    store: o.store,
    keyring: new KeyRing(o.store, o.master),
    auth: new Authenticator(o.store, o.localKeys),
    credentials: new Credentials(o.providerKeys, o.passThroughKeys),
    recorder,
    dispatcher,
    upstreams: o.upstreams,
    ttlSeconds: o.ttlSeconds,
    prices: o.prices,
    maxEntryBytes: o.maxEntryBytes ?? 16 * 1024 * 1024,
    onError: o.onError,
  });
  await o.store.warm?.();
  const server = createServer({ keepAliveTimeout: 30_000, noDelay: true }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((r) => server.close(() => r()));
        server.closeIdleConnections();
        // Keep-alive sockets that go idle after their last response are closed too.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        await closed;
        clearInterval(idle);
        await handler.drain();
        await recorder.flush();
        await dispatcher.close();
        await o.store.close();
      })()),
  };
}
