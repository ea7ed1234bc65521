/**
 * J6 cookie flags: `res.cookie(name, value[, options])` and express-session / cookie-session
 * options get `secure: true`, `httpOnly: true` and `sameSite: 'lax'` where missing. A flag the
 * code sets to false on purpose is left as it is and reported.
 */
import type { SgNode } from '@ast-grep/napi';
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';
import { callArguments } from '../../src/fix/js.js';

const FLAGS: [string, string][] = [
  ['secure', 'true'],
  ['httpOnly', 'true'],
  ['sameSite', "'lax'"],
];

function entries(obj: SgNode): Map<string, SgNode> {
  const map = new Map<string, SgNode>();
  for (const p of obj.namedChildren()) {
    if (p.kind() === 'pair') map.set((p.field('key')?.text() ?? '').replace(/^['"]|['"]$/g, ''), p);
    if (p.kind() === 'shorthand_property_identifier') map.set(p.text(), p);
  }
  return map;
}

/** Add the missing flags to an object literal, in its own style (one line or one per line). */
function addFlags(ctx: TransformContext, obj: SgNode): TransformResult {
  const have = entries(obj);
  const off = FLAGS.filter(([k]) => have.get(k)?.field('value')?.text() === 'false');
  if (off.length > 0)
    return { unfixed: `the code sets ${off.map(([k]) => k).join(', ')} to false on purpose` };
  const missing = FLAGS.filter(([k]) => !have.has(k));
  if (missing.length === 0) return { unfixed: 'the cookie already has secure, httpOnly and sameSite' };
  const added = missing.map(([k, v]) => `${k}: ${v}`);
  const text = obj.text();
  const items = obj.namedChildren().filter((c) => c.kind() !== 'comment');
  if (items.length === 0)
    return [{ start: obj.range().start.index, end: obj.range().end.index, text: `{ ${added.join(', ')} }` }];
  const last = items[items.length - 1]!;
  const trailingComma = last.next()?.kind() === ',';
  if (text.includes('\n')) {
    const lineStart = ctx.source.lastIndexOf('\n', last.range().start.index - 1) + 1;
    const indent = /^[ \t]*/.exec(ctx.source.slice(lineStart))![0];
    const at = trailingComma ? last.next()!.range().end.index : last.range().end.index;
    const lines = added.map((a) => `\n${indent}${a},`).join('');
    return [
      {
        start: at,
        end: at,
        text: `${trailingComma ? '' : ','}${lines.slice(0, trailingComma ? undefined : -1)}`,
      },
    ];
  }
  const at = last.range().end.index;
  return [{ start: at, end: at, text: `, ${added.join(', ')}` }];
}

function transform(ctx: TransformContext): TransformResult {
  const { node } = ctx;
  const callee = node.field('function')?.text() ?? '';
  const args = callArguments(node);
  if (/\.cookie$/.test(callee)) {
    if (args.length < 2) return { unfixed: 'res.cookie is called without a value' };
    const options = args[2];
    if (!options)
      return [
        {
          start: args[1]!.range().end.index,
          end: args[1]!.range().end.index,
          text: ", { secure: true, httpOnly: true, sameSite: 'lax' }",
        },
      ];
    if (options.kind() !== 'object') return { unfixed: 'the cookie options are not an object literal here' };
    return addFlags(ctx, options);
  }
  // session({ ..., cookie: { ... } })
  const options = args[0];
  if (options?.kind() !== 'object') return { unfixed: 'the session options are not an object literal here' };
  const cookie = entries(options).get('cookie');
  if (!cookie) {
    const items = options.namedChildren().filter((c) => c.kind() !== 'comment');
    const last = items[items.length - 1];
    const add = "cookie: { secure: true, httpOnly: true, sameSite: 'lax' }";
    if (!last)
      return [{ start: options.range().start.index, end: options.range().end.index, text: `{ ${add} }` }];
    if (options.text().includes('\n')) {
      const lineStart = ctx.source.lastIndexOf('\n', last.range().start.index - 1) + 1;
      const indent = /^[ \t]*/.exec(ctx.source.slice(lineStart))![0];
      const comma = last.next()?.kind() === ',';
      const at = comma ? last.next()!.range().end.index : last.range().end.index;
      return [{ start: at, end: at, text: `${comma ? '' : ','}\n${indent}${add}${comma ? ',' : ''}` }];
    }
    return [{ start: last.range().end.index, end: last.range().end.index, text: `, ${add}` }];
  }
  const value = cookie.field('value');
  if (value?.kind() !== 'object')
    return { unfixed: 'the session cookie options are not an object literal here' };
  return addFlags(ctx, value);
}

export default defineCodemod({
  id: 'trust:js/cookie-flags',
  title: 'Set Secure, HttpOnly and SameSite on cookies',
  description: [
    'A cookie without `Secure` is sent over plain HTTP, one without `HttpOnly` can be read by any',
    'script on the page (so one XSS steals the session), and one without `SameSite` rides along on',
    'cross-site requests (CSRF). This change adds `secure: true`, `httpOnly: true` and',
    "`sameSite: 'lax'` where they are missing. Local development over plain HTTP then needs",
    '`secure` relaxed explicitly; a flag the code sets to false on purpose is left for review.',
  ].join('\n'),
  cwe: [614, 1004, 1275],
  languages: ['javascript', 'typescript', 'tsx'],
  rules: {
    codeql: ['js/clear-text-cookie', 'js/client-exposed-cookie', 'js/insecure-cookie'],
    semgrep: [
      'javascript.express.security.audit.express-cookie-settings.express-cookie-session-no-secure',
      'javascript.express.security.audit.express-cookie-settings.express-cookie-session-no-httponly',
      'javascript.express.security.audit.express-cookie-settings.express-cookie-session-no-samesite',
    ],
    sonar: ['javascript:S2092', 'javascript:S3330', 'typescript:S2092', 'typescript:S3330'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    {
      url: 'https://cwe.mitre.org/data/definitions/614.html',
      description: 'CWE-614: Sensitive Cookie Without Secure',
    },
    { url: 'https://expressjs.com/en/api.html#res.cookie', description: 'Express res.cookie options' },
  ],
  match: {
    any: [{ pattern: '$RES.cookie($$$A)' }, { pattern: 'session($$$A)' }, { pattern: 'cookieSession($$$A)' }],
  },
  transform,
});
