/**
 * test/helpers/run-trust: run the BUILT binary (`bin/trust.js`, after `npm run build`) the
 * way a user would, and hand back what they would see. Never throws on a non-zero exit.
 *
 *   const r = await runTrust(['findings', 'a.sarif', '--json'], { cwd: repo });
 *   expect(r.exitCode).toBe(0); JSON.parse(r.stdout);
 */
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** Absolute path of bin/trust.js in this checkout. */
export const TRUST_BIN = fileURLToPath(new URL('../../bin/trust.js', import.meta.url));

/** Absolute path of the repository (the checkout under test). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Working directory of the process (default: the repository root). */
  cwd?: string;
  /**
   * Extra environment. The child starts from a CLEAN environment (PATH, HOME, TMPDIR only)
   * so CI variables of the machine running the tests (GITHUB_ACTIONS, CI, tokens) never leak
   * into the behaviour under test; pass them here when a test wants them.
   */
  env?: Record<string, string | undefined>;
  /** Text fed to stdin (default: none, stdin closed). */
  input?: string;
  timeoutMs?: number;
}

export async function runTrust(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const base: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'SYSTEMROOT']) {
    const value = process.env[name];
    if (value !== undefined) base[name] = value;
  }
  const result = await execa(process.execPath, [TRUST_BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...base, ...options.env },
    extendEnv: false,
    reject: false,
    stripFinalNewline: false,
    timeout: options.timeoutMs ?? 60_000,
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' }),
  });
  return {
    exitCode: result.exitCode ?? -1,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
  };
}

/** True when stderr holds something that looks like a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+(\(|:\d+:\d+)/m.test(text);
}
