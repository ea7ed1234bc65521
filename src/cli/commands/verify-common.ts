/**
 * Shared by `trust fix`, `trust pr` and `trust run`: `--verify` from the option table (flags,
 * TRUST_VERIFY_*, `verify` in trust.config.json) -> the engine's VerifyConfig, and the plain
 * progress lines of its commands. Without a scan or check command it says so in one line:
 * trust never guesses a command line to run.
 */
import { parseArgsStringToArgv } from 'string-argv';
import { UsageError } from '../../core/errors.js';
import { resolveVerify } from '../../verify/presets.js';
import { createVerifyProgress, type VerifyProgress } from '../../verify/progress.js';
import type { VerifyCommand, VerifyConfig } from '../../verify/types.js';
import { boolOption, type Context, listOption, stringOption } from '../context.js';

function positive(ctx: Context, name: string, flag: string): number {
  const v = ctx.options[name];
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new UsageError(`${flag} ${String(v)}: give a positive number`);
  return v;
}

/** A short name for a command line: "npm test" -> "test", "npx tsc --noEmit" -> "tsc", "node --test" -> "tests". */
export function commandName(command: string): string {
  const argv = parseArgsStringToArgv(command);
  if (['node', 'python', 'python3'].includes(argv[0] ?? '')) {
    if (argv.includes('--test')) return 'tests';
    const module = argv.indexOf('-m');
    const script = module >= 0 ? argv[module + 1] : argv.slice(1).find((a) => !a.startsWith('-'));
    return script?.replace(/^.*[\\/]/, '').replace(/\.[cm]?[jt]s$|\.py$/, '') || argv[0]!;
  }
  let i = 0;
  if (['npx', 'pnpx', 'bunx'].includes(argv[0] ?? '')) i = 1;
  else if (['npm', 'pnpm', 'yarn', 'bun'].includes(argv[0] ?? '')) i = argv[1] === 'run' ? 2 : 1;
  const word = argv[i] ?? argv[0] ?? 'command';
  return word.replace(/^.*[\\/]/, '') || 'command';
}

/**
 * The --verify configuration, or undefined when --verify is off. Commands given (flags,
 * TRUST_VERIFY_*, `verify` in trust.config.json) win field by field; the stack presets
 * (verify/presets.ts: from the SARIF's tools and the repository's files) fill in the rest.
 */
export function verifyConfigOf(ctx: Context, sarifTools: readonly string[]): VerifyConfig | undefined {
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
  const explicit: Partial<VerifyConfig> = {
    ...(scan ? { scan: command(scan) } : {}),
    ...(checks.length > 0 ? { checks: checks.map(command) } : {}),
  };
  const { config, notes } = resolveVerify(explicit, ctx.root, sarifTools, { env: ctx.env });
  for (const note of notes) ctx.out.info(`verify: ${note}`);
  if (!config || (!config.scan && config.checks.length === 0)) {
    // What a preset recognised but could not use is the likeliest fix, so the one line says it.
    const why = notes.length > 0 ? ` (${notes.join('; ')})` : '';
    throw new UsageError(
      `--verify: no command to run; set verify.scan (writes SARIF to {sarif}) and verify.checks in trust.config.json, or pass --verify-scan and --verify-check${why}`,
    );
  }
  // A preset's commands get the configured timeout too, unless the preset set its own.
  const timed = (c: VerifyCommand): VerifyCommand => ({ ...c, timeoutMs: c.timeoutMs ?? timeoutMs });
  return {
    ...config,
    ...(config.scan ? { scan: timed(config.scan) } : {}),
    checks: config.checks.map(timed),
    runBudget: config.runBudget ?? runBudget,
  };
}

/** The progress of its commands: a live line on a terminal, plain lines in CI (verify/progress.ts). */
export function verifyProgress(ctx: Context): Promise<VerifyProgress> {
  return createVerifyProgress(ctx.out);
}
