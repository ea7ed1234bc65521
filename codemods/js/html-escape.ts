/**
 * J7 escape reflected output: the dynamic parts of what `res.send()` / `res.write()` /
 * `res.end()` returns as HTML go through an `escapeHtml()` helper. JSON-shaped values are left
 * unfixed (they belong in `res.json()`).
 */
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';
import { callArguments, dynamicParts } from '../../src/fix/js.js';

const HELPER = {
  name: 'escapeHtml',
  // Self-contained: several files of a project import it from one trust-helpers module.
  shared: true,
  javascript:
    '/** Escape the five HTML-significant characters so a value renders as text. */\nfunction escapeHtml(value) {\n  return String(value).replace(/[&<>"\']/g, (c) => `&#${c.charCodeAt(0)};`);\n}',
  typescript:
    '/** Escape the five HTML-significant characters so a value renders as text. */\nfunction escapeHtml(value: unknown): string {\n  return String(value).replace(/[&<>"\']/g, (c) => `&#${c.charCodeAt(0)};`);\n}',
};

const SAFE = /^(escapeHtml|escape|he\.encode|encodeURIComponent|Number|parseInt)\(|^\d+$/;

function transform(ctx: TransformContext): TransformResult {
  const body = callArguments(ctx.node)[0];
  if (!body) return { unfixed: 'nothing is sent' };
  const kind = String(body.kind());
  if (kind === 'object' || kind === 'array')
    return { unfixed: 'the response is JSON-shaped: send it with res.json() instead' };
  const parts = dynamicParts(body, SAFE);
  if (parts.length === 0) return { unfixed: 'the response has no unescaped dynamic part' };
  const helper = ctx.ensureHelper(HELPER);
  return parts.map((p) => ctx.replace(p, `${helper}(${p.text()})`));
}

export default defineCodemod({
  id: 'trust:js/html-escape',
  title: 'Escape request data written into HTML responses',
  description: [
    "Request data written straight into an HTML response runs as script in the victim's browser",
    '(reflected XSS). This change passes the dynamic parts of the response through a small',
    '`escapeHtml()` helper so they render as text; the literal HTML around them is unchanged. An',
    'endpoint that returns JSON should use `res.json()` instead, which this codemod leaves alone.',
  ].join('\n'),
  cwe: [79, 116],
  languages: ['javascript', 'typescript', 'tsx'],
  rules: {
    codeql: ['js/reflected-xss', 'js/stored-xss'],
    semgrep: ['javascript.express.security.audit.xss.direct-response-write.direct-response-write'],
    sonar: ['javascript:S5131', 'typescript:S5131'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    { url: 'https://cwe.mitre.org/data/definitions/79.html', description: 'CWE-79: Cross-site Scripting' },
    {
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html',
      description: 'OWASP XSS Prevention Cheat Sheet',
    },
  ],
  match: {
    any: [{ pattern: '$RES.send($$$A)' }, { pattern: '$RES.write($$$A)' }, { pattern: '$RES.end($$$A)' }],
  },
  transform,
  helpers: [HELPER],
});
