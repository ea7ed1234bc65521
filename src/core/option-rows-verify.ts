/**
 * core/option-rows-verify: the rows of the one option table (core/options.ts assembles it) for
 * `--verify` on trust fix, pr and run: rescan and run the project's checks after fixing, and
 * keep only the fixes that pass. In trust.config.json they sit under `verify`.
 */
import type { OptionSpec } from './options.js';

const VERIFY_SCOPE = ['fix', 'pr', 'run'] as const;

export const VERIFY_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'verify',
    flags: '--verify',
    description:
      "after fixing, rescan and run the project's checks; keep only the fixes whose finding is gone and with which the checks still pass",
    type: 'boolean',
    default: false,
    config: 'verify.enabled',
    scope: VERIFY_SCOPE,
  },
  {
    name: 'verifyScan',
    flags: '--verify-scan <command>',
    description: 'the scan command of --verify; it writes SARIF to the path trust puts in place of {sarif}',
    type: 'string',
    config: 'verify.scan',
    scope: VERIFY_SCOPE,
    example: 'npx eslint . -f @microsoft/eslint-formatter-sarif -o {sarif}',
  },
  {
    name: 'verifyCheck',
    flags: '--verify-check <command...>',
    description:
      'a check command of --verify (build, typecheck, tests; repeat for more): each that passed before the fixes must still pass',
    type: 'string[]',
    split: false,
    config: 'verify.checks',
    scope: VERIFY_SCOPE,
    example: 'npm test',
  },
  {
    name: 'verifyTimeout',
    flags: '--verify-timeout <seconds>',
    description: 'seconds each --verify command may run before it is killed and counted as failed',
    type: 'number',
    default: 600,
    config: 'verify.timeoutSeconds',
    scope: VERIFY_SCOPE,
  },
  {
    name: 'verifyBudget',
    flags: '--verify-budget <runs>',
    description:
      'most check runs --verify may spend finding the fixes that broke a check (beyond the baseline and the run with every fix)',
    type: 'number',
    default: 24,
    config: 'verify.runBudget',
    scope: VERIFY_SCOPE,
  },
];
