/**
 * llm/provider-openai: Chat Completions through the `openai` SDK, for OpenAI and any
 * compatible endpoint (Azure OpenAI v1, Ollama, vLLM, LM Studio) reached through the base URL.
 * Structured output is a forced function call; streaming accumulates the tool-call argument
 * fragments and takes usage from the final chunk (stream_options.include_usage).
 */
import OpenAI from 'openai';
import type { ProviderOptions } from './provider-anthropic.js';
import { type RetryPolicy, withRetries } from './retry.js';
import { meteredFetch, newMeter, type TransportMeter } from './transport.js';
import type { LlmProvider, RawAnswer, StructuredRequest, TokenUsage } from './types.js';

const DEFAULT_MAX_TOKENS = 4096;

interface Collected {
  model: string;
  args: string | undefined;
  name: string | undefined;
  finish: string | null | undefined;
  usage: TokenUsage;
}

export class OpenAiProvider implements LlmProvider {
  readonly name = 'openai' as const;
  readonly model: string;
  readonly stream: boolean;
  readonly meter: TransportMeter = newMeter();
  private readonly client: OpenAI;
  private readonly retry: RetryPolicy;

  constructor(options: ProviderOptions) {
    this.model = options.model;
    this.stream = options.stream;
    this.retry = options.retry;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL ?? 'https://api.openai.com/v1',
      timeout: options.timeoutMs,
      maxRetries: 0,
      fetch: meteredFetch(options.fetch ?? globalThis.fetch, this.meter) as typeof fetch,
      defaultHeaders: options.headers,
    });
  }

  async complete(request: StructuredRequest): Promise<RawAnswer> {
    const params = {
      model: this.model,
      max_completion_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
      messages: [
        { role: 'system' as const, content: request.system },
        { role: 'user' as const, content: request.user },
      ],
      tools: [
        {
          type: 'function' as const,
          function: {
            name: request.tool.name,
            description: request.tool.description,
            parameters: request.tool.schema,
          },
        },
      ],
      tool_choice: { type: 'function' as const, function: { name: request.tool.name } },
    };
    const { value: got, attempts } = await withRetries('openai', this.retry, () =>
      this.stream ? this.streamed(params) : this.plain(params),
    );
    const base = { usage: got.usage, model: got.model, attempts };
    if (got.name !== request.tool.name || got.args === undefined) {
      return { ...base, value: undefined, problem: `no ${request.tool.name} function call in the answer` };
    }
    if (got.finish === 'length')
      return { ...base, value: undefined, problem: 'the answer was cut off (length)' };
    try {
      return { ...base, value: JSON.parse(got.args) };
    } catch {
      return { ...base, value: undefined, problem: 'the function arguments are not valid JSON' };
    }
  }

  private async plain(params: OpenAI.ChatCompletionCreateParamsNonStreaming): Promise<Collected> {
    const completion = await this.client.chat.completions.create(params);
    const choice = completion.choices[0];
    const call = choice?.message.tool_calls?.find((c) => c.type === 'function');
    return {
      model: completion.model,
      name: call?.type === 'function' ? call.function.name : undefined,
      args: call?.type === 'function' ? call.function.arguments : undefined,
      finish: choice?.finish_reason,
      usage: {
        inputTokens: completion.usage?.prompt_tokens ?? 0,
        outputTokens: completion.usage?.completion_tokens ?? 0,
      },
    };
  }

  private async streamed(params: OpenAI.ChatCompletionCreateParamsNonStreaming): Promise<Collected> {
    const stream = await this.client.chat.completions.create({
      ...params,
      stream: true,
      stream_options: { include_usage: true },
    });
    const out: Collected = {
      model: this.model,
      name: undefined,
      args: undefined,
      finish: undefined,
      usage: { inputTokens: 0, outputTokens: 0 },
    };
    for await (const chunk of stream) {
      if (chunk.model) out.model = chunk.model;
      if (chunk.usage) {
        out.usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
      }
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (choice.finish_reason) out.finish = choice.finish_reason;
      // Only the first call (index 0) is the forced function call.
      for (const call of choice.delta.tool_calls ?? []) {
        if (call.index !== 0) continue;
        if (call.function?.name) out.name = call.function.name;
        if (call.function?.arguments !== undefined) out.args = (out.args ?? '') + call.function.arguments;
      }
    }
    return out;
  }
}
