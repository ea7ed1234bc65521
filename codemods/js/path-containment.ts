/**
 * J5 contain paths: `path.join(base, input)` / `path.resolve(base, input)` -> `safeJoin(base,
 * input)`, a helper that resolves the result and throws unless it stays inside `base` (path
 * traversal, zip slip). A bare variable handed to fs has no base directory to contain it in,
 * so that finding stays unfixed, and so does a `join`/`resolve`/`path` that is not node:path's
 * in that scope (a Promise's `resolve(a, b)`, a parameter named `path`).
 */
import type { SgNode } from '@ast-grep/napi';
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';
import { callArguments } from '../../src/fix/js.js';
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

function transform(ctx: TransformContext): TransformResult {
  const args = callArguments(ctx.node);
  if (args.length < 2) return { unfixed: 'there is no base directory to contain the path in' };
  if (args.some((a) => a.kind() === 'spread_element'))
    return { unfixed: 'the path parts are spread from an array' };
  const callee = ctx.node.field('function')!;
  const notPath = notPathFunction(callee);
  if (notPath) return { unfixed: notPath };
  const base = args[0]!;
  if (ctx.region.start >= base.range().start.index && ctx.region.end <= base.range().end.index + 1) {
    return { unfixed: 'the reported value is the base directory itself, which containment cannot check' };
  }
  const pathModule = ctx.ensureImport({ module: 'node:path', namespace: 'path', aliases: ['path'] });
  const name = ctx.ensureHelper(helper(pathModule));
  return [ctx.replace(callee, name)];
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
    ],
  },
  transform,
});
