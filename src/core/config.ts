/**
 * core/config: loads trust.config.json, validates it against the published schema (every
 * problem reported with its dot-path), and resolves each option of the table from, in order:
 * the command line, the TRUST_* environment, the config file, the table's default.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { buildConfigSchema } from './config-schema.js';
import { ConfigError } from './errors.js';
import { configPathOf, envNameOf, OPTIONS, type OptionSpec } from './options.js';

export const DEFAULT_CONFIG_FILE = 'trust.config.json';

export interface LoadedConfig {
  /** Absolute path of the file read, or undefined when there was none. */
  file?: string;
  values: Record<string, unknown>;
}

/** Where a resolved option value came from; shown by --verbose. */
export type OptionSource = 'cli' | 'env' | 'config' | 'default';

export interface ResolvedOptions {
  values: Record<string, unknown>;
  sources: Record<string, OptionSource>;
}

export function loadConfig(root: string, explicit?: string): LoadedConfig {
  const file = explicit
    ? isAbsolute(explicit)
      ? explicit
      : resolve(explicit)
    : join(root, DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return { values: {} };
    throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const problems = validateConfig(parsed);
  if (problems.length > 0) {
    throw new ConfigError(
      `${file}: ${problems.length === 1 ? problems[0] : `${problems.length} problems: ${problems.join('; ')}`}`,
      problems,
    );
  }
  return { file, values: parsed as Record<string, unknown> };
}

let validator: ReturnType<Ajv['compile']> | undefined;

/** Every problem in a config value, each as "dot.path: what is wrong". Empty when valid. */
export function validateConfig(value: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(buildConfigSchema());
  if (validator(value)) return [];
  return (validator.errors ?? []).map(describeAjvError);
}

function describeAjvError(error: ErrorObject): string {
  const base = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  if (error.keyword === 'additionalProperties') {
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    return `${base ? `${base}.` : ''}${key}: unknown key`;
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return `${base || '(root)'}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${base || '(root)'}: ${error.message ?? 'is invalid'}`;
}

/**
 * Resolve option values for a command. `cli` holds what commander parsed; `cliSources` says
 * which of those came from the command line (commander's getOptionValueSource === 'cli').
 */
export function resolveOptions(
  specs: readonly OptionSpec[],
  cli: Record<string, unknown>,
  cliSources: ReadonlySet<string>,
  env: NodeJS.ProcessEnv,
  config: LoadedConfig,
): ResolvedOptions {
  const values: Record<string, unknown> = {};
  const sources: Record<string, OptionSource> = {};
  for (const spec of specs) {
    if (cliSources.has(spec.name)) {
      values[spec.name] = cli[spec.name];
      sources[spec.name] = 'cli';
      continue;
    }
    const envName = envNameOf(spec);
    const raw = envName ? env[envName] : undefined;
    if (raw !== undefined && raw !== '') {
      values[spec.name] = parseEnvValue(spec, envName as string, raw);
      sources[spec.name] = 'env';
      continue;
    }
    const path = configPathOf(spec);
    const fromFile = path ? readPath(config.values, path) : undefined;
    if (fromFile !== undefined) {
      values[spec.name] = fromFile;
      sources[spec.name] = 'config';
      continue;
    }
    values[spec.name] = spec.default;
    sources[spec.name] = 'default';
  }
  return { values, sources };
}

function parseEnvValue(spec: OptionSpec, name: string, raw: string): unknown {
  switch (spec.type) {
    case 'boolean': {
      const v = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      throw new ConfigError(`${name}: expected true or false, got "${raw}"`);
    }
    case 'number': {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new ConfigError(`${name}: expected a number, got "${raw}"`);
      return n;
    }
    case 'string[]': {
      const list = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (spec.choices) {
        const bad = list.find((v) => !spec.choices?.includes(v));
        if (bad) {
          throw new ConfigError(`${name}: "${bad}" is not one of ${spec.choices.join(', ')}`);
        }
      }
      return list;
    }
    default:
      if (spec.choices && !spec.choices.includes(raw)) {
        throw new ConfigError(`${name}: "${raw}" is not one of ${spec.choices.join(', ')}`);
      }
      return raw;
  }
}

function readPath(values: Record<string, unknown>, path: string): unknown {
  let node: unknown = values;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** Every option of the table, for `trust --help` footers and docs. */
export function describeEnvironment(): string[] {
  return OPTIONS.flatMap((spec) => {
    const env = envNameOf(spec);
    return env ? [`${env.padEnd(28)} ${spec.flags.split(/[ ,]/).find((f) => f.startsWith('--'))}`] : [];
  });
}
