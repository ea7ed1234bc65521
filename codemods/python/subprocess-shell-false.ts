/**
 * P2 no shell for subprocess: `shell=True` -> `shell=False` when the command is an argument
 * list, or a constant string that splits into one without shell syntax. A command built as
 * a string at run time (f-string, %, +, a variable) is left unfixed: splitting it safely
 * needs to know what the pieces are.
 */
import { defineCodemod, type Edit, type TransformResult } from '../../src/fix/codemod.js';
import { callArgs, importedNames, isBool, plainString, qualify } from './_support.js';

const FUNCTIONS = new Set(['run', 'call', 'check_call', 'check_output', 'Popen']);

// Anything the shell would interpret; a plain word list has none of these.
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~={}%!\n\t]/;

export default defineCodemod({
  id: 'trust:python/subprocess-shell-false',
  title: 'Run subprocesses without a shell',
  description: [
    'With `shell=True` the command goes through `/bin/sh`, so any value that reaches it can add',
    'commands of its own (`; rm -rf ~`). This change sets `shell=False`. For an argument list that',
    'is also what the code meant: with `shell=True` a list runs only its first item. A constant',
    'command string without shell syntax (pipes, redirects, quotes, globs, variables) is split into',
    'the equivalent list. Commands built as strings at run time are left unfixed with a reason.',
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
    if (command.kind() === 'list' || command.kind() === 'tuple') return edits;
    const text = plainString(command);
    if (text === undefined) {
      return {
        unfixed:
          'the command is built as one string at run time; splitting it into an argument list needs a human or the LLM fixer',
      };
    }
    if (SHELL_SYNTAX.test(text)) {
      return {
        unfixed: 'the command string uses shell syntax (pipes, redirects, quotes, globs or variables)',
      };
    }
    const words = text.split(/ +/).filter((w) => w.length > 0);
    if (words.length === 0) return { unfixed: 'the command string is empty' };
    const quote = command.text().endsWith("'") ? "'" : '"';
    edits.push(ctx.replace(command, `[${words.map((w) => `${quote}${w}${quote}`).join(', ')}]`));
    return edits;
  },
});
