/**
 * P2 no shell for subprocess: `shell=True` -> `shell=False`, turning a command string into the
 * argument list the shell would have split it into: constant strings, f-strings, `+`, `%` and
 * `.format()` whose literal text is plain words (see _shell-words.ts). Each value becomes (part
 * of) one argument, so it can no longer add arguments or commands. Commands with shell syntax,
 * a program chosen at run time, or a command held in a variable are left unfixed; so are lists
 * whose first item is a command line or whose items need the shell to expand them.
 */
import { defineCodemod, type Edit, type TransformResult } from '../../src/fix/codemod.js';
import { listCommandProblem, shellWords } from './_shell-words.js';
import { callArgs, importedNames, isBool, qualify } from './_support.js';

const FUNCTIONS = new Set(['run', 'call', 'check_call', 'check_output', 'Popen']);

export default defineCodemod({
  id: 'trust:python/subprocess-shell-false',
  title: 'Run subprocesses without a shell',
  description: [
    'With `shell=True` the command goes through `/bin/sh`, so a value that reaches it can add',
    'arguments or whole commands of its own (`; rm -rf ~`). This change sets `shell=False` and',
    'passes the argument list the shell would have built: `f"logrotate {name}"` becomes',
    '`["logrotate", str(name)]`, so each value stays exactly one argument. For a command that was',
    'already a list this is also what the code meant: with `shell=True` a list runs only its first',
    'item. Commands using shell syntax (pipes, redirects, quotes, globs, variables), commands held',
    'in a variable, and programs chosen at run time are left unfixed with the reason. That holds',
    'for lists too: `["ls *.txt"]` is a command line the shell ran, which without a shell would be',
    'a program named `ls *.txt`, and a `"*.log"` item would no longer be expanded.',
  ].join('\n'),
  cwe: [78],
  languages: ['python'],
  rules: {
    bandit: ['B602'],
    semgrep: ['python.lang.security.audit.subprocess-shell-true.subprocess-shell-true'],
    sonar: ['python:S4721'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    {
      url: 'https://docs.python.org/3/library/subprocess.html#security-considerations',
      description: 'subprocess: security considerations',
    },
    { url: 'https://cwe.mitre.org/data/definitions/78.html', description: 'CWE-78: OS Command Injection' },
  ],
  match: {
    kind: 'call',
    has: { field: 'arguments', has: { kind: 'keyword_argument', has: { field: 'name', regex: '^shell$' } } },
  },
  transform(ctx): TransformResult {
    const fn = ctx.node.field('function');
    const name = fn ? qualify(fn, importedNames(ctx.root)) : undefined;
    if (!name?.startsWith('subprocess.') || !FUNCTIONS.has(name.slice('subprocess.'.length))) {
      return { unfixed: `${fn?.text() ?? 'this call'} is not a subprocess function this codemod knows` };
    }
    const args = callArgs(ctx.node);
    const shell = args?.keywords.get('shell');
    if (!args || !shell) return { unfixed: 'the call has no shell= argument' };
    if (isBool(shell, false)) return [];
    if (!isBool(shell, true))
      return { unfixed: `shell=${shell.text()} is not a constant; decide it by hand` };
    const command = args.positional[0] ?? args.keywords.get('args');
    if (!command) return { unfixed: 'the command argument is passed indirectly (*args/**kwargs)' };
    const edits: Edit[] = [ctx.replace(shell, 'False')];
    if (command.kind() === 'list' || command.kind() === 'tuple') {
      const problem = listCommandProblem(command);
      return problem ? { unfixed: problem } : edits;
    }
    if (command.kind() === 'identifier') {
      return {
        unfixed: `the command comes from ${command.text()}; splitting it into an argument list needs a human or the LLM fixer`,
      };
    }
    const words = shellWords(command);
    if (typeof words === 'string') return { unfixed: words };
    edits.push(ctx.replace(command, words.list));
    return edits;
  },
});
