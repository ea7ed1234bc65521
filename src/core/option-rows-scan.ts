/**
 * core/option-rows-scan: the `trust scan` rows of the one option table (core/options.ts
 * assembles it): which assets, how the grade is computed and gated, where the reports go, and
 * the politeness limits (rate, budget, timeout) every scan keeps. Grades are checked by the
 * command (scan/observatory owns the list; core imports no capability). --org, --resolver and
 * --ca are the assets rows (option-rows-assets.ts): the re-verification uses what
 * `trust assets verify` used.
 */
import type { OptionSpec } from './options.js';

export const SCAN_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'all',
    flags: '--all',
    description: 'scan every asset in the configuration',
    type: 'boolean',
    default: false,
    config: false,
    scope: ['scan'],
  },
  {
    name: 'algorithm',
    flags: '--algorithm <version>',
    description:
      'Observatory scoring: 5 (current, X-Frame-Options DENY/SAMEORIGIN earns +5) or 4 (1.4.8, the release that runs on Node 20)',
    type: 'string',
    choices: ['4', '5'],
    default: '5',
    config: 'scan.algorithm',
    scope: ['scan'],
  },
  {
    name: 'failUnder',
    flags: '--fail-under <grade>',
    description:
      'exit 1 when any scanned asset grades below this (A+, A, A-, B+, B, B-, C+, C, C-, D+, D, D-, F)',
    type: 'string',
    config: 'scan.failUnder',
    scope: ['scan'],
    example: 'B',
  },
  {
    name: 'scanSarif',
    flags: '--sarif <file>',
    description: 'write the findings of every scanned asset as SARIF 2.1.0 (URL locations) to this file',
    type: 'string',
    config: false,
    scope: ['scan'],
  },
  {
    name: 'markdown',
    flags: '--markdown <file>',
    description: 'write a Markdown summary to this file (on GitHub Actions it also goes to the job summary)',
    type: 'string',
    config: false,
    scope: ['scan'],
  },
  {
    name: 'rate',
    flags: '--rate <n>',
    description: 'requests per second per host',
    type: 'number',
    default: 5,
    config: 'scan.rate',
    scope: ['scan'],
  },
  {
    name: 'budget',
    flags: '--budget <n>',
    description: 'requests per asset scan, all hosts together; the scan stops asking when it is spent',
    type: 'number',
    default: 100,
    config: 'scan.budget',
    scope: ['scan'],
  },
  {
    name: 'scanTimeout',
    flags: '--timeout <seconds>',
    description: 'seconds to wait for each response',
    type: 'number',
    default: 10,
    config: 'scan.timeoutSeconds',
    scope: ['scan'],
  },
];
