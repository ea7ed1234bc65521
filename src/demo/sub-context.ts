/**
 * demo/sub-context: a Context for running one of trust's own commands inside the demo's
 * temporary repository, with that command's options resolved from the option table (so the
 * demo takes exactly the defaults a user gets) plus the demo's few overrides.
 */
import { resolveOptions } from '../core/config.js';
import type { Context } from '../core/context.js';
import { optionsFor } from '../core/options.js';

export function subContext(
  base: Context,
  root: string,
  command: string,
  env: NodeJS.ProcessEnv,
  overrides: Record<string, unknown> = {},
  onData: (value: unknown) => void = () => {},
): Context {
  const specs = [...optionsFor('global'), ...optionsFor(command)];
  const keep = Object.fromEntries(
    ['json', 'quiet', 'verbose', 'color'].map((name) => [name, base.options[name]]),
  );
  const cli = { ...keep, ...overrides };
  const { values, sources } = resolveOptions(specs, cli, new Set(Object.keys(cli)), env, { values: {} });
  return { root, options: values, sources, config: { values: {} }, out: base.out.derive({ onData }), env };
}

/**
 * The demo's environment: the user's, minus every key and token (the demo is offline and
 * must never spend the user's LLM budget or touch their forge), plus what the demo sets.
 */
export function demoEnv(env: NodeJS.ProcessEnv, extra: Record<string, string>): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (/^TRUST_|_TOKEN$|_API_KEY$|^GITHUB_|^GITLAB_|^CI_/.test(name)) continue;
    clean[name] = value;
  }
  return { ...clean, ...extra };
}
