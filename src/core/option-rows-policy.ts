/**
 * core/option-rows-policy: the rows of the one option table (core/options.ts assembles it)
 * that decide when a run fails or refuses: --fail-on for CI, --allow-dirty for `fix`, and
 * --suppress (whether `fix` writes scanner suppression comments for mitigated findings).
 */
import type { OptionSpec } from './options.js';

/** SARIF levels from the most severe; "none" and "never" turn --fail-on off. */
export const FAIL_ON_LEVELS = ['error', 'warning', 'note', 'none', 'never'] as const;

export const POLICY_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'failOn',
    flags: '--fail-on <level>',
    description:
      'exit 1 when an unresolved finding at this SARIF level or above remains (not fixed, not triaged false_positive or wont_fix, not suppressed by the scanner); "none" or "never": off (the default)',
    type: 'string',
    choices: FAIL_ON_LEVELS,
    config: 'failOn',
    scope: ['findings', 'triage', 'fix', 'pr', 'run'],
    example: 'error',
  },
  {
    name: 'allowDirty',
    flags: '--allow-dirty',
    description:
      'write fixes even when tracked files have uncommitted changes (by default fix refuses, so its edits never mix with yours)',
    type: 'boolean',
    default: false,
    config: 'fix.allowDirty',
    scope: ['fix'],
  },
  {
    name: 'suppress',
    flags: '--suppress',
    description:
      "where the scanner's rule still reports a fixed place (the finding is recorded as mitigated, not fixed), also write that scanner's suppression comment with the justification (eslint-disable-next-line, nosemgrep, codeql[...], nosec)",
    type: 'boolean',
    default: false,
    config: 'fix.suppressions',
    scope: ['fix'],
  },
];
