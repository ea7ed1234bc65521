/**
 * J5 contain paths: `path.join(base, input)` / `path.resolve(base, input)` -> `safeJoin(base,
 * input)`, a helper that resolves the result and throws unless it stays inside `base` (path
 * traversal, zip slip). A bare variable handed to fs has no base directory to contain it in,
 * so that finding stays unfixed.
 */
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';
import { callArguments } from '../../src/fix/js.js';

function helper(pathModule: string) {
  const body = [
    `  const root = ${pathModule}.resolve(base);`,
    `  const target = ${pathModule}.resolve(root, ...parts);`,
    `  if (target !== root && !target.startsWith(root + ${pathModule}.sep)) {`,
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

const PATH_IMPORT =
  /\b(join|resolve)\b[^;]*\bfrom\s*['"](node:)?path['"]|\{[^}]*\b(join|resolve)\b[^}]*\}\s*=\s*require\(\s*['"](node:)?path['"]\s*\)/;

function transform(ctx: TransformContext): TransformResult {
  const args = callArguments(ctx.node);
  if (args.length < 2) return { unfixed: 'there is no base directory to contain the path in' };
  if (args.some((a) => a.kind() === 'spread_element'))
    return { unfixed: 'the path parts are spread from an array' };
  const callee = ctx.node.field('function')!;
  if (callee.kind() === 'identifier' && !PATH_IMPORT.test(ctx.source)) {
    return { unfixed: `${callee.text()}() here is not imported from node:path` };
  }
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
    'leaves the base directory. Paths that stay inside behave as before (now absolute).',
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
