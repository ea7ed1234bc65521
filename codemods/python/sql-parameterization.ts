/**
 * P7 SQL parameterization: a query built with an f-string, `+`, `.format()` or `%` and run by
 * `cursor.execute(...)` becomes placeholder SQL plus a parameter tuple, in the placeholder
 * style of the driver the file imports (sqlite3 `?`; psycopg, PyMySQL, MySQLdb, Django `%s`).
 * The query may be inline or assigned to a variable on the statement just before the
 * execute. Anything the codemod cannot prove (unknown driver, a value inside a larger SQL
 * literal or used as a name, a variable used elsewhere) is left unfixed with the reason.
 */
import type { SgNode } from '@ast-grep/napi';
import {
  defineCodemod,
  type Edit,
  type TransformContext,
  type TransformResult,
} from '../../src/fix/codemod.js';
import { queryParts } from './_sql-parts.js';
import { type Placeholder, parameterize } from './_sql-slots.js';
import { callArgs, enclosingScope, enclosingStatement, importedNames } from './_support.js';

const DRIVERS: Record<string, Placeholder> = {
  sqlite3: '?',
  psycopg2: '%s',
  psycopg: '%s',
  pymysql: '%s',
  MySQLdb: '%s',
  'mysql.connector': '%s',
  'django.db': '%s',
};

function placeholderOf(root: SgNode): Placeholder | string {
  const modules = [...importedNames(root).values()];
  const styles = new Set<Placeholder>();
  for (const [driver, style] of Object.entries(DRIVERS)) {
    if (modules.some((m) => m === driver || m.startsWith(`${driver}.`))) styles.add(style);
  }
  if (styles.size === 1) return [...styles][0]!;
  if (styles.size === 0)
    return 'cannot tell which database driver runs this query, so the placeholder style is unknown';
  return 'the file imports drivers with different placeholder styles';
}

/** The execute call and its query argument for the located node. */
function locateExecute(node: SgNode): { execute: SgNode; query: SgNode; variable?: SgNode } | string {
  if (isExecute(node)) {
    const arg = callArgs(node)?.positional[0];
    if (!arg) return 'execute() has no query argument';
    if (arg.kind() === 'identifier') return viaVariable(node, arg);
    return { execute: node, query: arg };
  }
  let query = node;
  while (query.parent()?.kind() === 'binary_operator') query = query.parent()!;
  const parent = query.parent();
  if (parent?.kind() === 'argument_list' && parent.parent() && isExecute(parent.parent()!)) {
    return { execute: parent.parent()!, query };
  }
  if (parent?.kind() === 'assignment' && parent.field('right')?.id() === query.id()) {
    const name = parent.field('left');
    const statement = enclosingStatement(parent);
    const next = statement?.next();
    const execute = next?.find({ rule: { kind: 'call', has: { field: 'function', regex: '\\.execute$' } } });
    const arg = execute ? callArgs(execute)?.positional[0] : undefined;
    if (name?.kind() === 'identifier' && execute && arg?.text() === name.text())
      return viaVariable(execute, arg);
    return 'the query is not run by execute() on the next statement, so its use cannot be followed';
  }
  return 'the reported string is not a query passed to execute()';
}

function isExecute(node: SgNode): boolean {
  return node.kind() === 'call' && /\.execute$/.test(node.field('function')?.text() ?? '');
}

/** `q = <query>` on the statement right before `execute(q)`, and `q` used nowhere else. */
function viaVariable(
  execute: SgNode,
  arg: SgNode,
): { execute: SgNode; query: SgNode; variable: SgNode } | string {
  const statement = enclosingStatement(execute);
  const prev = statement?.prev();
  const assignment = prev?.kind() === 'expression_statement' ? prev.child(0) : null;
  const query = assignment?.kind() === 'assignment' ? assignment.field('right') : null;
  if (!assignment || !query || assignment.field('left')?.text() !== arg.text()) {
    return `${arg.text()} is not assigned on the statement right before execute(), so the query cannot be proven`;
  }
  const uses = enclosingScope(execute)
    .findAll({ rule: { kind: 'identifier', regex: `^${arg.text()}$` } })
    .filter((n) => n.id() !== arg.id() && n.id() !== assignment.field('left')?.id());
  if (uses.length > 0)
    return `${arg.text()} is also used elsewhere in this function; rewriting it could change that use`;
  return { execute, query, variable: arg };
}

function transform(ctx: TransformContext): TransformResult {
  const placeholder = placeholderOf(ctx.root);
  if (placeholder !== '?' && placeholder !== '%s') return { unfixed: placeholder };
  const located = locateExecute(ctx.node);
  if (typeof located === 'string') return { unfixed: located };
  const { execute, query, variable } = located;
  const args = callArgs(execute);
  if (args?.all.length !== 1) return { unfixed: 'execute() already has parameters or extra arguments' };
  const parts = queryParts(query);
  if (typeof parts === 'string') return { unfixed: parts };
  const result = parameterize(parts.parts, placeholder);
  if (typeof result === 'string') return { unfixed: result };
  const literal = parts.render(result.sql);
  if (!literal)
    return { unfixed: 'the parameterized SQL cannot be written back in the original string style' };
  const tuple = result.values.length === 1 ? `(${result.values[0]},)` : `(${result.values.join(', ')})`;
  if (!variable) return [ctx.replace(query, `${literal}, ${tuple}`)];
  const edits: Edit[] = [ctx.replace(query, literal)];
  const end = variable.range().end.index;
  edits.push({ start: end, end, text: `, ${tuple}` });
  return edits;
}

export default defineCodemod({
  id: 'trust:python/sql-parameterization',
  title: 'Pass SQL values as query parameters',
  description: [
    'The query is built by pasting values into the SQL text, so a value containing a quote can',
    "change the statement (`' OR '1'='1`). This change sends the values separately as query",
    "parameters, in the placeholder style of the file's database driver (`?` for sqlite3, `%s` for",
    'psycopg, PyMySQL, MySQLdb and Django); the driver then never parses them as SQL. Quotes around',
    'a value are removed because the parameter is already a string. Only queries whose every value',
    'sits where a parameter is allowed are rewritten; table or column names built from values and',
    "values inside larger literals (`LIKE '%x%'`) are left for a human.",
  ].join('\n'),
  cwe: [89],
  languages: ['python'],
  rules: {
    bandit: ['B608'],
    codeql: ['py/sql-injection'],
    semgrep: [
      'python.lang.security.audit.formatted-sql-query.formatted-sql-query',
      'python.sqlalchemy.security.sqlalchemy-execute-raw-query.sqlalchemy-execute-raw-query',
      'python.django.security.injection.sql.sql-injection-using-db-cursor-execute.sql-injection-db-cursor-execute',
    ],
    sonar: ['pythonsecurity:S3649', 'python:S2077'],
  },
  reviewGuidance: 'merge-after-review',
  references: [
    { url: 'https://peps.python.org/pep-0249/#paramstyle', description: 'PEP 249: paramstyle' },
    {
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/Query_Parameterization_Cheat_Sheet.html',
      description: 'OWASP Query Parameterization Cheat Sheet',
    },
    { url: 'https://cwe.mitre.org/data/definitions/89.html', description: 'CWE-89: SQL Injection' },
  ],
  match: {
    any: [
      { kind: 'call', has: { field: 'function', regex: '\\.(execute|format)$' } },
      { kind: 'string', has: { kind: 'interpolation' } },
      { kind: 'binary_operator', regex: '^[\'"rRuU]' },
    ],
  },
  transform,
});
