/**
 * V6b newline stripping: a user-controlled value logged or written to an HTTP header gets
 * `String.valueOf(v).replaceAll("[\\r\\n]", "")`, so it cannot start a forged log line or a
 * second header. In a string concatenation only the non-literal parts are wrapped (the
 * message's own text is kept). A header value that may be null is left unfixed: servlet
 * containers treat a null header value as "remove the header", and stripping would send "null".
 */
import type { SgNode } from '@ast-grep/napi';
import { defineCodemod, type Edit, type TransformResult } from '../../src/fix/codemod.js';

const LOG_METHODS = [
  'trace',
  'debug',
  'info',
  'warn',
  'warning',
  'error',
  'fatal',
  'severe',
  'fine',
  'finer',
  'finest',
  'config',
  'log',
];
const HEADER_METHODS = ['setHeader', 'addHeader'];
const STRIP = '.replaceAll("[\\\\r\\\\n]", "")';
const ARGUMENT_KINDS = [
  'identifier',
  'binary_expression',
  'method_invocation',
  'field_access',
  'array_access',
  'string_literal',
  'ternary_expression',
  'parenthesized_expression',
  'cast_expression',
];

function isStripped(node: SgNode): boolean {
  return node.kind() === 'method_invocation' && node.text().endsWith(STRIP);
}

/** The leaves of a `+` concatenation, left to right. */
function concatParts(node: SgNode): SgNode[] {
  if (node.kind() === 'binary_expression' && node.field('operator')?.text() === '+') {
    const left = node.field('left');
    const right = node.field('right');
    if (left && right) return [...concatParts(left), ...concatParts(right)];
  }
  return [node];
}

function isConstant(node: SgNode): boolean {
  return [
    'string_literal',
    'decimal_integer_literal',
    'character_literal',
    'true',
    'false',
    'null_literal',
  ].includes(String(node.kind()));
}

export default defineCodemod({
  id: 'trust:java/strip-newlines',
  title: 'Strip line breaks from logged values and HTTP headers',
  description: [
    'A value containing CR or LF can forge extra log entries ("log injection") or, in an HTTP',
    'header, end the header block and inject headers or a body of its own ("response',
    'splitting"). This change removes `\\r` and `\\n` from the user-controlled parts of the logged',
    'message or header value with `String.valueOf(value).replaceAll("[\\\\r\\\\n]", "")`; the text',
    'written by the code itself is kept as is. A logged null still prints as "null", as before.',
  ].join('\n'),
  cwe: [117, 113, 93],
  languages: ['java'],
  rules: {
    codeql: ['java/log-injection', 'java/http-response-splitting'],
    semgrep: ['java.lang.security.audit.crlf-injection-logs.crlf-injection-logs'],
    sonar: ['javasecurity:S5145', 'javasecurity:S5167'],
  },
  reviewGuidance: 'merge-without-review',
  references: [
    { url: 'https://owasp.org/www-community/attacks/Log_Injection', description: 'OWASP: Log injection' },
    {
      url: 'https://owasp.org/www-community/attacks/HTTP_Response_Splitting',
      description: 'OWASP: HTTP response splitting',
    },
    {
      url: 'https://cwe.mitre.org/data/definitions/117.html',
      description: 'CWE-117: Improper Output Neutralization for Logs',
    },
  ],
  match: {
    any: ARGUMENT_KINDS.map((kind) => ({
      kind,
      inside: {
        kind: 'argument_list',
        inside: {
          kind: 'method_invocation',
          has: { field: 'name', regex: `^(${[...LOG_METHODS, ...HEADER_METHODS].join('|')})$` },
        },
      },
    })),
  },
  transform(ctx): TransformResult {
    const { node } = ctx;
    const call = node.parent()?.parent();
    const method = call?.field('name')?.text() ?? '';
    const args = call?.field('arguments')?.namedChildren() ?? [];
    const header = HEADER_METHODS.includes(method);
    if (header && args[0]?.id() === node.id())
      return { unfixed: 'the finding is on the header name, not its value' };
    const parts = concatParts(node);
    const dynamic = parts.filter((p) => !isConstant(p));
    if (dynamic.length === 0) return { unfixed: 'the value is a constant written by the code itself' };
    if (dynamic.every(isStripped)) return [];
    if (header && parts.length === 1) {
      return {
        unfixed: `${node.text()} may be null, which removes the header; stripping would send the text "null" instead`,
      };
    }
    const edits: Edit[] = [];
    for (const part of dynamic) {
      if (isStripped(part)) continue;
      edits.push(ctx.replace(part, `String.valueOf(${part.text()})${STRIP}`));
    }
    return edits;
  },
});
