/**
 * Language-neutral core of the SQL parameterization codemods (Python and Java): given a query
 * built as literal SQL pieces and interpolated values, decide whether every value sits where
 * a bound parameter can replace it, and produce the placeholder SQL plus the ordered values.
 *
 * A value may replace exactly `'<value>'` (a whole quoted SQL string: the quotes go) or a bare
 * operand (`= <value>`, `IN (<value>, ...)`, `LIMIT <value>`). Anything else is refused with a
 * reason: a value inside a larger literal (`'%<value>%'`), a value used as an identifier
 * (`FROM <value>`, `ORDER BY <value>`), or SQL that already has placeholders.
 */

export type QueryPart = { sql: string } | { value: string; quoted?: boolean };

export interface Parameterized {
  sql: string;
  values: string[];
  /** For each value, whether it replaced a quoted SQL string (so it binds as a string). */
  quoted: boolean[];
}

export type Placeholder = '?' | '%s';

const IDENTIFIER_CONTEXT = /\b(from|join|into|update|table|order\s+by|group\s+by|as)\s*$/i;

function quoteCount(text: string): number {
  return (text.match(/'/g) ?? []).length;
}

export function parameterize(parts: readonly QueryPart[], placeholder: Placeholder): Parameterized | string {
  const sqlParts = parts.map((p) => ('sql' in p ? p.sql : undefined));
  const literal = sqlParts.filter((s): s is string => s !== undefined).join('');
  if (/\?|%s|%\(\w+\)s|:\w+\b|\$\d/.test(literal.replace(/'[^']*'/g, "''"))) {
    return 'the query already contains parameter placeholders; mixing styles is not safe';
  }
  if (!parts.some((p) => 'value' in p)) return 'the query has no interpolated values';
  let sql = '';
  const values: string[] = [];
  const quoted: boolean[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if ('sql' in part) {
      sql += placeholder === '%s' ? part.sql.replace(/%/g, '%%') : part.sql;
      continue;
    }
    const prev = i > 0 && 'sql' in parts[i - 1]! ? (parts[i - 1] as { sql: string }).sql : '';
    const next = i + 1 < parts.length && 'sql' in parts[i + 1]! ? (parts[i + 1] as { sql: string }).sql : '';
    const isQuoted = sql.endsWith("'") && next.startsWith("'") && quoteCount(sql) % 2 === 1;
    if (isQuoted) {
      sql = sql.slice(0, -1) + placeholder;
      // Drop the closing quote from the next piece.
      const rest = next.slice(1);
      parts = [...parts.slice(0, i + 1), { sql: rest }, ...parts.slice(i + 2)];
      values.push(part.value);
      quoted.push(true);
      continue;
    }
    if (quoteCount(sql) % 2 === 1 || /['"`\w.%]$/.test(sql) || /^['"`\w.%]/.test(next)) {
      return `${part.value} is part of a larger SQL literal or name (…${tail(prev)}{${part.value}}${head(next)}…); it cannot become a bound parameter as is`;
    }
    if (IDENTIFIER_CONTEXT.test(sql)) {
      return `${part.value} is used as a table or column name, which a bound parameter cannot replace`;
    }
    sql += placeholder;
    values.push(part.value);
    quoted.push(part.quoted ?? false);
  }
  return { sql, values, quoted };
}

function tail(text: string): string {
  return text.slice(-12);
}

function head(text: string): string {
  return text.slice(0, 12);
}
