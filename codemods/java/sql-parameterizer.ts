/**
 * V1 SQL parameterizer: a `Statement` that runs one concatenated query becomes a
 * `PreparedStatement` with `?` placeholders and typed setters, inserted right before the
 * execute. Only the shape it can prove is rewritten: the Statement is a local (or a
 * try-with-resources resource) created by `createStatement()` and used for this one query,
 * and the query is either inline or a local String built before the Statement and used only
 * here. Everything else stays unfixed.
 */
import type { SgNode } from '@ast-grep/napi';
import {
  defineCodemod,
  type Edit,
  type TransformContext,
  type TransformResult,
} from '../../src/fix/codemod.js';
import { parameterize, type QueryPart } from '../python/_sql-slots.js';
import { enclosingBody, enclosingStatement, findLocal, indentAt, insertBefore } from './_support.js';

const EXECUTES = ['executeQuery', 'executeUpdate', 'executeLargeUpdate', 'execute'];
const SETTERS: Record<string, string> = {
  String: 'setString',
  int: 'setInt',
  Integer: 'setInt',
  long: 'setLong',
  Long: 'setLong',
  double: 'setDouble',
  Double: 'setDouble',
  boolean: 'setBoolean',
  Boolean: 'setBoolean',
};

/** The execute call a located node belongs to. */
function executeCall(node: SgNode): SgNode | string {
  if (node.kind() === 'method_invocation') return node;
  const name = node.field('name')?.text();
  const body = enclosingBody(node);
  if (!name || !body) return 'the query is not a local variable of a method';
  const uses = body
    .findAll({ rule: { kind: 'identifier', regex: `^${name}$` } })
    .filter((n) => n.range().start.index > node.range().end.index);
  const call = uses.map((u) => u.parent()?.parent()).find((c) => c?.kind() === 'method_invocation');
  if (!call || !EXECUTES.includes(call.field('name')?.text() ?? ''))
    return `${name} is not passed to execute in this method`;
  return call;
}

/** `"a" + x + "b"` -> SQL pieces and values; undefined if any piece is not a plain literal or value. */
function parts(expr: SgNode): QueryPart[] | string {
  if (expr.kind() === 'binary_expression' && expr.field('operator')?.text() === '+') {
    const left = parts(expr.field('left')!);
    const right = parts(expr.field('right')!);
    if (typeof left === 'string') return left;
    if (typeof right === 'string') return right;
    return [...left, ...right];
  }
  if (expr.kind() === 'string_literal') {
    if (expr.text().startsWith('"""')) return 'the query is a text block';
    return [{ sql: expr.text().slice(1, -1) }];
  }
  if (expr.kind() === 'parenthesized_expression') return 'the query concatenates a parenthesized expression';
  return [{ value: expr.text() }];
}

/** The declared type of a parameter or local called `name` in the method holding `at`. */
function declaredType(at: SgNode, name: string): string | undefined {
  let m: SgNode | null = at.parent();
  while (m && m.kind() !== 'method_declaration' && m.kind() !== 'constructor_declaration') m = m.parent();
  const param = m
    ?.field('parameters')
    ?.children()
    .find((p) => p.kind() === 'formal_parameter' && p.field('name')?.text() === name);
  if (param) return param.field('type')?.text();
  const body = enclosingBody(at);
  return body ? findLocal(body, name, at)?.type : undefined;
}

