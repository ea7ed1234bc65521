import { describe, expect, it } from 'vitest';
import { parameterize } from './_sql-slots.js';

describe('parameterize', () => {
  it('replaces a quoted value with a placeholder and drops its quotes', () => {
    expect(parameterize([{ sql: "SELECT 1 FROM t WHERE a = '" }, { value: 'a' }, { sql: "'" }], '?')).toEqual(
      {
        sql: 'SELECT 1 FROM t WHERE a = ?',
        values: ['a'],
        quoted: [true],
      },
    );
  });

  it('binds bare operands and doubles literal % for the %s style', () => {
    const out = parameterize(
      [
        { sql: "SELECT 1 FROM t WHERE b LIKE 'x%' AND id IN (" },
        { value: 'i' },
        { sql: ', ' },
        { value: 'j' },
        { sql: ')' },
      ],
      '%s',
    );
    expect(out).toEqual({
      sql: "SELECT 1 FROM t WHERE b LIKE 'x%%' AND id IN (%s, %s)",
      values: ['i', 'j'],
      quoted: [false, false],
    });
  });

  it('refuses a value inside a larger literal, a name, or SQL that already has placeholders', () => {
    expect(parameterize([{ sql: "SELECT 1 WHERE a LIKE '%" }, { value: 'v' }, { sql: "%'" }], '?')).toMatch(
      /part of a larger SQL literal/,
    );
    expect(parameterize([{ sql: 'SELECT a FROM ' }, { value: 'table' }], '?')).toMatch(
      /table or column name/,
    );
    expect(parameterize([{ sql: 'SELECT a FROM t ORDER BY ' }, { value: 'col' }], '?')).toMatch(
      /table or column name/,
    );
    expect(parameterize([{ sql: 'SELECT a FROM t WHERE b = ? AND c = ' }, { value: 'c' }], '?')).toMatch(
      /already contains/,
    );
    expect(
      parameterize([{ sql: "SELECT a FROM t WHERE b = 'x" }, { value: 'v' }, { sql: "'" }], '?'),
    ).toMatch(/larger SQL literal/);
  });
});
