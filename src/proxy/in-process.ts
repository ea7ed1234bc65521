/**
 * proxy/in-process: the proxy cache for trust's own LLM calls (`trust fix --llm`, `trust
 * triage --llm` with --llm-cache). The same server, store and encryption as `trust proxy
 * start`, inside the command's process on a free 127.0.0.1 port, in front of the one provider
 * the command uses; the SDK is pointed at it by base URL with a key that lives only in this
 * process's memory. Entries are shared with every proxy on the same store and org.
 */
import { ConfigError } from '../core/errors.js';
import { createLocalKey } from './api-keys.js';
import { checkMasterKey, openStore } from './index.js';
import { parseMasterKey } from './master-key.js';
import type { Provider } from './routes.js';
import { startProxy } from './server.js';
import { parseUpstream } from './upstream.js';

export interface InProcessCacheInput {
  /** --llm-cache: a SQLite file (relative to root) or valkey:// / redis://. */
  store: string;
  root: string;
  org: string;
  provider: Provider;
  /** The provider base URL the SDK would use (OpenAI's with /v1), or undefined for the default. */
  baseURL: string | undefined;
  apiKey: string;
  masterKey: string | undefined;
  onError: (error: unknown) => void;
}

export interface InProcessCache {
  /** What the SDK is given instead of the provider's base URL and key. */
  baseURL: string;
  apiKey: string;
  /** Finish requests in flight, write their metadata, close the store. */
  close(): Promise<void>;
}

const DEFAULT_BASE: Record<Provider, string> = {
  openai: 'https://api.openai.com',
  anthropic: 'https://api.anthropic.com',
};

export async function startInProcessCache(input: InProcessCacheInput): Promise<InProcessCache> {
  let master: ReturnType<typeof parseMasterKey>;
  try {
    master = parseMasterKey(input.masterKey);
  } catch (error) {
    throw new ConfigError(`--llm-cache: ${(error as Error).message}`);
  }
  const upstream = parseUpstream(input.baseURL ?? DEFAULT_BASE[input.provider], 'llm.baseUrl');
  const { key, principal } = createLocalKey(input.org);
  const store = await openStore(input.store, input.root);
  try {
    await checkMasterKey(store, master);
    const other: Provider = input.provider === 'openai' ? 'anthropic' : 'openai';
    const proxy = await startProxy({
      store,
      master,
      host: '127.0.0.1',
      port: 0,
      // Only the command's provider is reachable; the other route has no key to use.
      upstreams: { [input.provider]: upstream, [other]: parseUpstream(DEFAULT_BASE[other], other) } as Record<
        Provider,
        typeof upstream
      >,
      providerKeys: { [input.provider]: input.apiKey },
      passThroughKeys: false,
      ttlSeconds: 604800,
      localKeys: new Map([[key, principal]]),
      onError: input.onError,
    });
    return {
      baseURL: input.provider === 'openai' ? `${proxy.url}/v1` : proxy.url,
      apiKey: key,
      close: () => proxy.close(),
    };
  } catch (error) {
    await store.close();
    if (error instanceof ConfigError) throw new ConfigError(`--llm-cache: ${error.message}`);
    throw error;
  }
}
