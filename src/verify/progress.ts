/**
 * verify/progress: what the verifier shows while its commands run. On a terminal one live
 * spinner line (core/output's @clack/prompts spinner) names the command and counts the
 * seconds; in CI and pipes, one plain line per command when it ends ("verify: running tests
 * (npm test)… ok in 4.2s"), and a "still running" line now and then, so a log that stops
 * says what it stopped on. Every line passes the central redactor (through Output). A check
 * that fails before the fixes is shown as failed too: the engine decides what that means.
 */
import type { Output } from '../core/output.js';
import type { CommandRun, VerifyCommand } from './types.js';

/** Which run of a command: the checks before the fixes, the rescan, the checks after. */
export type VerifyPhase = 'baseline' | 'scan' | 'check';

/**
 * The engine (verify-fixes.ts) calls start() before each command and end() with its run. A
 * scan's non-zero exit is no failure (ESLint and Bandit exit 1 when they find something).
 */
export interface VerifyProgress {
  start(phase: VerifyPhase, command: VerifyCommand): void;
  end(phase: VerifyPhase, run: CommandRun): void;
}

export interface ProgressOptions {
  /** Plain mode: how often a long command is reported as still running (default 60 s). */
  heartbeatMs?: number;
}

export async function createVerifyProgress(
  out: Output,
  options: ProgressOptions = {},
): Promise<VerifyProgress> {
  const spin = await out.spinner();
  let timer: NodeJS.Timeout | undefined;
  if (spin) {
    return {
      start(phase, command) {
        clearInterval(timer);
        const started = performance.now();
        const line = `verify: running ${label(command.name, command.command, phase)}`;
        spin.start(line);
        // The spinner's own timer would also stamp the final line, which already says how long.
        timer = setInterval(() => spin.message(`${line} ${seconds(performance.now() - started)}`), 1000);
        timer.unref();
      },
      end(phase, run) {
        clearInterval(timer);
        const line = `verify: ${label(run.name, run.command, phase)}: ${outcome(run, phase)}`;
        if (failed(run, phase)) spin.error(line);
        else spin.stop(line);
      },
    };
  }
  const heartbeatMs = options.heartbeatMs ?? 60_000;
  return {
    start(phase, command) {
      clearInterval(timer);
      const started = performance.now();
      timer = setInterval(() => {
        const what = label(command.name, command.command, phase);
        out.info(`verify: ${what} still running after ${seconds(performance.now() - started)}…`);
      }, heartbeatMs);
      timer.unref();
    },
    end(phase, run) {
      clearInterval(timer);
      timer = undefined;
      out.info(`verify: running ${label(run.name, run.command, phase)}… ${outcome(run, phase)}`);
    },
  };
}

function label(name: string, command: string, phase: VerifyPhase): string {
  const what = name === command ? name : `${name} (${command})`;
  return phase === 'baseline' ? `${what} before the fixes` : what;
}

function failed(run: CommandRun, phase: VerifyPhase): boolean {
  return run.timedOut || run.exitCode === null || (phase !== 'scan' && run.exitCode !== 0);
}

/** "ok in 4.2s", "failed (exit 1) in 3.1s", "timed out after 600s (killed)". */
export function outcome(run: CommandRun, phase: VerifyPhase = 'check'): string {
  const took = seconds(run.durationMs);
  if (run.timedOut) return `timed out after ${took} (killed)`;
  if (run.exitCode === null) return `killed after ${took}`;
  if (run.exitCode === 0) return `ok in ${took}`;
  return phase === 'scan'
    ? `done (exit ${run.exitCode}) in ${took}`
    : `failed (exit ${run.exitCode}) in ${took}`;
}

/** 0.4s, 4.2s, 42s, 3m 05s. */
export function seconds(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)}s`;
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)}m ${String(total % 60).padStart(2, '0')}s`;
}
