/**
 * proxy/usage: token usage of one response, normalized (core/pricing TokenUsage) so that no
 * token is billed twice. OpenAI counts cached tokens INSIDE prompt/input tokens, so they are
 * subtracted; Anthropic reports input_tokens WITHOUT cache reads and writes, so they are
 * added as their own kinds. Streams: OpenAI's usage chunk (include_usage) or Responses'
 * response.completed; Anthropic's message_start (input, cache) and the last message_delta
 * (cumulative output).
 */
import type { TokenUsage } from '../core/pricing.js';
import { parseSse, type SseEvent } from './sse.js';

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

/**
 * The usage of a JSON answer too big to keep whole, from its first and last bytes. Its
 * top-level `usage` member comes last (OpenAI chat, Responses and embeddings; Anthropic) and
 * its `model` near the start (near the end for embeddings). In JSON text a `"usage":` whose
 * quotes are not escaped can only be a member name, so the last one is the answer's own.
 */
export function meterEnds(provider: 'openai' | 'anthropic', start: Buffer, end: Buffer): Metered {
  const head = start.toString('utf8');
  const tail = end.toString('utf8');
  const usage = lastObject(tail, 'usage') ?? lastObject(head, 'usage');
  const model = firstString(head, 'model') ?? lastString(tail, 'model');
  return meterValue(provider, { model, usage });
}

/** The events of a stream too big to keep whole, from its first and last bytes. */
export function meterSseEnds(provider: 'openai' | 'anthropic', start: Buffer, end: Buffer): Metered {
  // The end starts inside an event: drop up to the first blank line. (The start's last,
  // unfinished event is not emitted: an event ends only at a blank line.)
  const tail = end.toString('utf8');
  const cut = tail.search(/\r?\n\r?\n/);
  return meterSse(provider, [
    ...parseSse(start.toString('utf8')),
    ...parseSse(cut < 0 ? '' : tail.slice(cut)),
  ]);
}

const member = (name: string) => new RegExp(`"${name}"\\s*:\\s*`, 'g');

function lastObject(text: string, name: string): unknown {
  let found: unknown;
  for (const m of text.matchAll(member(name))) {
    const at = m.index + m[0].length;
    if (text[at] !== '{') continue;
    const close = objectEnd(text, at);
    if (close < 0) continue;
    try {
      found = JSON.parse(text.slice(at, close + 1));
    } catch {
      // Not a whole object after all: keep the last one that is.
    }
  }
  return found;
}

/** The index of the `}` closing the object that opens at `open`, or -1 if the text ends first. */
function objectEnd(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

const STRING = '"((?:[^"\\\\]|\\\\.)*)"';

function strings(text: string, name: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(new RegExp(`"${name}"\\s*:\\s*${STRING}`, 'g'))) {
    try {
      out.push(JSON.parse(`"${m[1]}"`) as string);
    } catch {
      // A cut escape: not this one.
    }
  }
  return out;
}

const firstString = (text: string, name: string): string | undefined => strings(text, name)[0];
const lastString = (text: string, name: string): string | undefined => strings(text, name).at(-1);
