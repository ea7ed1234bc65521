/**
 * cli/context: what every command receives. Built once per invocation by program.ts from the
 * option table (flags > TRUST_* env > trust.config.json > defaults) and the environment.
 */
import type { LoadedConfig, OptionSource } from '../core/config.js';
import type { Output } from '../core/output.js';

export interface Context {
  /** Absolute repository root (-C/--cwd, else the working directory). */
  root: string;
  /** Resolved option values, global and the command's own, by option name. */
  options: Record<string, unknown>;
  sources: Record<string, OptionSource>;
  config: LoadedConfig;
  out: Output;
  env: NodeJS.ProcessEnv;
}

/** A command module's default export. Returns the exit code (0 when omitted). */
export type CommandHandler = (ctx: Context, args: string[]) => Promise<number | undefined>;

export function stringOption(ctx: Context, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
}

export function listOption(ctx: Context, name: string): string[] {
  const v = ctx.options[name];
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return [v];
  return [];
}

export function boolOption(ctx: Context, name: string): boolean {
  return ctx.options[name] === true;
}
