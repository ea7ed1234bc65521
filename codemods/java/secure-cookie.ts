/**
 * V6a cookie flags: before `response.addCookie(cookie)`, make sure the cookie is marked
 * `setSecure(true)` (or `setHttpOnly(true)` for the HttpOnly rules): an existing
 * `setSecure(false)` is flipped, otherwise one statement is inserted. A cookie created inline
 * in the addCookie call is left unfixed: there is no variable to set the flag on.
 */
import type { SgNode } from '@ast-grep/napi';
import { defineCodemod, type TransformResult } from '../../src/fix/codemod.js';
import { callsOn, enclosingBody, enclosingStatement, insertBefore } from './_support.js';

const HTTP_ONLY_RULES = /httponly|S3330/i;

/** The `X.addCookie(cookie)` call the finding is about (the call itself, or the cookie's declaration). */
function addCookieCall(node: SgNode): SgNode | string {
  if (node.kind() === 'method_invocation') return node;
  const declarator =
    node.kind() === 'local_variable_declaration'
      ? node.find({ rule: { kind: 'variable_declarator' } })
      : null;
  const name = declarator?.field('name')?.text();
  const body = enclosingBody(node);
  if (!name || !body) return 'the cookie is not a local variable of a method';
  const call = body
    .findAll({ rule: { kind: 'method_invocation', has: { field: 'name', regex: '^addCookie$' } } })
    .find(
      (c) =>
        c.range().start.index > node.range().start.index &&
        c.field('arguments')?.namedChildren()[0]?.text() === name,
    );
  return call ?? `${name} is never passed to addCookie in this method`;
}

export default defineCodemod({
  id: 'trust:java/secure-cookie',
  title: 'Set the Secure (or HttpOnly) flag on cookies',
  description: [
    'A cookie without the Secure flag is also sent over plain HTTP, where anyone on the network',
    'can read it and take over the session; without HttpOnly, any injected script can read it.',
    'This change calls `cookie.setSecure(true)` (or `setHttpOnly(true)` for findings about',
    'HttpOnly) right before the cookie is added to the response, or flips an existing',
    '`setSecure(false)`. Secure cookies are not sent to plain-HTTP origins, so local development',
    'over http://localhost may need HTTPS; HttpOnly cookies can no longer be read by page scripts.',
  ].join('\n'),
  cwe: [614, 1004],
  languages: ['java'],
  rules: {
    codeql: ['java/insecure-cookie'],
    semgrep: [
      'java.lang.security.audit.cookie-missing-secure-flag.cookie-missing-secure-flag',
      'java.servlets.security.cookie-issecure-false.cookie-issecure-false',
      'java.lang.security.audit.cookie-missing-httponly.cookie-missing-httponly',
    ],
    sonar: ['java:S2092', 'java:S3330'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    {
      url: 'https://owasp.org/www-community/controls/SecureCookieAttribute',
      description: 'OWASP: Secure cookie attribute',
    },
    {
      url: 'https://cwe.mitre.org/data/definitions/614.html',
      description: "CWE-614: Cookie without 'Secure'",
    },
    {
      url: 'https://cwe.mitre.org/data/definitions/1004.html',
      description: "CWE-1004: Cookie without 'HttpOnly'",
    },
  ],
  match: {
    any: [
      { kind: 'method_invocation', has: { field: 'name', regex: '^addCookie$' } },
      {
        kind: 'local_variable_declaration',
        has: {
          kind: 'variable_declarator',
          has: { kind: 'object_creation_expression', has: { field: 'type', regex: 'Cookie$' } },
        },
      },
    ],
  },
  transform(ctx): TransformResult {
    const flag = HTTP_ONLY_RULES.test(ctx.finding.rule.id) ? 'setHttpOnly' : 'setSecure';
    const call = addCookieCall(ctx.node);
    if (typeof call === 'string') return { unfixed: call };
    const cookie = call.field('arguments')?.namedChildren()[0];
    if (cookie?.kind() !== 'identifier') {
      return {
        unfixed:
          'the cookie is created inside the addCookie call; give it a variable so its flags can be set',
      };
    }
    const statement = enclosingStatement(call);
    const body = enclosingBody(call);
    if (!statement || !body) return { unfixed: 'addCookie is called outside a method body' };
    const before = statement.range().start.index;
    const sets = callsOn(body, cookie.text(), flag).filter((c) => c.range().start.index < before);
    const last = sets[sets.length - 1];
    if (last) {
      const value = last.field('arguments')?.namedChildren()[0];
      if (value?.kind() === 'true') return [];
      if (value?.kind() === 'false') return [ctx.replace(value, 'true')];
      return { unfixed: `${last.text()} decides the flag at run time; make sure it is true in production` };
    }
    // HttpOnly goes at the start of the line, Secure after the indentation: two findings on one
    // addCookie insert at different offsets and both apply.
    return [insertBefore(ctx.source, statement, `${cookie.text()}.${flag}(true);`, flag === 'setHttpOnly')];
  },
});