function transform(ctx: TransformContext): TransformResult {
  const call = executeCall(ctx.node);
  if (typeof call === 'string') return { unfixed: call };
  const receiver = call.field('object');
  const args = call.field('arguments')?.namedChildren() ?? [];
  const body = enclosingBody(call);
  const statement = enclosingStatement(call);
  if (receiver?.kind() !== 'identifier' || !body || !statement || args.length !== 1) {
    return { unfixed: 'the query does not run on a local Statement variable with a single SQL argument' };
  }
  const stmtDecl = findLocal(body, receiver.text(), call);
  const creation = stmtDecl?.value;
  if (
    stmtDecl?.type !== 'Statement' ||
    creation?.kind() !== 'method_invocation' ||
    creation.field('name')?.text() !== 'createStatement' ||
    (creation.field('arguments')?.namedChildren().length ?? 0) > 0
  ) {
    return { unfixed: `${receiver.text()} is not a plain Statement from createStatement() in this method` };
  }
  const uses = body.findAll({ rule: { kind: 'identifier', regex: `^${receiver.text()}$` } });
  const other = uses.filter(
    (u) => u.id() !== receiver.id() && u.id() !== stmtDecl.declarator.field('name')?.id(),
  );
  if (other.some((u) => !/^\s*\.\s*close\s*\(/.test(ctx.source.slice(u.range().end.index)))) {
    return {
      unfixed: `${receiver.text()} is used for more than this query; converting it would change the other uses`,
    };
  }
  let arg = args[0]!;
  let queryDecl: ReturnType<typeof findLocal>;
  if (arg.kind() === 'identifier') {
    queryDecl = findLocal(body, arg.text(), call);
    const refs = body.findAll({ rule: { kind: 'identifier', regex: `^${arg.text()}$` } });
    if (!queryDecl?.value || queryDecl.type !== 'String' || refs.length !== 2) {
      return { unfixed: `${arg.text()} is not a local String built once and used only here` };
    }
    if (queryDecl.statement.range().start.index > stmtDecl.statement.range().start.index) {
      return {
        unfixed: `${arg.text()} is built after the Statement is created; move it before to let the codemod rewrite it`,
      };
    }
    arg = queryDecl.value;
  }
  const pieces = parts(arg);
  if (typeof pieces === 'string') return { unfixed: pieces };
  const result = parameterize(pieces, '?');
  if (typeof result === 'string') return { unfixed: result };
  const prepared = ctx.ensureImport({ module: 'java.sql', name: 'PreparedStatement' });
  const sql = `"${result.sql}"`;
  const edits: Edit[] = [];
  const creationObject = creation.field('object')?.text() ?? '';
  const stmtType = stmtDecl.statement.field('type')!;
  edits.push(ctx.replace(stmtType, prepared));
  if (queryDecl) {
    edits.push(ctx.replace(arg, sql));
    edits.push(
      ctx.replace(
        creation,
        `${creationObject}.prepareStatement(${queryDecl.declarator.field('name')!.text()})`,
      ),
    );
  } else {
    edits.push(ctx.replace(creation, `${creationObject}.prepareStatement(${sql})`));
  }
  const setters = result.values.map((v, i) => {
    const type = result.quoted[i] ? 'String' : /^\w+$/.test(v) ? declaredType(call, v) : undefined;
    return `${receiver.text()}.${(type && SETTERS[type]) ?? 'setObject'}(${i + 1}, ${v});`;
  });
  const indent = indentAt(ctx.source, statement.range().start.index);
  edits.push(insertBefore(ctx.source, statement, setters.join(`\n${indent}`)));
  edits.push(ctx.replace(args[0]!, ''));
  return edits;
}

export default defineCodemod({
  id: 'trust:java/sql-parameterizer',
  title: 'Use a PreparedStatement with bound parameters',
  description: [
    'The query is built by concatenating values into the SQL text, so a value containing a quote',
    "can change the statement (`' OR '1'='1`). This change turns the `Statement` into a",
    '`PreparedStatement`: the SQL keeps `?` placeholders and the values are bound with typed',
    'setters (`setString`, `setLong`, ..., `setObject` when the type is not known), so the database',
    'never parses them as SQL. Quotes around a value are dropped because the parameter is already',
    'a string. Table or column names built from values, values inside larger literals, and',
    'statements reused for other queries are left for a human.',
  ].join('\n'),
  cwe: [89],
  languages: ['java'],
  rules: {
    codeql: ['java/sql-injection', 'java/concatenated-sql-query'],
    semgrep: [
      'java.lang.security.audit.sqli.jdbc-sqli.jdbc-sqli',
      'java.lang.security.audit.formatted-sql-string.formatted-sql-string',
      'java.spring.security.injection.tainted-sql-string.tainted-sql-string',
    ],
    sonar: ['javasecurity:S3649', 'java:S2077'],
  },
  reviewGuidance: 'merge-after-review',
  references: [
    {
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/Query_Parameterization_Cheat_Sheet.html',
      description: 'OWASP Query Parameterization Cheat Sheet',
    },
    {
      url: 'https://docs.oracle.com/javase/tutorial/jdbc/basics/prepared.html',
      description: 'Using Prepared Statements',
    },
    { url: 'https://cwe.mitre.org/data/definitions/89.html', description: 'CWE-89: SQL Injection' },
  ],
  match: {
    any: [
      { kind: 'method_invocation', has: { field: 'name', regex: `^(${EXECUTES.join('|')})$` } },
      { kind: 'variable_declarator', has: { field: 'value', kind: 'binary_expression' } },
    ],
  },
  transform,
});
