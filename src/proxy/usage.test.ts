import { describe, expect, it } from 'vitest';
import { costOfUsage, priceOf } from '../core/pricing.js';
import { parseSse } from './sse.js';
import { meterEnds, meterJson, meterSse, meterSseEnds, meterValue } from './usage.js';

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('proxy cost, cached tokens counted once', () => {
  it('OpenAI: cached tokens are inside prompt_tokens', () => {
    // gpt-4.1: $2 in, $0.5 cached, $8 out per MTok. 10,000 prompt of which 4,000 cached, 1,000 out:
    // 6,000*2 + 4,000*0.5 + 1,000*8 = 12,000 + 2,000 + 8,000 = 22,000 / 1e6 = $0.022
    const m = meterJson(
      'openai',
      json({
        model: 'gpt-4.1-2025-04-14',
        usage: {
          prompt_tokens: 10_000,
          completion_tokens: 1_000,
          prompt_tokens_details: { cached_tokens: 4_000 },
        },
      }),
    );
    expect(m.usage).toEqual({
      input: 6_000,
      cacheRead: 4_000,
      cacheWrite: 0,
      cacheWrite1h: 0,
      output: 1_000,
    });
    expect(costOfUsage(priceOf(m.model!), m.usage!)).toBeCloseTo(0.022, 10);
  });

  it('Anthropic: input_tokens exclude cache reads and writes, each priced apart', () => {
    // claude-sonnet-4: $3 in, $0.30 read, $3.75 write (5m), $6 write (1h), $15 out per MTok.
    // 2,000 in + 50,000 read + 10,000 write(5m) + 4,000 write(1h) + 500 out:
    // 6,000 + 15,000 + 37,500 + 24,000 + 7,500 = 90,000 / 1e6 = $0.09
    const m = meterJson(
      'anthropic',
      json({
        model: 'claude-sonnet-4-5',
        usage: {
          input_tokens: 2_000,
          cache_read_input_tokens: 50_000,
          cache_creation_input_tokens: 14_000,
          cache_creation: { ephemeral_5m_input_tokens: 10_000, ephemeral_1h_input_tokens: 4_000 },
          output_tokens: 500,
        },
      }),
    );
    expect(m.usage).toEqual({
      input: 2_000,
      cacheRead: 50_000,
      cacheWrite: 10_000,
      cacheWrite1h: 4_000,
      output: 500,
    });
    expect(costOfUsage(priceOf(m.model!), m.usage!)).toBeCloseTo(0.09, 10);
  });

  it('Anthropic stream: input and cache from message_start, output from the last message_delta', () => {
    const sse =
      'event: message_start\ndata: {"type":"message_start","message":{"model":"claude-haiku-4-5","usage":{"input_tokens":100,"output_tokens":1,"cache_creation_input_tokens":1000,"cache_read_input_tokens":2000}}}\n\n' +
      'event: message_delta\ndata: {"type":"message_delta","usage":{"output_tokens":300}}\n\n' +
      'event: message_stop\ndata: {"type":"message_stop"}\n\n';
    const m = meterSse('anthropic', parseSse(sse));
    expect(m.usage).toEqual({
      input: 100,
      cacheRead: 2_000,
      cacheWrite: 1_000,
      cacheWrite1h: 0,
      output: 300,
    });
    // haiku-4-5: $1 in, $0.1 read, $1.25 write, $5 out: 100 + 200 + 1,250 + 1,500 = 3,050 / 1e6
    expect(costOfUsage(priceOf(m.model!), m.usage!)).toBeCloseTo(0.00305, 10);
  });
});

describe('usage of an answer too big to keep whole, from its two ends', () => {
  const ends = (text: string, keep = 200) =>
    [Buffer.from(text.slice(0, keep)), Buffer.from(text.slice(-keep))] as const;

  it('finds the top-level usage and model, not a look-alike inside a string', () => {
    // The look-alike sits in the kept end, just before the real member.
    const content = `${'x'.repeat(5000)} "usage": {"prompt_tokens": 999}`;
    const chat = JSON.stringify(
      {
        model: 'gpt-4.1',
        choices: [{ message: { content } }],
        usage: { prompt_tokens: 12, completion_tokens: 34 },
      },
      null,
      2,
    );
    expect(ends(chat, 400)[1].includes('\\"usage\\"')).toBe(true);
    expect(meterEnds('openai', ...ends(chat, 400))).toEqual(meterValue('openai', JSON.parse(chat)));
    // Embeddings name the model after the data.
    const embeddings = JSON.stringify({
      object: 'list',
      data: [{ embedding: Array.from({ length: 3000 }, (_, i) => i / 7) }],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 8, total_tokens: 8 },
    });
    const metered = meterEnds('openai', ...ends(embeddings));
    expect(metered.model).toBe('text-embedding-3-small');
    expect(metered.usage?.input).toBe(8);
  });

  it('reads the events at both ends of a stream, skipping the cut one', () => {
    const deltas = Array.from(
      { length: 2000 },
      (_, i) => `data: {"model":"gpt-4.1","choices":[{"delta":{"content":"w${i}"}}]}\n\n`,
    );
    const sse = `${deltas.join('')}data: {"model":"gpt-4.1","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2000}}\n\ndata: [DONE]\n\n`;
    const metered = meterSseEnds('openai', ...ends(sse, 1000));
    expect(metered).toEqual(meterSse('openai', parseSse(sse)));
    expect(metered.usage?.output).toBe(2000);
  });
});
