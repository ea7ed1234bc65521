/**
 * J5 contain paths: `path.join(base, input)` / `path.resolve(base, input)` -> `safeJoin(base,
 * input)`, a helper that resolves the result and throws unless it stays inside `base` (path
 * traversal, zip slip). The file name of a node:fs call built by concatenation or a template
 * from a literal directory (`'uploads/' + name`, `` `uploads/${req.params.f}` ``) becomes
 * `safeJoin('uploads', ...)` too. Left alone, each with its reason: a bare variable or request
 * field (no base directory to contain it in), a base of '/', a path that starts with a value,
 * a path already contained, a call that is not node:fs's, and a `join`/`resolve`/`path` that is
 * not node:path's in that scope (a Promise's `resolve(a, b)`, a parameter named `path`).
 * ESLint's detect-non-literal-fs-filename still reports the contained call (any non-literal
 * file name), so such a finding is recorded as mitigated (`stillReported`).
 */
import type { SgNode } from '@ast-grep/napi';
import {
  defineCodemod,
  type Edit,
  type TransformContext,
  type TransformResult,
} from '../../src/fix/codemod.js';
import { callArguments, isStaticString, unwrapParens } from '../../src/fix/js.js';
import {
  FS_CALLEE,
  isRequestField,
  notFsCall,
  pathArgumentsOf,
  preferredQuote,
  splitLiteralBase,
} from './_fs-path.js';
import { pathBinding } from './_path-binding.js';

function helper(pathModule: string) {
  // resolve() keeps the separator only on a root ('/'), which must not get a second one.
  const body = [
    `  const root = ${pathModule}.resolve(base);`,
    `  const target = ${pathModule}.resolve(root, ...parts);`,
    `  const inside = root.endsWith(${pathModule}.sep) ? root : root + ${pathModule}.sep;`,
    '  if (target !== root && !target.startsWith(inside)) {',
    "    throw new Error(`path escapes ${root}: ${parts.join('/')}`);",
    '  }',
    '  return target;',
  ].join('\n');
  const doc =
    '/** Resolve `parts` under `base`; throw when the result would leave `base` (path traversal). */';
  return {
    name: 'safeJoin',
    javascript: `${doc}\nfunction safeJoin(base, ...parts) {\n${body}\n}`,
    typescript: `${doc}\nfunction safeJoin(base: string, ...parts: string[]): string {\n${body}\n}`,
  };
}

/** Why the callee is not node:path's join/resolve, or undefined when it is. */
function notPathFunction(callee: SgNode): string | undefined {
  const name = callee.kind() === 'identifier' ? callee.text() : callee.field('object')?.text();
  if (!name) return `${callee.text()}() is not a call this codemod knows`;
  const b = pathBinding(callee, name);
  if (callee.kind() === 'identifier') {
    if (b.kind === 'export' && (b.name === 'join' || b.name === 'resolve')) return undefined;
    if (b.kind === 'other')
      return `${name}() here is the ${name} declared on line ${b.line}, not the one from node:path`;
    return `${name}() here is not imported from node:path`;
  }
  if (b.kind === 'module') return undefined;
  if (b.kind === 'other') return `${name} here is the one declared on line ${b.line}, not node:path`;
  return `${name} is not imported from node:path in this file`;
}

function safeJoinName(ctx: TransformContext): string {
  const pathModule = ctx.ensureImport({ module: 'node:path', namespace: 'path', aliases: ['path'] });
  return ctx.ensureHelper(helper(pathModule));
}

