/**
 * core/context: what every command receives (the cli builds it, cli/context.ts re-exports it).
 * It lives in core so a composition root other than the cli (the demo) can build and pass one
 * without importing cli/.
 */
import type { LoadedConfig, OptionSource } from './config.js';
import type { Output } from './output.js';

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
