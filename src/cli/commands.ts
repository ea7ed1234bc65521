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
export const COMMAND_GROUPS: Record<string, string> = {
  log: 'the signed audit log: show, verify, checkpoint, prove, export',
  codemods: 'the deterministic codemod catalogue',
};

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
  {
    name: 'fix',
    args: '<sarif...>',
    summary: 'apply deterministic fixes for SARIF findings to the working tree',
    description:
      'Route each finding to the codemods that declare its scanner rule, fix the code at its location\n' +
      '(never other code), and report every finding left unfixed with the reason. A file whose fixed\n' +
      'version would not parse is left untouched. Only files inside the repository are written.',
    examples: [
      'trust fix codeql.sarif eslint.sarif',
      'trust fix results.sarif --dry-run',
      'trust fix results.sarif --codetf codetf.json',
      "trust fix results.sarif --only js/secure-random --exclude 'python/*'",
    ],
    load: () => import('./commands/fix.js'),
  },
  {
    name: 'codemods list',
    summary: 'list the codemod catalogue (CWE, review guidance, scanner rules)',
    examples: ['trust codemods list', 'trust codemods list --json'],
    load: () => import('./commands/codemods-list.js'),
  },
  {
    name: 'codemods show',
    args: '<id>',
    summary: "show one codemod: what it changes, its scanner rules and references",
    examples: ['trust codemods show js/secure-random', 'trust codemods show trust:js/secure-random --json'],
    load: () => import('./commands/codemods-show.js'),
  },
];