/** `path.join(base, ...)` / `path.resolve(base, ...)` -> `safeJoin(base, ...)`. */
function containJoin(ctx: TransformContext, call: SgNode, reportedBase = false): Edit[] | string {
  const args = callArguments(call);
  if (args.length < 2) return 'there is no base directory to contain the path in';
  if (args.some((a) => a.kind() === 'spread_element')) return 'the path parts are spread from an array';
  const callee = call.field('function')!;
  const notPath = notPathFunction(callee);
  if (notPath) return notPath;
  const base = unwrapParens(args[0]!);
  if (reportedBase) return 'the reported value is the base directory itself, which containment cannot check';
  if (isStaticString(base) && /^['"`]\/+['"`]$/.test(base.text()))
    return 'the base directory is / (the whole file system), so there is nothing to contain the path in';
  return [ctx.replace(callee, safeJoinName(ctx))];
}

const CONTAINED = /^(safeJoin|safeJoinPath|containPath|resolveInside)\(/;

/** A file name already contained (by an earlier run): the reason it needs nothing. */
type Contained = { contained: string };

/** One file-name argument of an fs call: its edits, nothing (a literal), or why it stays. */
function containArgument(ctx: TransformContext, arg: SgNode, followed = false): Edit[] | string | Contained {
  const a = unwrapParens(arg);
  if (isStaticString(a)) return [];
  if (CONTAINED.test(a.text()))
    return { contained: `the path is already contained by ${a.text().split('(')[0]}()` };
  if (a.kind() === 'call_expression' && /(^|\.)(join|resolve)$/.test(a.field('function')?.text() ?? ''))
    return containJoin(ctx, a);
  if (isRequestField(a))
    return `the file name is the request field ${a.text()} itself, with no base directory to keep it in; choose the directory it may name`;
  if (a.kind() === 'binary_expression' || a.kind() === 'template_string') {
    const split = splitLiteralBase(a, preferredQuote(ctx.source));
    if ('unfixed' in split) return split.unfixed;
    return [ctx.replace(a, `${safeJoinName(ctx)}(${split.base}, ${split.rest})`)];
  }
  const built = a.kind() === 'identifier' && !followed ? constValue(a) : undefined;
  if (built) return containArgument(ctx, built, true);
  return `the file name ${a.text()} is computed elsewhere; trust contains a path where it is joined onto its base directory`;
}

/**
 * The initializer of the `const` a name refers to, when it is declared in an enclosing block
 * before its use: `const target = path.join(dir, name); fs.readFile(target)` is contained where
 * it is built. Parameters, `let`, `var` and anything shadowing it on the way are not followed.
 */
function constValue(name: SgNode): SgNode | undefined {
  const use = name.range().start.index;
  for (let n: SgNode | null = name.parent(); n; n = n.parent()) {
    const k = String(n.kind());
    if (/^(function_declaration|function_expression|function|arrow_function|method_definition)$/.test(k)) {
      const params = n.field('parameters') ?? n.field('parameter');
      if (params && new RegExp(`\\b${name.text()}\\b`).test(params.text())) return undefined;
    }
    if (k !== 'statement_block' && k !== 'program') continue;
    for (const stmt of n.namedChildren()) {
      if (stmt.range().start.index > use) break;
      if (stmt.kind() !== 'lexical_declaration' || !stmt.text().startsWith('const')) continue;
      for (const d of stmt.namedChildren().filter((c) => c.kind() === 'variable_declarator')) {
        if (d.field('name')?.text() === name.text()) return d.field('value') ?? undefined;
      }
    }
  }
  return undefined;
}

/** A node:fs call: contain each dynamic file-name argument, or leave the call with a reason. */
function containFsCall(ctx: TransformContext, call: SgNode): Edit[] | string | Contained {
  const notFs = notFsCall(call);
  if (notFs) return notFs;
  const callee = call.field('function')!;
  const name = callee.kind() === 'member_expression' ? callee.field('property')!.text() : callee.text();
  const args = callArguments(call);
  const edits: Edit[] = [];
  let contained: Contained | undefined;
  for (const i of pathArgumentsOf(name) ?? []) {
    const arg = args[i];
    if (!arg) continue;
    if (arg.kind() === 'spread_element') return 'the arguments are spread from an array';
    const out = containArgument(ctx, arg);
    if (typeof out === 'string') return out;
    if ('contained' in out) contained = out;
    else edits.push(...out);
  }
  return edits.length > 0 ? edits : (contained ?? 'every file name of this call is a literal');
}

/** The fs call a string-building path is passed to, or why it is not passed to one. */
function fsCallOf(expr: SgNode): SgNode | string {
  let top = expr;
  for (
    let p = top.parent();
    p && (p.kind() === 'binary_expression' || p.kind() === 'parenthesized_expression');
    p = p.parent()
  )
    top = p;
  const args = top.parent();
  const call = args?.kind() === 'arguments' ? args.parent() : null;
  if (call?.kind() !== 'call_expression') return 'the path is not passed straight to a node:fs call';
  return call;
}

function transform(ctx: TransformContext): TransformResult {
  const node = ctx.node;
  const callee = node.kind() === 'call_expression' ? node.field('function') : null;
  let out: Edit[] | string | Contained;
  if (callee && /^(path\.)?(join|resolve)$/.test(callee.text())) {
    const base = callArguments(node)[0];
    const reportedBase =
      !!base && ctx.region.start >= base.range().start.index && ctx.region.end <= base.range().end.index + 1;
    out = containJoin(ctx, node, reportedBase);
  } else if (callee) {
    out = containFsCall(ctx, node);
  } else {
    const call = fsCallOf(node);
    const notFs = typeof call === 'string' ? call : notFsCall(call);
    out = notFs
      ? `${notFs}; this codemod contains the file names of node:fs calls only`
      : containFsCall(ctx, call as SgNode);
  }
  if (typeof out === 'string') return { unfixed: out };
  return Array.isArray(out) ? out : { unfixed: out.contained, alreadyFixed: true };
}

export default defineCodemod({
  id: 'trust:js/path-containment',
  title: 'Keep joined paths inside their base directory',
  description: [
    'A file name from input joined onto a directory can climb out of it with `../` or an absolute',
    'path and read or overwrite any file the process can reach (path traversal, zip slip). This',
    'change resolves the joined path with a small `safeJoin()` helper that throws when the result',
    'leaves the base directory. Paths that stay inside behave as before (now absolute). Only calls',
    "of node:path's own `join`/`resolve` are changed: a bare `join()`/`resolve()` must be imported",
    "from node:path by that name and not shadowed (a Promise callback's `resolve`), and `path.`",
    'must be the node:path module.',
  ].join('\n'),
  cwe: [22, 23],
  languages: ['javascript', 'typescript', 'tsx'],
  rules: {
    codeql: ['js/path-injection', 'js/zipslip'],
    semgrep: [
      'javascript.lang.security.audit.path-traversal.path-join-resolve-traversal.path-join-resolve-traversal',
    ],
    eslint: ['security/detect-non-literal-fs-filename'],
    sonar: ['javascript:S6096', 'typescript:S6096'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  // Checked with ESLint 9 + eslint-plugin-security 4 (still-reported.test.ts): the rule
  // reports an fs call whose file name is any non-literal, safeJoin(...) included.
  stillReported: {
    rules: { eslint: ['security/detect-non-literal-fs-filename'] },
    why: 'contained by safeJoin(), which throws if the path leaves its base',
  },
  references: [
    { url: 'https://cwe.mitre.org/data/definitions/22.html', description: 'CWE-22: Path Traversal' },
    { url: 'https://nodejs.org/api/path.html#pathresolvepaths', description: 'path.resolve' },
  ],
  match: {
    any: [
      { pattern: 'path.join($$$A)' },
      { pattern: 'path.resolve($$$A)' },
      { pattern: 'join($$$A)' },
      { pattern: 'resolve($$$A)' },
      // The fs call ESLint reports, and the string-built file name CodeQL reports as the sink.
      { kind: 'call_expression', has: { field: 'function', regex: FS_CALLEE } },
      { kind: 'template_string', has: { kind: 'template_substitution' } },
      { kind: 'binary_expression', has: { field: 'operator', regex: '^\\+$' } },
    ],
  },
  transform,
});
