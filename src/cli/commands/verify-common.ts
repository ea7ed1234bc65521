/**
 * Shared by `trust fix`, `trust pr` and `trust run`: `--verify` from the option table (flags,
 * TRUST_VERIFY_*, `verify` in trust.config.json) -> the engine's VerifyConfig, and the plain
 * progress lines of its commands. Without a scan or check command it says so in one line:
 * trust never guesses a command line to run.
 */
import { parseArgsStringToArgv } from 'string-argv';
import { UsageError } from '../../core/errors.js';
import type { VerifyCommand, VerifyConfig } from '../../verify/types.js';
import type { VerifyProgress } from '../../verify/verify-fixes.js';
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
    return script?.replace(/^.*[\\/]/, '') || argv[0]!;
  }
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
  if (!scan && checks.length === 0) {
    throw new UsageError(
      '--verify: no command to run; set verify.scan (writes SARIF to {sarif}) and verify.checks in trust.config.json, or pass --verify-scan and --verify-check',
    );
  }
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

/** One line as each command starts and ends (the TTY reporter of src/verify replaces these when it lands). */
export function verifyProgress(ctx: Context): VerifyProgress {
  return {
    start: (phase, c) => ctx.out.info(`verify (${phase}): running ${c.name}: ${c.command}`),
    end: (phase, run) => {
      const how = run.timedOut
        ? 'timed out'
        : run.exitCode === 0
          ? 'passed'
          : `exit ${run.exitCode ?? 'killed'}`;
      ctx.out.info(`verify (${phase}): ${run.name} ${how} in ${(run.durationMs / 1000).toFixed(1)} s`);
    },
  };
}
