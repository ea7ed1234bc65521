/**
 * core/option-rows-proxy: the `trust proxy` rows of the one option table (core/options.ts
 * assembles it). TRUST_MASTER_KEY, TRUST_NEW_MASTER_KEY and the provider keys are secrets
 * and never options: they come only from the environment.
 */
import type { OptionSpec } from './options.js';

const PROXY = [
  'proxy start',
  'proxy stats',
  'proxy keys create',
  'proxy keys list',
  'proxy keys revoke',
  'proxy shred',
  'proxy rotate',
] as const;

export const PROXY_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'proxyStore',
    flags: '--store <file-or-url>',
    description:
      'where the encrypted cache, keys and metadata live: a SQLite file, or valkey://host:port (redis:// too) for a cache shared by a team',
    type: 'string',
    default: '.trust/cache.db',
    config: 'proxy.store',
    scope: PROXY,
    example: 'valkey://127.0.0.1:6379',
  },
  {
    name: 'proxyHost',
    flags: '--host <address>',
    description: 'address to listen on (anything but loopback exposes the proxy to the network)',
    type: 'string',
    default: '127.0.0.1',
    config: 'proxy.host',
    scope: ['proxy start'],
  },
  {
    name: 'proxyPort',
    flags: '--port <n>',
    description: 'port to listen on (0 picks a free one)',
    type: 'number',
    default: 8790,
    config: 'proxy.port',
    scope: ['proxy start'],
  },
  {
    name: 'proxyTtl',
    flags: '--ttl <seconds>',
    description: 'how long a cached answer is served',
    type: 'number',
    default: 604800,
    config: 'proxy.ttlSeconds',
    scope: ['proxy start'],
  },
  {
    name: 'openaiUpstream',
    flags: '--openai-upstream <url>',
    description: 'OpenAI-compatible upstream base URL (Azure OpenAI, vLLM, a test server)',
    type: 'string',
    default: 'https://api.openai.com',
    config: 'proxy.openaiUpstream',
    scope: ['proxy start'],
  },
  {
    name: 'anthropicUpstream',
    flags: '--anthropic-upstream <url>',
    description: 'Anthropic upstream base URL',
    type: 'string',
    default: 'https://api.anthropic.com',
    config: 'proxy.anthropicUpstream',
    scope: ['proxy start'],
  },
  {
    name: 'passThroughKeys',
    flags: '--pass-through-keys',
    description:
      "send a client's own provider key upstream when it gives its proxy key in x-trust-key (the key is only fingerprinted, never stored)",
    type: 'boolean',
    default: false,
    config: 'proxy.passThroughKeys',
    scope: ['proxy start'],
  },
  {
    name: 'proxyPrice',
    flags: '--price <model=prices...>',
    description:
      'price override, USD per million tokens: model=input,output[,cacheRead,cacheWrite,cacheWrite1h] (a model-name prefix)',
    type: 'string[]',
    split: false,
    config: 'proxy.prices',
    scope: ['proxy start'],
    example: 'my-local-model=0,0',
  },
  {
    name: 'org',
    flags: '--org <org>',
    description: 'the org (tenant) a proxy key belongs to; for stats, only this org',
    type: 'string',
    config: false,
    scope: ['proxy keys create', 'proxy shred', 'proxy stats'],
  },
];
