/**
 * cli/run: runs one invocation and returns its exit code. Maps every error to an exit code
 * (SPEC §3) and prints it as one line; stack traces only for bugs (70) or with --verbose.
 * With --json the error is also a JSON object on stdout, so a machine caller reading stdout
 * always gets JSON: {"error": {"exitCode", "kind", "type", "message", ...}}.
 */
import { CommanderError } from 'commander';
import { ConfigError, describeError, ExitCode, ExternalError, TrustError } from '../core/errors.js';
import { redactor } from '../core/redact.js';
import { REPORT_BUGS_URL, trustVersion } from '../core/version.js';
import { checkCommandWords } from './command-words.js';
import { buildProgram } from './program.js';

export interface ReportOptions {
  verbose: boolean;
  /** Also write the error as JSON on stdout (--json / TRUST_JSON). */
  json: boolean;
}

const TRUE = ['1', 'true', 'yes', 'on'];

export async function runCli(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  redactor.addFromEnv(env);
  // Read before parsing, so a parse error is reported the way the caller asked for too.
  const report: ReportOptions = {
    verbose: argv.includes('--verbose') || argv.includes('-v') || TRUE.includes(lower(env.TRUST_VERBOSE)),
    json: argv.includes('--json') || TRUE.includes(lower(env.TRUST_JSON)),
  };
  let exitCode: number = ExitCode.ok;
  const program = buildProgram({ env, onExit: (code) => (exitCode = code) });
  if (argv.length <= 2) {
    process.stderr.write(program.helpInformation());
    return ExitCode.usage;
  }
  try {
    checkCommandWords(program, argv);
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return reportError(error, report);
  }
}

export function reportError(error: unknown, options: ReportOptions): number {
  const say = (line: string) => process.stderr.write(`${redactor.redact(line)}\n`);
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
    if (error.code === 'commander.help') return ExitCode.ok;
    const message = error.message.replace(/^error: /, '');
    say(`trust: ${message}`);
    say("Run 'trust --help' (or 'trust <command> --help') for usage.");
    if (options.json) writeJsonError(ExitCode.usage, 'UsageError', message);
    return ExitCode.usage;
  }
  if (error instanceof TrustError) {
    say(`trust: ${describeError(error)}`);
    if (options.verbose) {
      if (error.stack) say(error.stack);
      if (error.cause instanceof Error && error.cause.stack) say(`caused by: ${error.cause.stack}`);
    }
    if (options.json) writeJsonError(error.exitCode, error.name, describeError(error), extraOf(error));
    return error.exitCode;
  }
  say(`trust: internal error: ${describeError(error)}`);
  say(
    `This is a bug in trust ${safeVersion()}. Please report it at ${REPORT_BUGS_URL} with the command you ran.`,
  );
  if (error instanceof Error && error.stack) say(error.stack);
  if (options.json)
    writeJsonError(ExitCode.internal, 'InternalError', describeError(error), { reportAt: REPORT_BUGS_URL });
  return ExitCode.internal;
}

/** True for the error a write gets once the reader closed the pipe (`| head`). */
export function isClosedPipe(error: unknown): boolean {
  return (error as { code?: string } | undefined)?.code === 'EPIPE';
}

const KIND_OF_CODE: Record<number, string> = {
  [ExitCode.policy]: 'policy',
  [ExitCode.usage]: 'usage',
  [ExitCode.external]: 'external',
  [ExitCode.internal]: 'internal',
};

function writeJsonError(
  exitCode: number,
  type: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  const body = { error: { exitCode, kind: KIND_OF_CODE[exitCode] ?? 'error', type, message, ...extra } };
  process.stdout.write(`${redactor.redact(JSON.stringify(body, null, 2))}\n`);
}

function extraOf(error: TrustError): Record<string, unknown> {
  if (error instanceof ConfigError && error.problems.length > 0) return { problems: error.problems };
  if (error instanceof ExternalError) return { service: error.service };
  return {};
}

function lower(value: string | undefined): string {
  return (value ?? '').trim().toLowerCase();
}

function safeVersion(): string {
  try {
    return trustVersion();
  } catch {
    return '(unknown version)';
  }
}
