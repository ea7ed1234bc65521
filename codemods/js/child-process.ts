/**
 * J3 no shell in child_process: `exec(\`git log ${ref}\`)` -> `execFile('git', ['log', ref])`
 * (and execSync -> execFileSync); `spawn(cmd, args, { shell: true })` loses `shell: true`.
 * Only commands whose literal parts hold no shell syntax (pipes, redirects, quotes, globs,
 * `&&`, `$`) and whose program is a literal are rewritten; everything else stays unfixed.
 */
import type { SgNode } from '@ast-grep/napi';
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';
import {
  callArguments,
  isStaticString,
  removeObjectEntry,
  type StringPiece,
  stringPieces,
  stringValue,
} from '../../src/fix/js.js';

// Characters the shell treats specially anywhere in a word (quotes too: this codemod does not
// re-implement shell quoting). `~`, `#` and `VAR=` only matter at the start of a word.
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]{}\n]/;

type Piece = StringPiece;

/** The command as literal text and expressions (names, members, calls), in order. */
const pieces = (expr: SgNode) =>
  stringPieces(expr, (e) =>
    ['identifier', 'member_expression', 'call_expression'].includes(String(e.kind())),
  );

/** Split into argv words; a word mixing literal text and expressions becomes a template. */
function words(parts: Piece[]): { words: string[]; firstIsLiteral: boolean } | string {
  const out: { text: string; dynamic: boolean; literal: string }[] = [];
  let current: { text: string; dynamic: boolean; literal: string } | undefined;
  for (const p of parts) {
    if ('literal' in p) {
      if (SHELL_SYNTAX.test(p.literal))
        return `the command uses shell syntax (${SHELL_SYNTAX.exec(p.literal)![0]}), which only a shell can run`;
      const chunks = p.literal.split(/(\s+)/);
      for (const chunk of chunks) {
        if (/^\s+$/.test(chunk)) current = undefined;
        else if (chunk.length > 0) {
          if (!current) {
            current = { text: '', dynamic: false, literal: '' };
            out.push(current);
          }
          current.text += chunk.replace(/`/g, '\\`');
          current.literal += chunk;
        }
      }
    } else {
      if (!current) {
        current = { text: '', dynamic: false, literal: '' };
        out.push(current);
      }
      current.text += `\${${p.node.text()}}`;
      current.dynamic = true;
    }
  }
  if (out.length === 0) return 'the command is empty';
  const odd = out.find((w, i) => /^[~#]/.test(w.literal) || (i === 0 && w.literal.includes('=')));
  if (odd) return `the command uses shell syntax (${odd.literal}), which only a shell can run`;
  return {
    firstIsLiteral: !out[0]!.dynamic,
    words: out.map((w) => {
      if (!w.dynamic) return `'${w.literal}'`;
      const only = /^\$\{([\s\S]*)\}$/.exec(w.text);
      return only && !only[1]!.includes('${') ? only[1]! : `\`${w.text}\``;
    }),
  };
}

function fixExec(ctx: TransformContext, call: SgNode): TransformResult {
  const callee = call.field('function')!;
  const args = callArguments(call);
  const command = args[0];
  if (!command) return { unfixed: 'exec is called without a command' };
  const parts = pieces(command);
  if (!parts) return { unfixed: 'the command is built in a way this codemod cannot split safely' };
  if (parts.length === 1 && 'node' in parts[0]!) {
    return {
      unfixed: 'the whole command comes from a variable, so its program and arguments cannot be separated',
    };
  }
  const split = words(parts);
  if (typeof split === 'string') return { unfixed: split };
  if (!split.firstIsLiteral) return { unfixed: 'the program to run comes from a variable' };
  const name = callee.kind() === 'member_expression' ? callee.field('property')!.text() : callee.text();
  const replacement = name === 'execSync' ? 'execFileSync' : 'execFile';
  let fn: string;
  if (callee.kind() === 'member_expression') fn = `${callee.field('object')!.text()}.${replacement}`;
  else fn = ctx.ensureImport({ module: 'node:child_process', name: replacement, aliases: ['child_process'] });
  const [program, ...rest] = split.words;
  const argv = `${program}, [${rest.join(', ')}]`;
  return [
    ctx.replace(callee, fn),
    { start: command.range().start.index, end: command.range().end.index, text: argv },
  ];
}

function fixShellOption(ctx: TransformContext, call: SgNode): TransformResult {
  const args = callArguments(call);
  const options = args.find((a) => a.kind() === 'object');
  const shell = options
    ?.namedChildren()
    .find((p) => p.kind() === 'pair' && /^["']?shell["']?$/.test(p.field('key')?.text() ?? ''));
  if (!options || !shell) return { unfixed: 'no literal shell option in this call' };
  if (shell.field('value')?.text() === 'false') return { unfixed: 'shell is already false' };
  const command = args[0];
  if (
    !command ||
    !isStaticString(command) ||
    /\s/.test(stringValue(command)) ||
    args[1]?.kind() !== 'array'
  ) {
    return {
      unfixed:
        'without a shell the command must be one program with an argument array; this call relies on the shell to split it',
    };
  }
  return [removeObjectEntry(ctx.source, shell)];
}

function transform(ctx: TransformContext): TransformResult {
  const callee = ctx.node.field('function')?.text() ?? '';
  if (/(^|\.)(exec|execSync)$/.test(callee)) return fixExec(ctx, ctx.node);
  return fixShellOption(ctx, ctx.node);
}

export default defineCodemod({
  id: 'trust:js/child-process-no-shell',
  title: 'Run commands without a shell',
  description: [
    '`child_process.exec` hands its whole string to `/bin/sh`, so a value interpolated into it can',
    'add `; rm -rf ~` or `$(curl ...)` (command injection). This change runs the program directly',
    'with `execFile`/`execFileSync` and passes each value as its own argument, which no shell ever',
    'parses; `spawn(..., { shell: true })` loses the shell. Commands that really use shell features',
    '(pipes, redirects, globs, `&&`) are left unfixed for a person to rewrite.',
  ].join('\n'),
  cwe: [78, 88],
  languages: ['javascript', 'typescript', 'tsx'],
  rules: {
    codeql: [
      'js/command-line-injection',
      'js/shell-command-constructed-from-input',
      'js/shell-command-injection-from-environment',
      'js/second-order-command-line-injection',
    ],
    semgrep: [
      'javascript.lang.security.detect-child-process.detect-child-process',
      'javascript.lang.security.audit.spawn-shell-true.spawn-shell-true',
    ],
    eslint: ['security/detect-child-process'],
    sonar: ['javascript:S4721', 'typescript:S4721'],
  },
  reviewGuidance: 'merge-after-review',
  references: [
    { url: 'https://cwe.mitre.org/data/definitions/78.html', description: 'CWE-78: OS Command Injection' },
    {
      url: 'https://nodejs.org/api/child_process.html#child_processexecfilefile-args-options-callback',
      description: 'child_process.execFile',
    },
  ],
  match: {
    any: [
      { pattern: 'exec($$$A)' },
      { pattern: 'execSync($$$A)' },
      { pattern: '$CP.exec($$$A)' },
      { pattern: '$CP.execSync($$$A)' },
      { pattern: 'spawn($$$A)' },
      { pattern: 'spawnSync($$$A)' },
      { pattern: '$CP.spawn($$$A)' },
      { pattern: '$CP.spawnSync($$$A)' },
      { pattern: 'execFile($$$A)' },
      { pattern: '$CP.execFile($$$A)' },
    ],
  },
  transform,
});
