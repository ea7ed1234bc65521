/**
 * Acceptance 1: the official SDKs (@anthropic-ai/sdk, openai) against a loopback server
 * speaking the real Anthropic Messages and OpenAI Chat Completions wire formats, JSON and SSE.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, ExitCode, ExternalError } from '../src/core/errors.js';
import { BudgetExhausted, LlmBudget } from '../src/llm/budget.js';
import { callStructured, type LlmSession } from '../src/llm/session.js';
import { createProvider, type LlmSettings } from '../src/llm/settings.js';
import type { LlmCallRecord, LlmProvider, ProviderName, StructuredRequest } from '../src/llm/types.js';
import { TEST_KEY as KEY, settings } from './llm-helpers.js';
import { inOrder, type LlmServer, type Reply, startLlmServer } from './servers/llm-server.js';

const request: StructuredRequest = {
  purpose: 'triage',
  system: 'You classify findings.',
  user: 'Is this a real problem?',
  tool: {
    name: 'record_verdict',
    description: 'Record the verdict.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['verdict', 'confidence'],
      properties: { verdict: { type: 'string', enum: ['yes', 'no'] }, confidence: { type: 'number' } },
    },
  },
};

let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function settingsFor(
  provider: ProviderName,
  s: LlmServer,
  stream: boolean,
  extra: Partial<LlmSettings> = {},
): LlmSettings {
  // Two tries here (the retry tests count them); the shared helper's defaults otherwise.
  return settings(provider, s, stream, { retries: 2, ...extra });
}

async function providerFor(
  provider: ProviderName,
  stream: boolean,
  replies: Reply[],
  extra: Partial<LlmSettings> = {},
) {
  server = await startLlmServer(inOrder(...replies), { expectKey: KEY });
  return createProvider(
    settingsFor(provider, server, stream, extra),
    settingsFor(provider, server, stream, extra).model,
    {
      retry: { baseDelayMs: 5 },
    },
  );
}

function session(provider: LlmProvider, budget = new LlmBudget(), records: LlmCallRecord[] = []): LlmSession {
  return { generator: provider, evaluator: provider, budget, onCall: (r) => records.push(r) };
}

describe.each([
  ['anthropic', false],
  ['anthropic', true],
  ['openai', false],
  ['openai', true],
] as const)('%s provider (stream: %s)', (name, stream) => {
  it('forces the tool call, parses its arguments and reports usage', async () => {
    const provider = await providerFor(name, stream, [
      { tool: { verdict: 'yes', confidence: 0.9 }, usage: { input: 120, output: 30 } },
    ]);
    const answer = await provider.complete(request);
    expect(answer.value).toEqual({ verdict: 'yes', confidence: 0.9 });
    expect(answer.usage).toEqual({ inputTokens: 120, outputTokens: 30 });
    expect(answer.attempts).toBe(1);
    const [req] = server!.requests;
    expect(req!.path).toBe(name === 'anthropic' ? '/v1/messages' : '/v1/chat/completions');
    const call = server!.calls[0]!;
    expect(call.stream).toBe(stream);
    expect(call.toolName).toBe('record_verdict');
    expect(call.system).toBe('You classify findings.');
    expect(call.user).toBe('Is this a real problem?');
    if (name === 'openai' && stream) expect(call.json.stream_options).toEqual({ include_usage: true });
    expect(server!.unscripted).toEqual([]);
  });

  it('retries a 429 after the retry-after the server asked for, then succeeds', async () => {
    const provider = await providerFor(name, stream, [
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 503 },
      { tool: { verdict: 'no', confidence: 0.2 } },
    ]);
    const answer = await provider.complete(request);
    expect(answer.value).toEqual({ verdict: 'no', confidence: 0.2 });
    expect(answer.attempts).toBe(3);
    expect(server!.requests).toHaveLength(3);
  });

  it('gives up with an external error (exit 3) when the provider stays down', async () => {
    const provider = await providerFor(name, stream, [{ status: 500 }, { status: 502 }, { status: 503 }]);
    const error = await provider.complete(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalError);
    expect((error as ExternalError).exitCode).toBe(ExitCode.external);
    expect((error as Error).message).toMatch(new RegExp(`^${name}: HTTP 503 after 3 attempts`));
    expect(server!.requests).toHaveLength(3);
  });

  it('treats refused credentials as a configuration error that never shows the key', async () => {
    const provider = await providerFor(name, stream, [], { apiKey: 'sk-wrong-key-abcdefghijklmnop' });
    const error = await provider.complete(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('refused the credentials (HTTP 401)');
    expect((error as Error).message).not.toContain('sk-wrong-key');
    expect(server!.requests).toHaveLength(1);
  });

  it('times out a provider that does not answer, and retries it', async () => {
    const slow: Reply = { delayMs: 2000, reply: { tool: { verdict: 'yes', confidence: 1 } } };
    const provider = await providerFor(name, stream, [slow, slow], { timeoutMs: 150, retries: 1 });
    const error = await provider.complete(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalError);
    expect((error as Error).message).toBe(`${name}: request timed out after 2 attempts`);
  });
});

describe.each([['anthropic'], ['openai']] as const)('%s streaming failures', (name) => {
  it('retries a stream the server dropped midway', async () => {
    const provider = await providerFor(name, true, [
      { disconnect: true },
      { tool: { verdict: 'yes', confidence: 0.5 } },
    ]);
    const answer = await provider.complete(request);
    expect(answer.value).toEqual({ verdict: 'yes', confidence: 0.5 });
    expect(answer.attempts).toBe(2);
  });

  it('retries a provider error event sent mid-stream', async () => {
    const provider = await providerFor(name, true, [
      { streamError: { type: 'overloaded_error', message: 'Overloaded' } },
      { tool: { verdict: 'no', confidence: 0.1 } },
    ]);
    const answer = await provider.complete(request);
    expect(answer.value).toEqual({ verdict: 'no', confidence: 0.1 });
    expect(answer.attempts).toBe(2);
  });
});

describe('structured answers', () => {
  it.each([
    ['anthropic', false],
    ['anthropic', true],
    ['openai', false],
    ['openai', true],
  ] as const)('%s (stream: %s): a malformed answer is asked for again once', async (name, stream) => {
    const provider = await providerFor(name, stream, [
      { toolRaw: '{"verdict": "maybe"' },
      { tool: { verdict: 'yes', confidence: 0.7 } },
    ]);
    const records: LlmCallRecord[] = [];
    const result = await callStructured(session(provider, new LlmBudget(), records), provider, request);
    expect(result).toEqual({ ok: true, value: { verdict: 'yes', confidence: 0.7 }, calls: 2 });
    expect(server!.calls[1]!.user).toContain('Your previous answer was rejected');
    expect(records.map((r) => r.ok)).toEqual([false, true]);
  });

  it('reports (does not throw) an answer that is malformed twice', async () => {
    const provider = await providerFor('openai', false, [
      { tool: { verdict: 'perhaps', confidence: 1 } },
      { text: 'I would rather explain in prose.' },
    ]);
    const result = await callStructured(session(provider), provider, request);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toMatch(
      /^the model's answer was malformed twice \(no record_verdict function call/,
    );
  });

  it('records per-call metadata without any prompt text, and prices known models', async () => {
    const provider = await providerFor('anthropic', true, [
      { tool: { verdict: 'yes', confidence: 1 }, usage: { input: 1000, output: 500 } },
    ]);
    const records: LlmCallRecord[] = [];
    await callStructured(session(provider, new LlmBudget(), records), provider, request);
    expect(records).toHaveLength(1);
    const r = records[0]!;
    expect(r).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
      purpose: 'triage',
      inputTokens: 1000,
      outputTokens: 500,
      attempts: 1,
      ok: true,
    });
    expect(r.costUsd).toBeCloseTo((1000 * 3 + 500 * 15) / 1e6, 10);
    expect(r.promptSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(r)).not.toContain('classify');
  });

  it('stops spending at --max-llm-calls before sending anything more', async () => {
    const provider = await providerFor('openai', false, [{ tool: { verdict: 'yes', confidence: 1 } }]);
    const budget = new LlmBudget({ maxCalls: 1 });
    await callStructured(session(provider, budget), provider, request);
    const error = await callStructured(session(provider, budget), provider, request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExhausted);
    expect((error as Error).message).toBe('LLM call budget spent (--max-llm-calls 1)');
    expect(server!.requests).toHaveLength(1);
  });
});
