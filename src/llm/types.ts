/**
 * llm/types: the narrow provider interface every LLM step goes through. Two implementations
 * (provider-anthropic.ts, provider-openai.ts); the rest of trust sees only these types.
 */

export type ProviderName = 'anthropic' | 'openai';

/** A JSON schema object (the subset both providers' structured output accepts). */
export type JsonSchema = Record<string, unknown>;

/** Why a call is made; goes to the audit log with the call's metadata. */
export type CallPurpose = 'fix-generate' | 'fix-evaluate' | 'triage';

/** One structured call: a system prompt, one user message, one tool the model must call. */
export interface StructuredRequest {
  purpose: CallPurpose;
  system: string;
  user: string;
  tool: { name: string; description: string; schema: JsonSchema };
  maxTokens?: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** What a provider returns for one HTTP exchange (after its own transport retries). */
export interface RawAnswer {
  /** The tool input / function arguments, parsed from JSON; undefined when absent or not JSON. */
  value: unknown;
  /** Why `value` is missing (no tool call, arguments not JSON, truncated). */
  problem?: string;
  usage: TokenUsage;
  /** The model that answered, as the provider reported it. */
  model: string;
  /** HTTP attempts used, including transport retries. */
  attempts: number;
}

export interface LlmProvider {
  readonly name: ProviderName;
  readonly model: string;
  /** Whether calls stream (SSE) or not. */
  readonly stream: boolean;
  /** Requests made and request-body bytes sent through this provider's fetch. */
  readonly meter: { requests: number; bytesSent: number };
  complete(request: StructuredRequest): Promise<RawAnswer>;
}

/** Per-call metadata for the audit log: never prompt or code text, only its hash. */
export interface LlmCallRecord {
  provider: ProviderName;
  model: string;
  purpose: CallPurpose;
  inputTokens: number;
  outputTokens: number;
  /** USD, estimated from the price table; undefined when the model's price is unknown. */
  costUsd?: number;
  latencyMs: number;
  /** sha256 of the system + user text sent. */
  promptSha256: string;
  attempts: number;
  /** Whether the answer passed schema validation. */
  ok: boolean;
  /** Set when the call failed after its retries: its class (http-500, timeout, connection, ...). */
  error?: string;
  /** Answered by a trust proxy cache (x-trust-cache: HIT): nothing was paid for it. */
  cached?: boolean;
}
