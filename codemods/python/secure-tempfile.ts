/**
 * P6 secure temporary files: `name = tempfile.mktemp(...)` becomes a `with
 * tempfile.NamedTemporaryFile(delete=False, ...) as tmp_file: name = tmp_file.name` block, so
 * the file is created (exclusively, mode 0600) before its name is used. Left unfixed: mktemp()
 * inside a larger expression (the rewrite needs a statement of its own), and names used for a
 * directory, socket or named pipe (os.mkdir(name), a pipe prefix), which must not exist yet.
 */
import type { SgNode } from '@ast-grep/napi';
import { defineCodemod, type TransformResult } from '../../src/fix/codemod.js';
import {
  callArgs,
  enclosingScope,
  enclosingStatement,
  eol,
  importedNames,
  indentAt,
  qualify,
} from './_support.js';

const MKTEMP_PARAMS = ['suffix', 'prefix', 'dir'];

/** One indentation step as the file writes it (the first indented line's whitespace). */
function indentUnit(source: string): string {
  const m = /\n([ \t]+)\S/.exec(source);
  return m?.[1]?.startsWith('\t') ? '\t' : (m?.[1] ?? '    ');
}

function freeName(root: SgNode, base: string): string {
  const used = new Set(root.findAll({ rule: { kind: 'identifier' } }).map((n) => n.text()));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

// mktemp() names are also used for directories, sockets and named pipes, which must not exist
// beforehand; calls that check or create such things on the name rule the rewrite out.
const NON_FILE_USE =
  /(^|\.)(mkdir|makedirs|mkdtemp|mkfifo|mknod|bind|connect|symlink|link|copytree|exists|lexists|isdir|CreateNamedPipe|Listener|Client)$/;

/** The first call that treats `name` as something other than a fresh regular file, if any. */
function notAFile(call: SgNode, name: string, scope: SgNode): string | undefined {
  if (/\bpipe\b/i.test(call.text())) return 'a named pipe';
  for (const use of scope.findAll({ rule: { kind: 'identifier', regex: `^${name}$` } })) {
    const callNode = use.parent()?.kind() === 'argument_list' ? use.parent()?.parent() : undefined;
    const callee = callNode?.field('function')?.text() ?? '';
    if (NON_FILE_USE.test(callee)) return `${callee}(${use.text()})`;
  }
  return undefined;
}

export default defineCodemod({
  id: 'trust:python/secure-tempfile',
  title: 'Create temporary files securely',
  description: [
    '`tempfile.mktemp()` only returns a name; between that call and the moment the file is opened',
    'another process can create the file (or a symlink) under that name and read or redirect what',
    'is written. This change creates the file at once with `NamedTemporaryFile(delete=False)`',
    '(exclusive creation, owner-only permissions) and keeps its name, with the same suffix, prefix',
    'and directory. The file now exists when the code gets the name; deleting it stays the job of',
    'the code that did so before. Names the code turns into a directory, socket or named pipe are',
    'left alone, since those must not exist beforehand (use `tempfile.mkdtemp()` for directories).',
  ].join('\n'),
  cwe: [377],
  languages: ['python'],
  rules: {
    bandit: ['B306'],
    codeql: ['py/insecure-temporary-file'],
    semgrep: ['python.lang.correctness.tempfile.mktemp.tempfile-insecure'],
    sonar: ['python:S5445'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    {
      url: 'https://docs.python.org/3/library/tempfile.html#tempfile.mktemp',
      description: 'tempfile.mktemp (deprecated)',
    },
    {
      url: 'https://cwe.mitre.org/data/definitions/377.html',
      description: 'CWE-377: Insecure Temporary File',
    },
  ],
  match: { kind: 'call', has: { field: 'function', regex: '(^|\\.)mktemp$' } },
  transform(ctx): TransformResult {
    const fn = ctx.node.field('function');
    if (!fn || qualify(fn, importedNames(ctx.root)) !== 'tempfile.mktemp') {
      return { unfixed: `${fn?.text() ?? 'this call'} is not tempfile.mktemp` };
    }
    const args = callArgs(ctx.node);
    if (!args || args.splat) return { unfixed: 'mktemp() arguments are forwarded with *args/**kwargs' };
    if (args.positional.length > MKTEMP_PARAMS.length)
      return { unfixed: 'mktemp() takes at most three arguments' };
    const assignment = ctx.node.parent();
    const statement = assignment ? enclosingStatement(assignment) : undefined;
    const target = assignment?.field('left');
    if (
      assignment?.kind() !== 'assignment' ||
      assignment.field('right')?.id() !== ctx.node.id() ||
      target?.kind() !== 'identifier' ||
      statement?.kind() !== 'expression_statement' ||
      statement.child(0)?.id() !== assignment.id()
    ) {
      return {
        unfixed:
          'mktemp() is used inside a larger expression; bind its result to a variable first so it can be rewritten',
      };
    }
    const misuse = notAFile(ctx.node, target.text(), enclosingScope(statement));
    if (misuse) {
      return {
        unfixed: `the name is used for something other than a regular file (${misuse}); creating a file under it would break that`,
      };
    }
    const options = ['delete=False'];
    for (const [i, a] of args.positional.entries()) options.push(`${MKTEMP_PARAMS[i]}=${a.text()}`);
    for (const [k, v] of args.keywords) options.push(`${k}=${v.text()}`);
    const tempfile = ctx.ensureImport({ module: 'tempfile' });
    const indent = indentAt(ctx.source, statement.range().start.index);
    const handle = freeName(ctx.root, 'tmp_file');
    const text = [
      `with ${tempfile}.NamedTemporaryFile(${options.join(', ')}) as ${handle}:`,
      `${indent}${indentUnit(ctx.source)}${target.text()} = ${handle}.name`,
    ].join(eol(ctx.source));
    return [ctx.replace(statement, text)];
  },
});
