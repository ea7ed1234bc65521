/**
 * J4 parameterize SQL: a query built by concatenation or a template literal and passed to
 * `db.query/execute/all/get/run(...)` becomes a constant query with placeholders (`?` for
 * mysql/mysql2/sqlite3, `$1..$n` for pg) plus a values array. Values written inside quotes lose
 * their quotes. A value used as an identifier (table, column, ORDER BY), a value that is only
 * part of a string literal, an unknown driver or a call that already passes values stays unfixed.
 */
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';
import { callArguments, stringPieces } from '../../src/fix/js.js';

function driverStyle(source: string): '?' | '$' | undefined {
  const mods = [...source.matchAll(/(?:require\(\s*|from\s*)['"]([\w@/.-]+)['"]/g)].map((m) => m[1]);
  if (mods.some((m) => m === 'pg' || m === 'postgres' || m === 'pg-pool')) return '$';
  if (
    mods.some(
      (m) => m === 'mysql' || m === 'mysql2' || m === 'mysql2/promise' || m === 'sqlite3' || m === 'sqlite',
    )
  )
    return '?';
  return undefined;
}

/** Where a value may be bound: after a comparison, `(`, `,`, LIKE, IN, VALUES, LIMIT, OFFSET, SET x =. */
const VALUE_BEFORE =
  /(=|<>|!=|<=|>=|<|>|\(|,|\b(like|in|values|limit|offset|between|and|then|else|when|is)\s*)\s*$/i;

/** The quote character of the SQL string literal `sql` ends inside, if any ('' escapes count). */
function openQuote(sql: string): string | undefined {
  let open: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (open) {
      if (c === open && sql[i + 1] === open) i++;
      else if (c === open) open = undefined;
    } else if (c === "'" || c === '"') open = c;
  }
  return open;
}

function transform(ctx: TransformContext): TransformResult {
  const args = callArguments(ctx.node);
  const query = args[0];
  if (!query) return { unfixed: 'no query argument' };
  const rest = args.slice(1);
  if (
    rest.length > 0 &&
    !/^(async\s*)?(function\b|\(|\w+\s*=>)/.test(rest[0]!.text()) &&
    rest[0]!.kind() !== 'identifier'
  ) {
    return { unfixed: 'the call already passes values or options; merging them is left to a person' };
  }
  if (
    rest.length > 0 &&
    rest[0]!.kind() === 'identifier' &&
    !/^(cb|callback|done|next|handler|fn)$/i.test(rest[0]!.text())
  ) {
    return { unfixed: `cannot tell whether ${rest[0]!.text()} is a callback or the values` };
  }
  const parts = stringPieces(query); // literal text and the values spliced into it
  if (!parts || parts.every((p) => 'literal' in p))
    return { unfixed: 'the query has no interpolated value at this call' };
  if (parts.length === 1) return { unfixed: 'the whole query comes from a variable, built elsewhere' };
  const text = parts.map((p) => ('literal' in p ? p.literal : ' ')).join('');
  if (!/\b(select|insert|update|delete|with|replace|merge|upsert)\b/i.test(text)) {
    return { unfixed: 'the string does not look like an SQL statement' };
  }
  const style = driverStyle(ctx.source);
  if (!style)
    return { unfixed: 'cannot tell the database driver (and so its placeholder style) from this file' };
  if (
    parts.some((p) => 'literal' in p && (style === '$' ? /\$\d/.test(p.literal) : p.literal.includes('?')))
  ) {
    return { unfixed: 'the query already has placeholders; merging values is left to a person' };
  }
  let sql = '';
  const values: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if ('literal' in p) {
      sql += p.literal;
      continue;
    }
    const next = parts[i + 1];
    const after = next && 'literal' in next ? next.literal : '';
    const open = openQuote(sql);
    const quote = open && sql.endsWith(open) ? open : undefined;
    if (open && !quote) return { unfixed: 'the value is only part of a quoted SQL string' };
    if (quote) {
      if (!after.startsWith(quote)) return { unfixed: 'the value is only part of a quoted SQL string' };
      sql = sql.slice(0, -1);
      parts[i + 1] = { literal: after.slice(1) };
    } else if (!VALUE_BEFORE.test(sql)) {
      return {
        unfixed: `the value after "${sql.trimEnd().split(/\s+/).pop()}" is an SQL identifier or keyword position, which cannot be bound`,
      };
    }
    values.push(p.node.text());
    sql += style === '$' ? `$${values.length}` : '?';
  }
  const literal = sql.includes("'")
    ? `\`${sql.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}\``
    : `'${sql.replace(/\\/g, '\\\\')}'`;
  return [ctx.replace(query, `${literal}, [${values.join(', ')}]`)];
}

export default defineCodemod({
  id: 'trust:js/sql-parameterize',
  title: 'Pass SQL values as parameters',
  description: [
    'A query built by pasting values into the SQL text lets a value change the query itself (SQL',
    'injection: read or modify any row, sometimes run commands). This change keeps the SQL text',
    'constant, with a placeholder where each value was (`?` for MySQL/SQLite drivers, `$1..$n` for',
    'pg), and passes the values separately, so the driver sends them as data. Quotes that wrapped a',
    'value go away (the driver quotes). Identifiers and partial strings are left for a person.',
  ].join('\n'),
  cwe: [89],
  languages: ['javascript', 'typescript', 'tsx'],
  rules: {
    codeql: ['js/sql-injection'],
    semgrep: [
      'javascript.express.security.injection.tainted-sql-string.tainted-sql-string',
      'javascript.lang.security.audit.sqli.node-mysql-sqli.node-mysql-sqli',
      'javascript.lang.security.audit.sqli.node-postgres-sqli.node-postgres-sqli',
    ],
    sonar: ['javascript:S3649', 'typescript:S3649'],
  },
  reviewGuidance: 'merge-after-review',
  references: [
    { url: 'https://cwe.mitre.org/data/definitions/89.html', description: 'CWE-89: SQL Injection' },
    {
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/Query_Parameterization_Cheat_Sheet.html',
      description: 'OWASP Query Parameterization Cheat Sheet',
    },
  ],
  match: {
    any: [
      { pattern: '$DB.query($$$A)' },
      { pattern: '$DB.execute($$$A)' },
      { pattern: '$DB.all($$$A)' },
      { pattern: '$DB.get($$$A)' },
      { pattern: '$DB.run($$$A)' },
    ],
  },
  transform,
});
