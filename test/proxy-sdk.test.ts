/**
 * trust proxy with the official SDKs: openai and @anthropic-ai/sdk, pointed at the proxy by
 * base URL, the proxy pointed at the loopback fake upstream. A hit replays the miss byte for
 * byte (the fake gives every answer fresh random ids, so equal bytes can only come from the
 * cache), streaming and not; key order and whitespace do not change the cache key.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProxy, type TestProxy } from './proxy-helpers.js';
import { type LlmServer, type Reply, startLlmServer } from './servers/llm-server.js';

let upstream: LlmServer;
let px: TestProxy;
let openai: OpenAI;
let anthropic: Anthropic;

const reply = (call: { toolName?: string; user: string }): Reply =>
  call.toolName
    ? { tool: { city: 'Paris', unit: 'celsius' }, usage: { input: 40, output: 12 } }
    : { text: `answer to ${call.user}`, usage: { input: 20, output: 8 } };

beforeAll(async () => {
  upstream = await startLlmServer(reply);
  px = await startTestProxy(upstream);
  openai = new OpenAI({ apiKey: px.keys.acme, baseURL: `${px.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: px.keys.acme, baseURL: px.url, maxRetries: 0 });
});
afterAll(async () => {
  await px?.close();
  await upstream?.close();
});

async function twice(make: () => Promise<Response>) {
  const first = await make();
  const a = Buffer.from(await first.arrayBuffer());
  const second = await make();
  const b = Buffer.from(await second.arrayBuffer());
  return { first, second, a, b };
}

const tools = [
  {
    type: 'function' as const,
    function: {
      name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
];

describe('openai SDK through the proxy', () => {
  it('non-streaming chat: MISS then a byte-identical HIT, one upstream call', async () => {
    const calls = upstream.calls.length;
    const body = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: 'sdk json chat' }] };
    const { first, second, a, b } = await twice(() => openai.chat.completions.create(body).asResponse());
    expect(first.headers.get('x-trust-cache')).toBe('MISS');
    expect(second.headers.get('x-trust-cache')).toBe('HIT');
    expect(b.equals(a)).toBe(true);
    expect(upstream.calls.length - calls).toBe(1);
    const parsed = await openai.chat.completions.create(body);
    expect(parsed.choices[0]?.message.content).toBe('answer to sdk json chat');
  });

  it('streamed tool call with the usage chunk: replayed as the same SSE bytes, parsed by the SDK', async () => {
    const calls = upstream.calls.length;
    const body = {
      model: 'gpt-4.1',
      messages: [{ role: 'user' as const, content: 'weather in Paris?' }],
      tools,
      tool_choice: { type: 'function' as const, function: { name: 'get_weather' } },
      stream: true as const,
      stream_options: { include_usage: true },
    };
    const { first, second, a, b } = await twice(() => openai.chat.completions.create(body).asResponse());
    expect(first.headers.get('content-type')).toContain('text/event-stream');
    expect(second.headers.get('x-trust-cache')).toBe('HIT');
    expect(b.equals(a)).toBe(true);
    expect(a.toString()).toContain('"choices":[],');
    expect(a.toString().trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(upstream.calls.length - calls).toBe(1);
    let args = '';
    let usage: unknown;
    for await (const chunk of await openai.chat.completions.create(body)) {
      args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(JSON.parse(args)).toEqual({ city: 'Paris', unit: 'celsius' });
    expect(usage).toMatchObject({ prompt_tokens: 40, completion_tokens: 12 });
    expect(upstream.calls.length - calls).toBe(1);
  });

  it('responses (stream and not) and embeddings are cached', async () => {
    const calls = upstream.calls.length;
    const s = await twice(() =>
      openai.responses.create({ model: 'gpt-4.1', input: 'responses stream', stream: true }).asResponse(),
    );
    expect(s.second.headers.get('x-trust-cache')).toBe('HIT');
    expect(s.b.equals(s.a)).toBe(true);
    expect(s.a.toString()).toContain('event: response.completed');
    const j = await twice(() =>
      openai.responses.create({ model: 'gpt-4.1', input: 'responses json' }).asResponse(),
    );
    expect(j.b.equals(j.a)).toBe(true);
    const e = await twice(() =>
      openai.embeddings.create({ model: 'text-embedding-3-small', input: ['one', 'two'] }).asResponse(),
    );
    expect(e.second.headers.get('x-trust-cache')).toBe('HIT');
    expect(e.b.equals(e.a)).toBe(true);
    expect(upstream.calls.length - calls).toBe(3);
    let text = '';
    for await (const ev of await openai.responses.create({
      model: 'gpt-4.1',
      input: 'responses stream',
      stream: true,
    }))
      if (ev.type === 'response.output_text.delta') text += ev.delta;
    expect(text).toBe('answer to responses stream');
  });

  it('key order and whitespace in the body do not change the key', async () => {
    const calls = upstream.calls.length;
    const post = (text: string) =>
      fetch(`${px.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${px.keys.acme}`, 'content-type': 'application/json' },
        body: text,
      });
    const a = await post(
      '{"model":"gpt-4.1","temperature":0,"messages":[{"role":"user","content":"order"}]}',
    );
    const b = await post(
      '{\n  "messages" : [ { "content":"order", "role":"user" } ],\n\t"temperature": 0.0, "model":"gpt-4.1"\n}',
    );
    expect(a.headers.get('x-trust-cache')).toBe('MISS');
    expect(b.headers.get('x-trust-cache')).toBe('HIT');
    expect(await b.text()).toBe(await a.text());
    const c = await post(
      '{"model":"gpt-4.1","temperature":1,"messages":[{"role":"user","content":"order"}]}',
    );
    expect(c.headers.get('x-trust-cache')).toBe('MISS');
    expect(upstream.calls.length - calls).toBe(2);
  });

  it('cache-control no-store bypasses, no-cache refreshes, and other /v1 paths pass through', async () => {
    const body = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: 'controls' }] };
    await openai.chat.completions.create(body);
    const calls = upstream.calls.length;
    const bypass = await openai.chat.completions
      .create(body, { headers: { 'cache-control': 'no-store' } })
      .asResponse();
    expect(bypass.headers.get('x-trust-cache')).toBe('BYPASS');
    const fresh = await openai.chat.completions
      .create(body, { headers: { 'cache-control': 'no-cache' } })
      .asResponse();
    expect(fresh.headers.get('x-trust-cache')).toBe('MISS');
    const freshBytes = await fresh.text();
    const hit = await openai.chat.completions.create(body).asResponse();
    expect(hit.headers.get('x-trust-cache')).toBe('HIT');
    expect(await hit.text()).toBe(freshBytes);
    expect(upstream.calls.length - calls).toBe(2);
    const models = await fetch(`${px.url}/v1/models`, {
      headers: { authorization: `Bearer ${px.keys.acme}` },
    });
    expect(models.headers.get('x-trust-cache')).toBe('BYPASS');
    expect(upstream.requests.at(-1)?.path).toBe('/v1/models');
  });

  it('the upstream gets the provider key from the environment, never the proxy key', async () => {
    await openai.chat.completions.create({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'whose key' }],
    });
    const seen = upstream.requests.at(-1)!;
    expect(seen.headers.authorization).toBe('Bearer sk-upstream-provider-key-7f3e9a1c5b');
    expect(JSON.stringify(seen.headers)).not.toContain(px.keys.acme);
  });

  it('rejects a missing or unknown proxy key with 401', async () => {
    const bad = new OpenAI({ apiKey: 'trust_pk_000000000000_nope', baseURL: `${px.url}/v1`, maxRetries: 0 });
    await expect(bad.chat.completions.create({ model: 'gpt-4.1', messages: [] })).rejects.toMatchObject({
      status: 401,
    });
  });
});

describe('@anthropic-ai/sdk through the proxy', () => {
  it('non-streaming messages: byte-identical HIT', async () => {
    const calls = upstream.calls.length;
    const body = {
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      messages: [{ role: 'user' as const, content: 'hi claude' }],
    };
    const { first, second, a, b } = await twice(() => anthropic.messages.create(body).asResponse());
    expect(first.headers.get('x-trust-cache')).toBe('MISS');
    expect(second.headers.get('x-trust-cache')).toBe('HIT');
    expect(b.equals(a)).toBe(true);
    expect(upstream.calls.length - calls).toBe(1);
    const msg = await anthropic.messages.create(body);
    expect(msg.content[0]).toMatchObject({ type: 'text', text: 'answer to hi claude' });
  });

  it('streamed tool use with every event type: same bytes on a hit, parsed by the SDK', async () => {
    const calls = upstream.calls.length;
    const body = {
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      stream: true as const,
      messages: [{ role: 'user' as const, content: 'weather?' }],
      tools: [{ name: 'get_weather', input_schema: { type: 'object' as const, properties: {} } }],
      tool_choice: { type: 'tool' as const, name: 'get_weather' },
    };
    const { second, a, b } = await twice(() => anthropic.messages.create(body).asResponse());
    expect(second.headers.get('x-trust-cache')).toBe('HIT');
    expect(b.equals(a)).toBe(true);
    for (const type of [
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'message_delta',
      'message_stop',
    ])
      expect(a.toString()).toContain(`event: ${type}`);
    const final = await anthropic.messages.stream(body).finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'tool_use', input: { city: 'Paris', unit: 'celsius' } });
    expect(upstream.calls.length - calls).toBe(1);
  });
});
