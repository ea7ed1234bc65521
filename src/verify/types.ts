/**
 * verify/types: the contract of `--verify` (trust fix, trust pr, trust run, and `verify` in
 * trust.config.json), shared by the engine, the stack presets and the reports. A fix is kept
 * only when a rescan no longer reports its finding and the checks that passed before still pass.
 */

/** One command run through execa in the repository, with forge and provider tokens stripped. */
export interface VerifyCommand {
  /** Shown in progress lines, the audit log, CodeTF and the PR body: "eslint", "tests". */
  name: string;
  /** Parsed into argv (no shell); `{sarif}` is replaced by the path trust gives the scanner. */
  command: string;
  timeoutMs?: number;
}

export interface VerifyConfig {
  /** Writes SARIF to `{sarif}`; absent: the finding-gone test is skipped and says so. */
  scan?: VerifyCommand;
  /** Build, typecheck, tests: each must keep passing if it passed before the fixes. */
  checks: VerifyCommand[];
  /** Most check runs a bisect may spend beyond the baseline and the first full run. */
  runBudget?: number;
  /** Where the config came from, for the report: "config", "preset:eslint+npm-test", … */
  source?: string;
}

export interface CommandRun {
  name: string;
  command: string;
  exitCode: number | null;
  durationMs: number;
  timedOut: boolean;
  /** The last lines of stdout+stderr, redacted, for a dropped fix's reason. */
  outputTail: string;
  /** What a known test runner printed about its tests (verify/test-count.ts), when it did. */
  tests?: { passed: number; total: number };
  /** The tests it said failed (first few), redacted. */
  failingTests?: string[];
}

export type VerifyOutcome =
  | { kept: true; findingGone: boolean | 'not-scanned'; checks: string }
  | { kept: false; reason: string; command?: string; outputTail?: string };
