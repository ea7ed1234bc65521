/**
 * proxy/routes: which provider a request is for and whether it may be cached. OpenAI chat
 * completions, responses and embeddings and Anthropic messages are cached; any other /v1/*
 * path is passed through uncached.
 */
import type { StreamFamily } from './sse.js';

export type Provider = 'openai' | 'anthropic';

export interface Route {
  provider: Provider;
  cacheable: boolean;
  family: StreamFamily;
}

const CACHED: Record<string, Route> = {
  '/v1/chat/completions': { provider: 'openai', cacheable: true, family: 'openai-chat' },
  '/v1/responses': { provider: 'openai', cacheable: true, family: 'openai-responses' },
  '/v1/embeddings': { provider: 'openai', cacheable: true, family: 'openai-chat' },
  '/v1/messages': { provider: 'anthropic', cacheable: true, family: 'anthropic' },
};

/** The route of a request, or undefined when it is not under /v1/. */
export function routeOf(method: string, path: string, anthropicVersion: boolean): Route | undefined {
  if (!path.startsWith('/v1/')) return undefined;
  const cached = CACHED[path];
  if (cached && method === 'POST') return cached;
  const provider: Provider = anthropicVersion || path.startsWith('/v1/messages') ? 'anthropic' : 'openai';
  return { provider, cacheable: false, family: provider === 'anthropic' ? 'anthropic' : 'openai-chat' };
}
