/**
 * cli/commands: the table of commands. One row per command: its arguments, summary, help
 * examples and a lazy loader, so `trust --help` imports no capability code.
 * Register a command here only once it works end to end.
 */
import type { CommandHandler } from './context.js';

export interface CommandSpec {
  /** "findings", or "log verify" for a sub-command of "log". */
  name: string;
  /** commander argument syntax, e.g. "<sarif...>". */
  args?: string;
  summary: string;
  /** Longer help shown by `trust <command> --help`. */
  description?: string;
  examples: string[];
  load: () => Promise<{ default: CommandHandler }>;
}

/** Parent commands that only group sub-commands. */
export const COMMAND_GROUPS: Record<string, string> = {};

export const COMMANDS: readonly CommandSpec[] = [
  // rows are added as each command starts working end to end
  {
    name: 'findings',
    args: '<sarif...>',
    summary: 'print the normalized findings of SARIF files (table, or --json)',
    description:
      'Read SARIF 2.1.0 files (any scanner, several runs per file) and print one normalized finding per\n' +
      'problem: rule, level, CWE, security-severity, repository-relative location and a stable id.\n' +
      'Locations outside the repository root are reported out-of-tree and never read.',
    examples: [
      'trust findings codeql.sarif semgrep.sarif',
      'trust findings eslint.sarif --source-root /home/runner/work/app/app',
      "trust findings results.sarif --level error --rule 'js/*' --path 'src/**'",
      'trust findings results.sarif --json > findings.json',
    ],
    load: () => import('./commands/findings.js'),
  },
];
