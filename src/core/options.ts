/**
 * core/options: the ONE table of options. It drives the commander flags (cli/program.ts),
 * the TRUST_* environment variables, the trust.config.json keys and the published config
 * schema (schema/trust.config.schema.json, generated from this table and checked by a test).
 * Add an option here, never directly to a command.
 */

export type OptionType = 'string' | 'boolean' | 'number' | 'string[]';

export interface OptionSpec {
  /** camelCase name as commander reports it, e.g. "logDb". */
  name: string;
  /** commander flag syntax, e.g. "--log-db <file>". */
  flags: string;
  description: string;
  type: OptionType;
  choices?: readonly string[];
  default?: string | boolean | number | string[];
  /** Environment variable; `false` for none. Default: TRUST_ + SCREAMING_SNAKE of name. */
  env?: string | false;
  /** Dot-path in trust.config.json; `false` for options that make no sense in a file. */
  config?: string | false;
  /** "global" or the command names that take it. */
  scope: 'global' | readonly string[];
  /** Shown in the config schema and docs; also an example for --help. */
  example?: string;
}

/** Commands that may call an LLM (src/llm). */
const LLM_COMMANDS = ['fix', 'triage', 'run', 'pr'] as const;
const LLM_FIX_COMMANDS = ['fix', 'run', 'pr'] as const;

const LEVELS = ['error', 'warning', 'note', 'none'] as const;

