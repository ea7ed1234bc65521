/**
 * A shell command built as one string -> the equivalent argument list, for
 * subprocess-shell-false. Only commands the shell would split on spaces alone qualify: the
 * literal text may not contain quotes, escapes, globs, variables, pipes, redirects or other
 * shell syntax. Each interpolated value then stands for (part of) one argument, which is what
 * the author meant; with the shell, a value containing spaces or `;` would have become several
 * arguments or commands, and that is the injection this removes.
 */
import type { SgNode } from '@ast-grep/napi';
import { queryParts } from './_sql-parts.js';
import { plainString } from './_support.js';

// Anything the shell would interpret; a plain word list has none of these. (`=` and `%` are
// plain characters inside a word; `=` only matters in the first word, checked below.)
export const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~{}!\n\t]/;

type Piece = { lit: string } | { val: string };

function quoteOf(node: SgNode): string {
  const start = node.find({ rule: { kind: 'string_start' } })?.text() ?? '"';
  return start.endsWith("'") ? "'" : '"';
}

/** Python source for one argument made of literal text and values glued together. */
function renderWord(pieces: Piece[], q: string, fromPlus: boolean): string | undefined {
  if (pieces.length === 1) {
    const only = pieces[0]!;
    if ('lit' in only) return `${q}${only.lit}${q}`;
    // Concatenated operands are already strings (or the original raised TypeError); an
    // interpolated value was turned into text by the formatting, so keep that with str().
    return fromPlus || /^str\(/.test(only.val) ? only.val : `str(${only.val})`;
  }
  let body = '';
  for (const p of pieces) {
    if ('lit' in p) body += p.lit;
    else {
      if (p.val.includes(q) || p.val.includes('\\') || /[{}]/.test(p.val)) return undefined;
      body += `{${p.val}}`;
    }
  }
  return `f${q}${body}${q}`;
}

/** The argument list for `command`, or the reason it cannot be built safely. */
export function shellWords(command: SgNode): string | { list: string } {
  const q = quoteOf(command);
  const constant = plainString(command);
  const parsed = constant !== undefined ? { parts: [{ sql: constant }] } : queryParts(command, false);
  if (typeof parsed === 'string') {
    return 'the command is built in a way this codemod cannot split safely; it needs a human or the LLM fixer';
  }
  const fromPlus = command.kind() === 'binary_operator' && command.field('operator')?.text() === '+';
  const words: Piece[][] = [];
  let current: Piece[] = [];
  for (const part of parsed.parts) {
    if ('value' in part) {
      current.push({ val: part.value });
      continue;
    }
    if (SHELL_SYNTAX.test(part.sql)) {
      return 'the command string uses shell syntax (quotes, pipes, redirects, globs or variables)';
    }
    const chunks = part.sql.split(/ +/);
    for (const [i, chunk] of chunks.entries()) {
      if (i > 0 && current.length > 0) {
        words.push(current);
        current = [];
      }
      if (chunk.length > 0) current.push({ lit: chunk });
    }
  }
  if (current.length > 0) words.push(current);
  if (words.length === 0) return 'the command string is empty';
  const program = words[0]![0]!;
  if (!('lit' in program) || words[0]!.length > 1) {
    return 'the program name itself comes from a value; choosing what to run needs a human';
  }
  if (program.lit.includes('='))
    return 'the command starts with a variable assignment (NAME=value), which only the shell understands';
  const rendered = words.map((w) => renderWord(w, q, fromPlus));
  if (rendered.some((r) => r === undefined))
    return 'a value inside an argument cannot be written into an f-string safely';
  return { list: `[${rendered.join(', ')}]` };
}

/** The literal text an item of a command list is built from (its strings, not their values). */
function literalText(item: SgNode): string {
  return item
    .findAll({ rule: { kind: 'string_content', not: { inside: { kind: 'interpolation', stopBy: 'end' } } } })
    .map((c) => c.text())
    .join(' ');
}

/**
 * Why a list or tuple command cannot simply lose `shell=True`, or undefined when it can. With a
 * shell, the first item is a whole command line the shell parses (the others become $0, $1...);
 * without one it is the program's name. So the first item must be one plain word, and no item
 * may rely on the shell expanding it (globs, variables, `~`, pipes...): without a shell it
 * would reach the program as written. Later items may hold spaces: each is one argument.
 */
export function listCommandProblem(list: SgNode): string | undefined {
  const items = list.namedChildren().filter((c) => c.kind() !== 'comment');
  const first = items[0];
  if (!first) return 'the command list is empty';
  if (items.some((i) => i.kind() === 'list_splat')) {
    return 'the command list is unpacked from another sequence (*...), so its items cannot be checked';
  }
  const program = plainString(first);
  if (program === undefined) {
    return `the first item ${first.text()} comes from a value: with shell=True the shell parses it as a command line, without one it is a program name; this needs a human`;
  }
  if (/\s/.test(program) || SHELL_SYNTAX.test(program)) {
    return `the first item ${first.text()} is a shell command line: without the shell it would run a program named ${first.text()}; split it by hand`;
  }
  if (program.includes('='))
    return 'the command starts with a variable assignment (NAME=value), which only the shell understands';
  const shelly = items.slice(1).find((i) => SHELL_SYNTAX.test(literalText(i)));
  if (shelly) {
    return `the item ${shelly.text()} uses shell syntax (globs, variables, quotes, pipes or redirects) that only a shell interprets; without one it would be passed as written`;
  }
  return undefined;
}
