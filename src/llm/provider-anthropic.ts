/**
 * llm/provider-anthropic: the Messages API through @anthropic-ai/sdk. Structured output is a
 * forced tool call (tool_choice: tool); streaming uses the SDK's MessageStream, whose final
 * message carries the assembled tool input and the usage from message_start/message_delta.
 */
import Anthropic from '@anthropic-ai/sdk';
import { type RetryPolicy, withRetries } from './retry.js';
import { type FetchLike, meteredFetch, newMeter, type TransportMeter } from './transport.js';
import type { LlmProvider, RawAnswer, StructuredRequest } from './types.js';

export interface ProviderOptions {
  apiKey: string;
  /** Without a trailing /v1 for Anthropic (the SDK adds it); with it for OpenAI. */
  baseURL?: string;
  model: string;
  stream: boolean;
  timeoutMs: number;
  retry: RetryPolicy;
  fetch?: FetchLike;
  /** Extra headers on every request (Azure OpenAI's api-key). */
  headers?: Record<string, string>;
}

const DEFAULT_MAX_TOKENS = 4096;

export class AnthropicProvider implements LlmProvider {
  readonly name = 'anthropic' as const;
  readonly model: string;
  readonly stream: boolean;
  readonly meter: TransportMeter = newMeter();
  private readonly client: Anthropic;
  private readonly retry: RetryPolicy;

  constructor(options: ProviderOptions) {
    this.model = options.model;
    this.stream = options.stream;
    this.retry = options.retry;
    this.client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL ?? 'https://api.anthropic.com',
      timeout: options.timeoutMs,
      maxRetries: 0,
      fetch: meteredFetch(options.fetch ?? globalThis.fetch, this.meter) as typeof fetch,
    });
  }

  async complete(request: StructuredRequest): Promise<RawAnswer> {
    const params = {
      model: this.model,
      max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
      system: request.system,
      messages: [{ role: 'user' as const, content: request.user }],
      tools: [
        {
          name: request.tool.name,
          description: request.tool.description,
          input_schema: request.tool.schema as Anthropic.Tool.InputSchema,
        },
      ],
      tool_choice: { type: 'tool' as const, name: request.tool.name },
    };
    const { value: message, attempts } = await withRetries(
      'anthropic',
      this.retry,
      async (): Promise<Anthropic.Message> =>
        this.stream
          ? await this.client.messages.stream(params).finalMessage()
          : await this.client.messages.create(params),
    );
    const usage = { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens };
    const base = { usage, model: message.model, attempts };
    const block = message.content.find((b) => b.type === 'tool_use' && b.name === request.tool.name);
    if (block?.type !== 'tool_use') {
      return { ...base, value: undefined, problem: `no ${request.tool.name} tool call in the answer` };
    }
    if (message.stop_reason === 'max_tokens') {
      return { ...base, value: undefined, problem: 'the answer was cut off at max_tokens' };
    }
    return { ...base, value: block.input };
  }
}
