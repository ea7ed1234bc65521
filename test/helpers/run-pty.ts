/**
 * test/helpers/run-pty: run the BUILT binary on a real pseudo-terminal (@lydell/node-pty), so
 * stdout and stderr are a TTY exactly as in a user's terminal. The environment starts clean
 * (PATH, HOME, TMPDIR, TERM), so a CI runner's CI/NO_COLOR/FORCE_COLOR never leak in.
 */
import { type IPty, spawn } from '@lydell/node-pty';
import { REPO_ROOT, TRUST_BIN } from './run-trust.js';

export interface PtyResult {
  exitCode: number;
  /** Everything the terminal received (stdout and stderr interleaved, \r\n line ends). */
  output: string;
}

interface PtyOptions {
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** The built binary on a 160x50 pty, in a clean environment (PATH, HOME, TMPDIR, TERM) plus `options.env`. */
function spawnTrust(args: string[], options: PtyOptions): IPty {
  const env: Record<string, string> = { TERM: 'xterm-256color' };
  for (const name of ['PATH', 'HOME', 'TMPDIR']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return spawn(process.execPath, [TRUST_BIN, ...args], {
    cols: 160,
    rows: 50,
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...env, ...options.env },
  });
}

export function runTrustOnPty(args: string[], options: PtyOptions = {}): Promise<PtyResult> {
  const child = spawnTrust(args, options);
  let output = '';
  child.onData((chunk) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`trust ${args.join(' ')} did not exit on the pty; output so far: ${output}`));
    }, options.timeoutMs ?? 60_000);
    child.onExit(({ exitCode }) => {
      clearTimeout(timer);
      // The last chunk can trail the exit event: let the pty drain once more.
      setTimeout(() => resolve({ exitCode, output }), 50);
    });
  });
}

/** Every distinct ANSI escape sequence (CSI or OSC) in `text`. */
export function escapeCodes(text: string): string[] {
  return [...new Set(text.match(/\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07)/g) ?? [])];
}

/** One exchange with a prompt: when the terminal shows `waitFor` (escape codes stripped), type `send`. */
export interface PtyStep {
  waitFor: RegExp;
  send: string;
}

/**
 * Run the built binary on a pty and answer its prompts in order, as a person would: each
 * step waits for its text in what was printed since the previous answer. Rejects on timeout
 * naming the step it was waiting for.
 */
export function drivePty(
  args: string[],
  steps: readonly PtyStep[],
  options: PtyOptions = {},
): Promise<PtyResult> {
  const child = spawnTrust(args, options);
  let output = '';
  let seen = 0;
  let step = 0;
  const plain = (text: string) => text.replace(/\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07)/g, '');
  child.onData((chunk) => {
    output += chunk;
    const next = steps[step];
    if (next?.waitFor.test(plain(output.slice(seen)))) {
      step++;
      seen = output.length;
      // Let the prompt finish drawing and start reading before the keys arrive.
      setTimeout(() => child.write(next.send), 100);
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`waiting for ${steps[step]?.waitFor ?? 'exit'}; output so far: ${plain(output)}`));
    }, options.timeoutMs ?? 60_000);
    child.onExit(({ exitCode }) => {
      clearTimeout(timer);
      setTimeout(() => resolve({ exitCode, output }), 50);
    });
  });
}
