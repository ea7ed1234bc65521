/**
 * verify/run-command: one scan or check command, run through execa in the repository. The
 * command string is split into argv (quotes allowed, no shell: `;`, `|` and `$X` are plain
 * characters), `{sarif}` is replaced by the path trust gives the scanner, and the environment
 * is the caller's minus every forge, provider and trust secret: a test suite or a scanner
 * plugin has no business with the token that opens pull requests. A command past its timeout
 * is killed with its whole process group (`npm test` -> node -> a hung child) and counts as
 * failed. Its output's tail is kept, redacted, for a dropped fix's reason.
 */
import { execa } from 'execa';
import { parseArgsStringToArgv } from 'string-argv';
import { onEarlyExit } from '../core/cleanup.js';
import { UsageError } from '../core/errors.js';
import { redactor, SECRET_ENV_VARS } from '../core/redact.js';
import { failingTests, testCount } from './test-count.js';
import type { CommandRun, VerifyCommand } from './types.js';

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const TAIL_LINES = 30;
const TAIL_CHARS = 4000;
/** Plenty for a chatty test run; past it execa stops the command (counted failed). */
const MAX_BUFFER = 64 * 1024 * 1024;

/** Names that hold credentials by convention, whatever the service (NPM_TOKEN, CI_JOB_JWT, DB_PASSWORD). */
const SECRET_NAME = /(^|_)(TOKEN|API_KEY|APIKEY|SECRET|SECRET_KEY|PASSWORD|JWT|PRIVATE_KEY)($|_)/i;
const ALWAYS = new Set<string>([...SECRET_ENV_VARS, 'ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_RUNTIME_URL']);

/** The environment a command sees: the caller's without secrets (nor trust's own keys). */
export function commandEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || ALWAYS.has(name) || SECRET_NAME.test(name)) continue;
    if (/^TRUST_.*KEY/i.test(name)) continue;
    out[name] = value;
  }
  return out;
}

/** argv of a command string, `{sarif}` replaced; an empty command is a configuration error. */
export function commandArgv(command: VerifyCommand, sarif?: string): string[] {
  const argv = parseArgsStringToArgv(command.command).map((a) =>
    sarif === undefined ? a : a.replaceAll('{sarif}', sarif),
  );
  if (argv.length === 0) throw new UsageError(`verify: the command of "${command.name}" is empty`);
  return argv;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Replaces `{sarif}` in the arguments. */
  sarif?: string;
}

export async function runCommand(command: VerifyCommand, options: RunOptions): Promise<CommandRun> {
  const [file, ...args] = commandArgv(command, options.sarif);
  const timeoutMs = command.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  // Its own process group, so a timeout (or trust ending early) can kill every process it started.
  const child = execa(file!, args, {
    cwd: options.cwd,
    env: commandEnv(options.env),
    extendEnv: false,
    stdin: 'ignore',
    all: true,
    reject: false,
    detached: true,
    maxBuffer: MAX_BUFFER,
    stripFinalNewline: false,
  });
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, timeoutMs);
  const forget = onEarlyExit(killGroup);
  try {
    const result = await child;
    const notFound = (result as { code?: string }).code === 'ENOENT';
    const output = notFound ? `${file}: command not found` : String(result.all ?? '');
    const tests = testCount(output);
    const failing = failingTests(output).map((name) => redactor.redact(name));
    return {
      ...(tests ? { tests } : {}),
      ...(failing.length > 0 ? { failingTests: failing } : {}),
      name: command.name,
      command: command.command,
      exitCode: timedOut ? null : (result.exitCode ?? null),
      durationMs: Math.round(performance.now() - started),
      timedOut,
      outputTail: tailOf(
        timedOut ? `${output}\n(killed after ${Math.round(timeoutMs / 1000)} s: timed out)` : output,
      ),
    };
  } finally {
    clearTimeout(timer);
    forget();
  }
}

/** A run passed: exit 0 within its time. */
export function passed(run: CommandRun): boolean {
  return run.exitCode === 0 && !run.timedOut;
}

/** The last lines of the output, redacted, without colour codes. */
export function tailOf(output: string): string {
  const plain = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\s+$/, '');
  const tail = plain.split(/\r?\n/).slice(-TAIL_LINES).join('\n');
  return redactor.redact(tail.length > TAIL_CHARS ? tail.slice(-TAIL_CHARS) : tail);
}
