/**
 * The file-name side of path-containment: which calls are node:fs calls (the functions and
 * argument positions eslint-plugin-security's detect-non-literal-fs-filename checks), which
 * values come from a request, and how a path built by concatenation or a template splits into
 * its literal base directory and the rest (`'uploads/' + name` -> 'uploads', name).
 */
import type { SgNode } from '@ast-grep/napi';
import { isStaticString, type StringPiece, stringPieces, unwrapParens } from '../../src/fix/js.js';
import { FS_MODULE, moduleBinding } from './_path-binding.js';

/** fs functions and the argument positions that name a file (from eslint-plugin-security 4). */
const TWO_PATHS = ['link', 'rename', 'symlink'];
const ONE_PATH = [
  'appendFile',
  'chmod',
  'chown',
  'createReadStream',
  'createWriteStream',
  'exists',
  'lchmod',
  'lchown',
  'lstat',
  'mkdir',
  'open',
  'readdir',
  'readFile',
  'readlink',
  'realpath',
  'rmdir',
  'stat',
  'truncate',
  'unlink',
  'unwatchFile',
  'utimes',
  'watch',
  'watchFile',
  'writeFile',
];
const STREAMS = new Set(['createReadStream', 'createWriteStream', 'unwatchFile', 'watch', 'watchFile']);

/** The file-name argument positions of an fs function name, or undefined when it takes none. */
export function pathArgumentsOf(name: string): number[] | undefined {
  const bare = name.endsWith('Sync') && !STREAMS.has(name) ? name.slice(0, -4) : name;
  if (TWO_PATHS.includes(bare)) return [0, 1];
  return ONE_PATH.includes(bare) ? [0] : undefined;
}

/** The callee names the match looks at: `readFile`, `fs.readFile`, `fs.promises.readFile`. */
export const FS_CALLEE = `(^|\\.)(${[...TWO_PATHS, ...ONE_PATH].join('|')})(Sync)?$`;

/** Why `call` is not a node:fs call whose file names this codemod can contain, or undefined. */
export function notFsCall(call: SgNode): string | undefined {
  const callee = call.field('function');
  if (!callee) return 'the call has no callee';
  const name = callee.kind() === 'member_expression' ? callee.field('property')?.text() : callee.text();
  if (!name || !pathArgumentsOf(name))
    return `${callee.text()}() is not a node:fs function that takes a file name`;
  if (callee.kind() === 'identifier') {
    const b = moduleBinding(callee, name, FS_MODULE);
    return b.kind === 'export' ? undefined : `${name}() here is not imported from node:fs`;
  }
  let object = callee.field('object');
  // fs.promises.readFile: the module is the object's object.
  if (object?.kind() === 'member_expression' && object.field('property')?.text() === 'promises')
    object = object.field('object');
  if (object?.kind() !== 'identifier') return `${callee.text()}() is not a node:fs call`;
  const b = moduleBinding(object, object.text(), FS_MODULE);
  if (b.kind === 'module') return undefined;
  return `${object.text()} here is not the node:fs module, so ${callee.text()}() is not a file-system call`;
}

const REQUEST = /^(req|request|ctx|ctx\.request)\.(params|query|body|headers|cookies|files?)\b/;

/** Whether an expression reads a field of the incoming request (`req.params.x`, `ctx.query.y`). */
export function isRequestField(node: SgNode): boolean {
  const k = node.kind();
  return (k === 'member_expression' || k === 'subscript_expression') && REQUEST.test(node.text());
}

/** Whether an expression is already a string (no String() needed to pass it as a path part). */
function isString(node: SgNode): boolean {
  const k = node.kind();
  if (k === 'string' || k === 'template_string') return true;
  if (k !== 'call_expression') return false;
  const callee = node.field('function')?.text() ?? '';
  return /^(String|path\.(basename|normalize|extname))$|\.(toString|join|replace|slice|trim)$/.test(callee);
}

export type Split = { base: string; rest: string; parts: SgNode[] } | { unfixed: string };

/**
 * Split a string-building path into its literal base directory (quoted with `quote`) and the
 * rest as one expression: the literal text up to the last `/` before the first dynamic part is
 * the base. The rest stays a string exactly as the concatenation made it (`String(x)` for a
 * lone value, a template otherwise).
 */
export function splitLiteralBase(expr: SgNode, quote: string): Split {
  const e = unwrapParens(expr);
  if (isStaticString(e)) return { unfixed: 'the file name is a literal' };
  const pieces = stringPieces(e);
  if (!pieces) return { unfixed: 'the file name is not built from strings this codemod understands' };
  const first = pieces.findIndex((p) => 'node' in p);
  const prefix = pieces
    .slice(0, first)
    .map((p) => (p as { literal: string }).literal)
    .join('');
  const cut = prefix.lastIndexOf('/');
  if (first <= 0 || cut < 0) {
    const lead = pieces[0] && 'node' in pieces[0] ? pieces[0].node.text() : prefix;
    return { unfixed: `the path starts with ${lead}, not with a literal directory to keep it in` };
  }
  const dir = prefix.slice(0, cut);
  if (dir === '' || /^\/+$/.test(dir)) {
    return {
      unfixed: 'the base directory is / (the whole file system), so there is nothing to contain it in',
    };
  }
  if (dir.includes(quote) || dir.includes('\\'))
    return { unfixed: 'the base directory holds quotes or escapes' };
  const rest: StringPiece[] = [{ literal: prefix.slice(cut + 1) }, ...pieces.slice(first)].filter(
    (p) => !('literal' in p) || p.literal !== '',
  );
  // Literal text is copied as written; escapes mean different things in quotes and templates.
  if (rest.some((p) => 'literal' in p && /[`\\]|\$\{/.test(p.literal)))
    return { unfixed: 'the literal part of the path holds escapes or backquotes' };
  const parts = rest.flatMap((p) => ('node' in p ? [p.node] : []));
  const only = rest.length === 1 && 'node' in rest[0]! ? rest[0].node : undefined;
  const text = only
    ? isString(only)
      ? only.text()
      : `String(${only.text()})`
    : `\`${rest.map((p) => ('node' in p ? `\${${p.node.text()}}` : p.literal)).join('')}\``;
  return { base: `${quote}${dir}${quote}`, rest: text, parts };
}

/** The quote the file writes most strings with. */
export function preferredQuote(source: string): string {
  const single = source.match(/'[^'\n]*'/g)?.length ?? 0;
  const double = source.match(/"[^"\n]*"/g)?.length ?? 0;
  return double > single ? '"' : "'";
}
