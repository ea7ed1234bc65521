/**
 * core/options: the ONE table of options. It drives the commander flags (cli/program.ts),
 * the TRUST_* environment variables, the trust.config.json keys and the published config
 * schema (schema/trust.config.schema.json, generated from this table and checked by a test).
 * Add an option here (or in its capability's rows, option-rows-*.ts), never directly to a command.
 */

import { ASSETS_OPTIONS } from './option-rows-assets.js';
import { DELIVERY_OPTIONS } from './option-rows-delivery.js';
import { LLM_OPTIONS } from './option-rows-llm.js';
import { LOG_OPTIONS } from './option-rows-log.js';
import { POLICY_OPTIONS } from './option-rows-policy.js';
import { PROXY_OPTIONS } from './option-rows-proxy.js';
import { SCAN_OPTIONS } from './option-rows-scan.js';
import { TRIAGE_MARK_OPTIONS } from './option-rows-triage.js';
import { VERIFY_OPTIONS } from './option-rows-verify.js';

export type OptionType = 'string' | 'boolean' | 'number' | 'string[]';

export interface OptionSpec {
  /** camelCase name as commander reports it, e.g. "logDb". */
  name: string;
  /**
   * commander flag syntax, e.g. "--log-db <file>". A `string[]` row's `<x...>` takes ONE value
   * per use on the command line (repeat the flag, or give a comma list): a variadic flag would
   * swallow the SARIF files given after it (`trust fix --only js/x a.sarif`).
   */
  flags: string;
  description: string;
  type: OptionType;
  choices?: readonly string[];
  /** `false` for a `string[]` row whose values may hold commas (paths, prices): no comma lists. */
  split?: false;
  default?: string | boolean | number | string[];
  /** Environment variable; `false` for none. Default: TRUST_ + SCREAMING_SNAKE of name. */
  env?: string | false;
  /** Dot-path in trust.config.json; `false` for options that make no sense in a file. */
  config?: string | false;
  /** "global" or the command names that take it. */
  scope: 'global' | readonly string[];
  /** Shown in the config schema and docs; also an example for --help. */
  example?: string;
  /**
   * What a negating flag (`--no-x`) itself does, for --help. `description` says what the
   * value means (the config key, TRUST_X=true), which for `--no-x` is the default, not the flag.
   */
  negated?: string;
  /** --help text for one command where the shared description would mislead (by command name). */
  descriptionFor?: Readonly<Record<string, string>>;
}

/** Commands that may call an LLM (src/llm). */

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
    description: 'use colour (and spinners) on a terminal',
    negated: 'no colour and no spinner, even on a terminal (also NO_COLOR, TRUST_COLOR=false)',
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
    split: false,
    config: 'sarif.sourceRoots',
    scope: ['findings', 'triage', 'fix', 'pr', 'run'],
    example: '/home/runner/work/app/app',
  },
  {
    name: 'strict',
    flags: '--strict',
    description: 'treat a malformed result inside a SARIF file as fatal instead of skipping it',
    type: 'boolean',
    default: false,
    config: 'sarif.strict',
    scope: ['findings', 'triage', 'fix', 'pr', 'run'],
  },
  {
    name: 'tool',
    flags: '--tool <name...>',
    description: 'only findings from these tools (case-insensitive)',
    type: 'string[]',
    config: false,
    scope: ['findings', 'triage', 'fix', 'pr', 'run'],
  },
  {
    name: 'rule',
    flags: '--rule <id...>',
    description: 'only findings of these rule ids (glob patterns allowed)',
    type: 'string[]',
    config: false,
    scope: ['findings', 'triage', 'fix', 'pr', 'run'],
  },
  {
    name: 'level',
    flags: '--level <level...>',
    description: 'only findings at these levels',
    type: 'string[]',
    choices: LEVELS,
    config: false,
    scope: ['findings', 'triage', 'fix', 'pr', 'run'],
  },
  {
    name: 'path',
    flags: '--path <glob...>',
    description: 'only findings whose path matches one of these globs',
    type: 'string[]',
    config: false,
    scope: ['findings', 'triage', 'fix', 'pr', 'run'],
  },
  {
    name: 'includeSuppressed',
    flags: '--no-include-suppressed',
    description: 'list findings the scanner marked suppressed',
    negated: 'hide findings the scanner marked suppressed',
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
      'triage before fixing: findings in test, vendored or generated code and duplicates stay unfixed',
    negated: 'skip triage: also fix findings in test, vendored or generated code, and duplicates',
    type: 'boolean',
    default: true,
    config: 'fix.triage',
    scope: ['fix', 'pr', 'run'],
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
    scope: ['fix', 'pr', 'run'],
  },
  {
    name: 'exclude',
    flags: '--exclude <codemod...>',
    description: 'never use these codemods (same forms as --only)',
    type: 'string[]',
    config: false,
    scope: ['fix', 'pr', 'run'],
  },
  {
    name: 'jobs',
    flags: '--jobs <n>',
    description:
      'fix files on this many worker threads (default: one per CPU, at most 8; 1 fixes on the main thread; runs under 100 files always do)',
    type: 'number',
    config: 'fix.jobs',
    scope: ['fix', 'pr', 'run'],
  },
  ...LLM_OPTIONS,
  ...LOG_OPTIONS,
  ...POLICY_OPTIONS,
  ...PROXY_OPTIONS,
  ...TRIAGE_MARK_OPTIONS,
  ...ASSETS_OPTIONS,
  ...SCAN_OPTIONS,
  ...DELIVERY_OPTIONS,
  ...VERIFY_OPTIONS,
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
