/**
 * Shared by `trust fix`, `trust pr` and `trust run`: `--verify` from the option table (flags,
 * TRUST_VERIFY_*, `verify` in trust.config.json) -> the engine's VerifyConfig, and the
 * progress reporter of its commands (verify/progress). What the flags and config leave out,
 * the scan or the checks, comes from the presets (verify/presets: the SARIF's tool and the
 * repository's files), once the SARIF is read; with neither, it says so in one line.
 */
import { parseArgsStringToArgv } from 'string-argv';
import { UsageError } from '../../core/errors.js';
import type { Finding } from '../../sarif/finding.js';
import { resolveVerify } from '../../verify/presets.js';
import { createVerifyProgress } from '../../verify/progress.js';
import type { VerifyCommand, VerifyConfig } from '../../verify/types.js';
import type { VerifyProgress } from '../../verify/verify-fixes.js';
import { boolOption, type Context, listOption, stringOption } from '../context.js';

function positive(ctx: Context, name: string, flag: string): number {
  const v = ctx.options[name];
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new UsageError(`${flag} ${String(v)}: give a positive number`);
  return v;
}

/** A short name for a command line: "npm test" -> "test", "npx tsc --noEmit" -> "tsc". */
export function commandName(command: string): string {
  const argv = parseArgsStringToArgv(command);
  let i = 0;
  if (['npx', 'pnpx', 'bunx'].includes(argv[0] ?? '')) i = 1;
  else if (['npm', 'pnpm', 'yarn', 'bun'].includes(argv[0] ?? '')) i = argv[1] === 'run' ? 2 : 1;
  const word = argv[i] ?? argv[0] ?? 'command';
  return word.replace(/^.*[\\/]/, '') || 'command';
}

/** The --verify configuration, or undefined when --verify is off. */
export function verifyConfigOf(ctx: Context): VerifyConfig | undefined {
  if (!boolOption(ctx, 'verify')) return undefined;
  const timeoutMs = Math.round(positive(ctx, 'verifyTimeout', '--verify-timeout') * 1000);
  const runBudget = Math.floor(positive(ctx, 'verifyBudget', '--verify-budget'));
  const scan = stringOption(ctx, 'verifyScan')?.trim();
  const checks = listOption(ctx, 'verifyCheck')
    .map((c) => c.trim())
    .filter(Boolean);
  if (scan && !scan.includes('{sarif}'))
    throw new UsageError(`--verify-scan ${scan}: the scan command must write its SARIF to {sarif}`);
  const command = (line: string): VerifyCommand => ({ name: commandName(line), command: line, timeoutMs });
  return {
    ...(scan ? { scan: command(scan) } : {}),
    checks: checks.map(command),
    runBudget,
    source: ctx.sources.verifyScan === 'config' || ctx.sources.verifyCheck === 'config' ? 'config' : 'flags',
  };
}

const NO_COMMAND =
  '--verify: no command to run; set verify.scan (writes SARIF to {sarif}) and verify.checks in trust.config.json, or pass --verify-scan and --verify-check';

/**
 * The config with the presets filling what flags and config left out (the scan, the checks),
 * from the tools of the SARIF read and the repository; what a preset could not use is said.
 */
export function withPresets(ctx: Context, config: VerifyConfig, findings: readonly Finding[]): VerifyConfig {
  if (config.scan && config.checks.length > 0) return config;
  const tools = [...new Set(findings.map((f) => f.tool.name))];
  const explicit = {
    ...(config.scan ? { scan: config.scan } : {}),
    ...(config.checks.length > 0 ? { checks: config.checks } : {}),
  };
  const { config: found, notes } = resolveVerify(explicit, ctx.root, tools, { env: ctx.env });
  for (const note of notes) ctx.out.info(`verify: ${note}`);
  if (!found || (!found.scan && found.checks.length === 0)) {
    throw new UsageError(notes.length > 0 ? `${NO_COMMAND} (${notes.join('; ')})` : NO_COMMAND);
  }
  const given = config.scan !== undefined || config.checks.length > 0;
  const source = given ? `${config.source}+${(found.source ?? '').replace(/^config\+/, '')}` : found.source;
  return { ...found, runBudget: config.runBudget, ...(source ? { source } : {}) };
}

/** The reporter of the verifier's commands: a live line on a terminal, plain lines in CI. */
export function verifyProgress(ctx: Context): Promise<VerifyProgress> {
  return createVerifyProgress(ctx.out);
}
