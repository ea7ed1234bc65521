/**
 * core/option-rows-llm: the LLM rows of the one option table (core/options.ts assembles it):
 * provider, models, base URL, streaming, timeouts, retries, budget and evaluator thresholds.
 * Keys and tokens are never options: they come only from the environment.
 */
import type { OptionSpec } from './options.js';

const LLM_COMMANDS = ['fix', 'triage', 'run', 'pr'] as const;
const LLM_FIX_COMMANDS = ['fix', 'run', 'pr'] as const;

export const LLM_OPTIONS: readonly OptionSpec[] = [
  // --- LLM fixes and triage (src/llm) -----------------------------------------------------
  {
    name: 'llm',
    flags: '--llm',
    description:
      'use the configured LLM provider: fixes where no codemod fits, classification of needs_review findings; skipped with one line when no provider is configured',
    descriptionFor: {
      triage:
        'classify needs_review findings with the configured LLM provider (it fixes nothing); skipped with one line when no provider is configured',
    },
    type: 'boolean',
    default: false,
    config: 'llm.enabled',
    scope: LLM_COMMANDS,
  },
  {
    name: 'llmProvider',
    flags: '--llm-provider <name>',
    description: 'LLM provider (default: anthropic when ANTHROPIC_API_KEY is set, else openai)',
    type: 'string',
    choices: ['anthropic', 'openai'],
    config: 'llm.provider',
    scope: LLM_COMMANDS,
  },
  {
    name: 'llmModel',
    flags: '--llm-model <model>',
    description: 'generator model (default: claude-sonnet-4-6 for anthropic, gpt-4.1 for openai)',
    type: 'string',
    config: 'llm.model',
    scope: LLM_COMMANDS,
  },
  {
    name: 'llmEvaluatorModel',
    flags: '--llm-evaluator-model <model>',
    description: 'a different model for the evaluator (default: the generator model, in a separate call)',
    type: 'string',
    config: 'llm.evaluatorModel',
    scope: LLM_FIX_COMMANDS,
  },
  {
    name: 'llmBaseUrl',
    flags: '--llm-base-url <url>',
    description:
      'provider API base URL (Azure OpenAI, Ollama, vLLM, LM Studio, a proxy); else ANTHROPIC_BASE_URL / OPENAI_BASE_URL',
    type: 'string',
    config: 'llm.baseUrl',
    scope: LLM_COMMANDS,
    example: 'http://127.0.0.1:11434/v1',
  },
  {
    name: 'llmStream',
    flags: '--llm-stream',
    description: 'stream LLM answers (server-sent events)',
    type: 'boolean',
    default: false,
    config: 'llm.stream',
    scope: LLM_COMMANDS,
  },
  {
    name: 'llmTimeout',
    flags: '--llm-timeout <seconds>',
    description: 'timeout of one LLM request',
    type: 'number',
    default: 120,
    config: 'llm.timeoutSeconds',
    scope: LLM_COMMANDS,
  },
  {
    name: 'llmRetries',
    flags: '--llm-retries <n>',
    description: 'retries of a request that failed with 429, 5xx, a timeout or a dropped connection',
    type: 'number',
    default: 3,
    config: 'llm.retries',
    scope: LLM_COMMANDS,
  },
  {
    name: 'maxLlmCalls',
    flags: '--max-llm-calls <n>',
    description: 'make at most this many LLM calls; later LLM steps are skipped and the run still succeeds',
    type: 'number',
    config: 'llm.maxCalls',
    scope: LLM_COMMANDS,
  },
  {
    name: 'maxCost',
    flags: '--max-cost <usd>',
    description: 'stop calling the LLM once the estimated cost reaches this many US dollars',
    type: 'number',
    config: 'llm.maxCostUsd',
    scope: LLM_COMMANDS,
  },
  {
    name: 'llmPrice',
    flags: '--llm-price <in,out>',
    description:
      'USD per million input,output tokens for a model trust has no price for ("0,0" for a local model)',
    type: 'string',
    config: 'llm.price',
    scope: LLM_COMMANDS,
    example: '3,15',
  },
  {
    name: 'llmCache',
    flags: '--llm-cache <file-or-url>',
    description:
      "answer repeated LLM calls from trust proxy's encrypted cache, in-process: a SQLite file (.trust/cache.db) or valkey://host:port shared with `trust proxy start`; needs TRUST_MASTER_KEY",
    type: 'string',
    config: 'llm.cache',
    scope: LLM_COMMANDS,
    example: '.trust/cache.db',
  },
  {
    name: 'llmCacheOrg',
    flags: '--llm-cache-org <org>',
    description: 'the cache org (tenant) the calls are cached under with --llm-cache',
    type: 'string',
    default: 'local',
    config: 'llm.cacheOrg',
    scope: LLM_COMMANDS,
  },
  {
    name: 'minSafety',
    flags: '--min-safety <score>',
    description: 'lowest evaluator safety score (0-100) for an LLM fix to be kept',
    type: 'number',
    default: 70,
    config: 'llm.thresholds.safety',
    scope: LLM_FIX_COMMANDS,
  },
  {
    name: 'minEffectiveness',
    flags: '--min-effectiveness <score>',
    description: 'lowest evaluator effectiveness score (0-100) for an LLM fix to be kept',
    type: 'number',
    default: 70,
    config: 'llm.thresholds.effectiveness',
    scope: LLM_FIX_COMMANDS,
  },
  {
    name: 'minCleanliness',
    flags: '--min-cleanliness <score>',
    description: 'lowest evaluator cleanliness score (0-100) for an LLM fix to be kept',
    type: 'number',
    default: 70,
    config: 'llm.thresholds.cleanliness',
    scope: LLM_FIX_COMMANDS,
  },
];
