/**
 * cli/context: what every command receives. Built once per invocation by program.ts from the
 * option table (flags > TRUST_* env > trust.config.json > defaults) and the environment. The
 * types live in core/context.ts (the demo builds contexts too); the option readers live here.
 */
import type { Context } from '../core/context.js';

export type { CommandHandler, Context } from '../core/context.js';

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
