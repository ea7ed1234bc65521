/**
 * core/option-rows-triage: the rows of the one option table (core/options.ts assembles it)
 * for `trust triage mark`, a person's decision. None comes from the environment or the config
 * file: a decision is made on purpose, on the command line.
 */
import type { OptionSpec } from './options.js';

/** What a person may record; needs_review and suspicious are what the machine says. */
export const MARK_DECISIONS = ['false_positive', 'wont_fix', 'true_positive'] as const;

export const TRIAGE_MARK_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'as',
    flags: '--as <decision>',
    description: `the decision: ${MARK_DECISIONS.join(', ')} (required)`,
    type: 'string',
    env: false,
    config: false,
    scope: ['triage mark'],
  },
  {
    name: 'why',
    flags: '--why <text>',
    description: 'the justification, recorded with the decision and shown by later runs (required)',
    type: 'string',
    env: false,
    config: false,
    scope: ['triage mark'],
  },
  {
    name: 'sarif',
    flags: '--sarif <file...>',
    description:
      'find the findings in these SARIF files (default: the findings `trust triage` recorded in the audit log)',
    type: 'string[]',
    split: false,
    env: false,
    config: false,
    scope: ['triage mark'],
  },
];
