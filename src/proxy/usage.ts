/**
 * proxy/usage: token usage of one response, normalized (core/pricing TokenUsage) so that no
 * token is billed twice. OpenAI counts cached tokens INSIDE prompt/input tokens, so they are
 * subtracted; Anthropic reports input_tokens WITHOUT cache reads and writes, so they are
 * added as their own kinds. Streams: OpenAI's usage chunk (include_usage) or Responses'
 * response.completed; Anthropic's message_start (input, cache) and the last message_delta
 * (cumulative output).
 */
import type { TokenUsage } from '../core/pricing.js';
import type { SseEvent } from './sse.js';

export interface Metered {
  usage?: TokenUsage;
  model?: string;
}

type Json = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});

export function openaiUsage(raw: unknown): TokenUsage | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const u = raw as Json;
  // Chat and embeddings: prompt_tokens; Responses: input_tokens. Both include cached tokens.
  const prompt = num(u.prompt_tokens ?? u.input_tokens);
  const cached = num(obj(u.prompt_tokens_details ?? u.input_tokens_details).cached_tokens);
  return {
    input: Math.max(0, prompt - cached),
    cacheRead: Math.min(cached, prompt),
    cacheWrite: 0,
    cacheWrite1h: 0,
    output: num(u.completion_tokens ?? u.output_tokens),
  };
}

export function anthropicUsage(raw: unknown, previous?: TokenUsage): TokenUsage | undefined {
  if (!raw || typeof raw !== 'object') return previous;
  const u = raw as Json;
  const split = obj(u.cache_creation);
  const has1h = 'ephemeral_1h_input_tokens' in split;
  const write1h = has1h ? num(split.ephemeral_1h_input_tokens) : 0;
  const writeTotal = num(u.cache_creation_input_tokens);
  const pick = (key: string, fallback: number) => (key in u ? num(u[key]) : fallback);
  return {
    input: pick('input_tokens', previous?.input ?? 0),
    cacheRead: pick('cache_read_input_tokens', previous?.cacheRead ?? 0),
    cacheWrite:
      'cache_creation_input_tokens' in u ? Math.max(0, writeTotal - write1h) : (previous?.cacheWrite ?? 0),
    cacheWrite1h: 'cache_creation_input_tokens' in u ? write1h : (previous?.cacheWrite1h ?? 0),
    output: pick('output_tokens', previous?.output ?? 0),
  };
}

export function meterJson(provider: 'openai' | 'anthropic', body: Buffer): Metered {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return {};
  }
  return meterValue(provider, value);
}

/** meterJson of a body already parsed (the handler parses a response once). */
export function meterValue(provider: 'openai' | 'anthropic', value: unknown): Metered {
  const json = obj(value);
  const model = typeof json.model === 'string' ? json.model : undefined;
  const usage = provider === 'anthropic' ? anthropicUsage(json.usage) : openaiUsage(json.usage);
  return { usage, model };
}

function parse(data: string): Json {
  try {
    return obj(JSON.parse(data));
  } catch {
    return {};
  }
}

export function meterSse(provider: 'openai' | 'anthropic', events: SseEvent[]): Metered {
  let usage: TokenUsage | undefined;
  let model: string | undefined;
  for (const e of events) {
    if (!e.data.includes('usage') && model) continue;
    const d = parse(e.data);
    if (provider === 'anthropic') {
      if (d.type === 'message_start') {
        const m = obj(d.message);
        model = typeof m.model === 'string' ? m.model : model;
        usage = anthropicUsage(m.usage, usage);
      } else if (d.type === 'message_delta') usage = anthropicUsage(d.usage, usage);
    } else {
      const response = obj(d.response);
      const m = d.model ?? response.model;
      if (typeof m === 'string') model = m;
      if (d.usage) usage = openaiUsage(d.usage);
      else if (response.usage) usage = openaiUsage(response.usage);
    }
  }
  return { usage, model };
}
