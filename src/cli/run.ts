/**
 * cli/run: runs one invocation and returns its exit code. Maps every error to an exit code
 * (SPEC §3) and prints it as one line; stack traces only for bugs (70) or with --verbose.
 */
import { CommanderError } from 'commander';
import { describeError, ExitCode, TrustError } from '../core/errors.js';
import { redactor } from '../core/redact.js';
import { REPORT_BUGS_URL, trustVersion } from '../core/version.js';
import { buildProgram } from './program.js';

export async function runCli(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  redactor.addFromEnv(env);
  const verbose = argv.includes('--verbose') || argv.includes('-v') || env.TRUST_VERBOSE === 'true';
  let exitCode: number = ExitCode.ok;
  const program = buildProgram({ env, onExit: (code) => (exitCode = code) });
  if (argv.length <= 2) {
    process.stderr.write(program.helpInformation());
    return ExitCode.usage;
  }
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return reportError(error, verbose);
  }
}

export function reportError(error: unknown, verbose: boolean): number {
  const say = (line: string) => process.stderr.write(`${redactor.redact(line)}\n`);
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
    if (error.code === 'commander.help') return ExitCode.ok;
    say(`trust: ${error.message.replace(/^error: /, '')}`);
    say("Run 'trust --help' (or 'trust <command> --help') for usage.");
    return ExitCode.usage;
  }
  if (error instanceof TrustError) {
    say(`trust: ${describeError(error)}`);
    if (verbose) {
      if (error.stack) say(error.stack);
      if (error.cause instanceof Error && error.cause.stack) say(`caused by: ${error.cause.stack}`);
    }
    return error.exitCode;
  }
  say(`trust: internal error: ${describeError(error)}`);
  say(
    `This is a bug in trust ${safeVersion()}. Please report it at ${REPORT_BUGS_URL} with the command you ran.`,
  );
  if (error instanceof Error && error.stack) say(error.stack);
  return ExitCode.internal;
}

function safeVersion(): string {
  try {
    return trustVersion();
  } catch {
    return '(unknown version)';
  }
}