export const OPTIONS: readonly OptionSpec[] = [
  // --- global -------------------------------------------------------------------------
  {
    name: 'cwd',
    flags: '-C, --cwd <dir>',
    description: 'repository root to work in',
    type: 'string',
    config: false,
    scope: 'global',
  },
  {
    name: 'config',
    flags: '--config <file>',
    description: 'configuration file (default: trust.config.json in the repository root)',
    type: 'string',
    config: false,
    scope: 'global',
  },
  {
    name: 'logDb',
    flags: '--log-db <file>',
    description: 'audit log database',
    type: 'string',
    default: '.trust/trust.db',
    scope: 'global',
  },
  {
    name: 'json',
    flags: '--json',
    description: 'machine output on stdout (human output goes to stderr)',
    type: 'boolean',
    default: false,
    config: false,
    scope: 'global',
  },
  {
    name: 'quiet',
    flags: '-q, --quiet',
    description: 'print only warnings, errors and results',
    type: 'boolean',
    default: false,
    scope: 'global',
  },
  {
    name: 'verbose',
    flags: '-v, --verbose',
    description: 'print debug detail, and stack traces on errors',
    type: 'boolean',
    default: false,
    scope: 'global',
  },
  {
    name: 'color',
    flags: '--no-color',
    description: 'use colour on a terminal (--no-color and NO_COLOR turn it off)',
    type: 'boolean',
    default: true,
    scope: 'global',
  },
  // --- SARIF ingest ---------------------------------------------------------------------
  {
    name: 'sourceRoot',
    flags: '--source-root <prefix...>',
    description:
      'absolute path prefix the scanner saw for this repository root (a container path, another runner\'s workspace); "prefix=subdir" maps it to a sub-folder',
    type: 'string[]',
    config: 'sarif.sourceRoots',
    scope: ['findings', 'triage', 'fix'],
    example: '/home/runner/work/app/app',
  },
  {
    name: 'strict',
    flags: '--strict',
    description: 'treat a malformed result inside a SARIF file as fatal instead of skipping it',
    type: 'boolean',
    default: false,
    config: 'sarif.strict',
    scope: ['findings', 'triage', 'fix'],
  },
  {
    name: 'tool',
    flags: '--tool <name...>',
    description: 'only findings from these tools (case-insensitive)',
    type: 'string[]',
    config: false,
    scope: ['findings', 'triage', 'fix'],
  },
  {
    name: 'rule',
    flags: '--rule <id...>',
    description: 'only findings of these rule ids (glob patterns allowed)',
    type: 'string[]',
    config: false,
    scope: ['findings', 'triage', 'fix'],
  },
  {
    name: 'level',
    flags: '--level <level...>',
    description: 'only findings at these levels',
    type: 'string[]',
    choices: LEVELS,
    config: false,
    scope: ['findings', 'triage', 'fix'],
  },
  {
    name: 'path',
    flags: '--path <glob...>',
    description: 'only findings whose path matches one of these globs',
    type: 'string[]',
    config: false,
    scope: ['findings', 'triage', 'fix'],
  },
  {
    name: 'includeSuppressed',
    flags: '--no-include-suppressed',
    description: 'list findings the scanner marked suppressed (--no-include-suppressed hides them)',
    type: 'boolean',
    default: true,
    config: 'sarif.includeSuppressed',
    scope: ['findings'],
  },
  // --- fix ------------------------------------------------------------------------------
  {
    name: 'triage',
    flags: '--no-triage',
    description:
      'triage before fixing: findings in test, vendored or generated code and duplicates stay unfixed (--no-triage fixes them too)',
    type: 'boolean',
    default: true,
    config: 'fix.triage',
    scope: ['fix'],
  },
  {
    name: 'dryRun',
    flags: '--dry-run',
    description: 'print the unified diff of the fixes and write nothing',
    type: 'boolean',
    default: false,
    config: false,
    scope: ['fix'],
  },
  {
    name: 'codetf',
    flags: '--codetf <file>',
    description: 'write a CodeTF v2 report (changesets, diffs, fixed and unfixed findings) to this file',
    type: 'string',
    config: false,
    scope: ['fix'],
  },
  {
    name: 'only',
    flags: '--only <codemod...>',
    description:
      'use only these codemods (ids like trust:js/secure-random or js/secure-random; "js/*" for a language)',
    type: 'string[]',
    config: false,
    scope: ['fix'],
  },
  {
    name: 'exclude',
    flags: '--exclude <codemod...>',
    description: 'never use these codemods (same forms as --only)',
    type: 'string[]',
    config: false,
    scope: ['fix'],
  },
  // --- LLM fixes and triage (src/llm) -----------------------------------------------------
  {
    name: 'llm',
    flags: '--llm',
    description:
      'use the configured LLM provider: fixes where no codemod fits, classification of needs_review findings; skipped with one line when no provider is configured',
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
  // --- audit log ----------------------------------------------------------------------
  {
    name: 'origin',
    flags: '--origin <name>',
    description:
      'log origin, used as the checkpoint origin line and key name when a log or key is created (default: <host>/<repository>/trust-audit from the CI environment)',
    type: 'string',
    config: 'log.origin',
    scope: ['log keygen', 'log checkpoint', 'log verify-proof', 'triage'],
    example: 'github.com/acme/app/trust-audit',
  },
  {
    name: 'checkpointFile',
    flags: '--checkpoint-file <file>',
    description:
      'where `log checkpoint` writes the signed checkpoint, and the trusted checkpoint `log verify` reads by default',
    type: 'string',
    default: '.trust/checkpoint',
    config: 'log.checkpointFile',
    scope: ['log checkpoint', 'log verify'],
  },
  {
    name: 'trustedCheckpoint',
    flags: '--trusted-checkpoint <file...>',
    description:
      'carried-forward signed checkpoint(s) the log must be consistent with (default: --checkpoint-file)',
    type: 'string[]',
    config: 'log.trustedCheckpoints',
    scope: ['log verify'],
  },
  {
    name: 'bootstrap',
    flags: '--bootstrap',
    description:
      'accept a log with no carried-forward checkpoint (first run only; otherwise that fails closed)',
    type: 'boolean',
    default: false,
    config: false,
    // Never from the environment: a CI variable must not silently turn fail-closed off.
    env: false,
    scope: ['log verify'],
  },
  {
    name: 'verifierKey',
    flags: '--verifier-key <vkey...>',
    description: 'trusted checkpoint verifier key(s) (default: the lines of .trust/verifier-key)',
    type: 'string[]',
    config: 'log.verifierKeys',
    scope: ['log verify', 'log verify-proof', 'log checkpoint'],
  },
  {
    name: 'kind',
    flags: '--kind <kind...>',
    description: 'only entries of these kinds',
    type: 'string[]',
    choices: ['triage', 'fix', 'pr', 'llm-call', 'scan', 'asset-verification', 'key', 'run', 'revocation'],
    config: false,
    scope: ['log show', 'log export'],
  },
  {
    name: 'finding',
    flags: '--finding <id>',
    description: 'only entries about this finding fingerprint',
    type: 'string',
    config: false,
    scope: ['log show', 'log export'],
  },
  {
    name: 'since',
    flags: '--since <time>',
    description: 'only entries at or after this time (2025-01-31, an RFC 3339 time, or a span back: 24h, 7d)',
    type: 'string',
    config: false,
    scope: ['log show', 'log export'],
  },
  {
    name: 'size',
    flags: '--size <n>',
    description:
      'prove against the stored checkpoint of this size (default: the newest that covers the entry)',
    type: 'number',
    config: false,
    scope: ['log prove'],
  },
  {
    name: 'output',
    flags: '--output <file>',
    description: 'write to this file instead of stdout',
    type: 'string',
    config: false,
    scope: ['log prove', 'log export'],
  },
  // --- demo ---------------------------------------------------------------------------
  {
    name: 'keep',
    flags: '--keep',
    description: 'keep the temporary sample repository and print its path',
    type: 'boolean',
    default: false,
    config: false,
    scope: ['demo'],
  },
] as const;

/** TRUST_LOG_DB for "logDb". */
export function envNameOf(spec: OptionSpec): string | undefined {
  if (spec.env === false) return undefined;
  if (spec.env) return spec.env;
  return `TRUST_${spec.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** The config-file dot-path of an option, or undefined when it has none. */
export function configPathOf(spec: OptionSpec): string | undefined {
  if (spec.config === false) return undefined;
  return spec.config ?? spec.name;
}

export function optionsFor(command: string | 'global'): OptionSpec[] {
  return OPTIONS.filter((o) =>
    command === 'global' ? o.scope === 'global' : o.scope !== 'global' && o.scope.includes(command),
  );
}

export function findOption(name: string): OptionSpec | undefined {
  return OPTIONS.find((o) => o.name === name);
}
