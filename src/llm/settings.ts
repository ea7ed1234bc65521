/**
 * llm/settings: which provider, model, key and base URL to use, from the resolved options
 * (--llm-*, TRUST_LLM_*, trust.config.json "llm") and the environment. Keys come only from
 * the environment: ANTHROPIC_API_KEY, OPENAI_API_KEY (or TRUST_LLM_API_KEY / AZURE_OPENAI_API_KEY
 * for compatible endpoints). With none configured, LLM steps are skipped, not failed.
 */
import { ConfigError } from '../core/errors.js';
import { redactor } from '../core/redact.js';
import { LlmBudget } from './budget.js';
import { type Price, parsePrice } from './pricing.js';
import { AnthropicProvider } from './provider-anthropic.js';
import { OpenAiProvider } from './provider-openai.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import type { LlmSession } from './session.js';
import type { FetchLike } from './transport.js';
import type { LlmCallRecord, LlmProvider, ProviderName } from './types.js';

export const DEFAULT_MODELS: Record<ProviderName, string> = {
  anthropic: 'claude-sonnet-4-6',
  openai: 'gpt-4.1',
};

export interface LlmSettings {
  provider: ProviderName;
  model: string;
  evaluatorModel?: string;
  apiKey: string;
  /** Azure OpenAI authenticates with an api-key header rather than a bearer token. */
  azure?: boolean;
  baseURL?: string;
  stream: boolean;
  timeoutMs: number;
  retries: number;
  price?: Price;
  maxCalls?: number;
  maxCostUsd?: number;
  thresholds: Thresholds;
}

export interface Thresholds {
  safety: number;
  effectiveness: number;
  cleanliness: number;
}

export type SettingsResult = { settings: LlmSettings } | { skip: string };

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

/** Resolve the LLM settings; `{ skip }` carries the one line to show when no provider is configured. */
export function resolveLlmSettings(options: Record<string, unknown>, env: NodeJS.ProcessEnv): SettingsResult {
  const anthropicKey = str(env.ANTHROPIC_API_KEY);
  const openaiKey = str(env.OPENAI_API_KEY) ?? str(env.AZURE_OPENAI_API_KEY) ?? str(env.TRUST_LLM_API_KEY);
  const explicit = str(options.llmProvider) as ProviderName | undefined;
  const generic = str(options.llmBaseUrl);
  const provider: ProviderName | undefined =
    explicit ?? (anthropicKey ? 'anthropic' : openaiKey ? 'openai' : generic ? 'openai' : undefined);
  if (!provider) {
    return {
      skip: 'no LLM provider configured (set ANTHROPIC_API_KEY or OPENAI_API_KEY, or TRUST_LLM_BASE_URL for a local endpoint)',
    };
  }
  const baseURL = generic ?? str(provider === 'anthropic' ? env.ANTHROPIC_BASE_URL : env.OPENAI_BASE_URL);
  let apiKey = provider === 'anthropic' ? anthropicKey : openaiKey;
  if (!apiKey) {
    // Local OpenAI-compatible servers (Ollama, vLLM, LM Studio) accept any key.
    if (provider === 'openai' && baseURL) apiKey = 'not-needed';
    else {
      const variable = provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
      return { skip: `LLM provider ${provider} selected but ${variable} is not set` };
    }
  }
  if (baseURL && !/^https?:\/\//.test(baseURL)) {
    throw new ConfigError(`llm.baseUrl: "${baseURL}" is not an http(s) URL`);
  }
  redactor.add(apiKey);
  const priceText = str(options.llmPrice);
  const price = priceText ? parsePrice(priceText) : undefined;
  if (priceText && !price) {
    throw new ConfigError(
      `llm.price: "${priceText}" must be "<input>,<output>" USD per million tokens, e.g. "3,15"`,
    );
  }
  const thresholds = {
    safety: threshold(options.minSafety, 'llm.thresholds.safety'),
    effectiveness: threshold(options.minEffectiveness, 'llm.thresholds.effectiveness'),
    cleanliness: threshold(options.minCleanliness, 'llm.thresholds.cleanliness'),
  };
  return {
    settings: {
      provider,
      model: str(options.llmModel) ?? DEFAULT_MODELS[provider],
      evaluatorModel: str(options.llmEvaluatorModel),
      apiKey,
      azure: provider === 'openai' && !str(env.OPENAI_API_KEY) && Boolean(str(env.AZURE_OPENAI_API_KEY)),
      baseURL,
      stream: options.llmStream === true,
      timeoutMs: Math.round((num(options.llmTimeout) ?? 120) * 1000),
      retries: Math.max(0, Math.floor(num(options.llmRetries) ?? DEFAULT_RETRY.retries)),
      price,
      maxCalls: num(options.maxLlmCalls),
      maxCostUsd: num(options.maxCost),
      thresholds,
    },
  };
}

function threshold(value: unknown, path: string): number {
  const n = num(value) ?? 70;
  if (n < 0 || n > 100) throw new ConfigError(`${path}: ${n} is not between 0 and 100`);
  return n;
}

export interface ProviderWiring {
  fetch?: FetchLike;
  retry?: Partial<RetryPolicy>;
}

export function createProvider(
  settings: LlmSettings,
  model: string,
  wiring: ProviderWiring = {},
): LlmProvider {
  const options = {
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    model,
    stream: settings.stream,
    timeoutMs: settings.timeoutMs,
    retry: { ...DEFAULT_RETRY, retries: settings.retries, ...wiring.retry },
    fetch: wiring.fetch,
    headers: settings.azure ? { 'api-key': settings.apiKey } : undefined,
  };
  return settings.provider === 'anthropic' ? new AnthropicProvider(options) : new OpenAiProvider(options);
}

export function createSession(
  settings: LlmSettings,
  wiring: ProviderWiring & { onCall?: (record: LlmCallRecord) => void } = {},
): LlmSession {
  const generator = createProvider(settings, settings.model, wiring);
  const evaluator =
    settings.evaluatorModel && settings.evaluatorModel !== settings.model
      ? createProvider(settings, settings.evaluatorModel, wiring)
      : generator;
  return {
    generator,
    evaluator,
    budget: new LlmBudget({ maxCalls: settings.maxCalls, maxCostUsd: settings.maxCostUsd }),
    price: settings.price,
    onCall: wiring.onCall,
  };
}
