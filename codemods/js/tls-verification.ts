/**
 * J2 re-enable TLS certificate verification: drop `rejectUnauthorized: false` from request /
 * agent / TLS options, and delete `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'`.
 */
import type { SgNode } from '@ast-grep/napi';
import {
  defineCodemod,
  type Edit,
  type TransformContext,
  type TransformResult,
} from '../../src/fix/codemod.js';
import { removeObjectEntry } from '../../src/fix/js.js';

function removeStatement(ctx: TransformContext, statement: SgNode): Edit {
  const { source } = ctx;
  const s = statement.range().start.index;
  const e = statement.range().end.index;
  const lineStart = source.lastIndexOf('\n', s - 1) + 1;
  const lineEnd = source.indexOf('\n', e);
  const alone =
    /^\s*$/.test(source.slice(lineStart, s)) &&
    /^\s*$/.test(source.slice(e, lineEnd < 0 ? undefined : lineEnd));
  if (alone) {
    let end = lineEnd < 0 ? source.length : lineEnd + 1;
    // between two blank lines: take one of them too, so no double gap is left
    const prevBlank = lineStart >= 2 && source[lineStart - 2] === '\n';
    if (prevBlank && source[end] === '\n') end++;
    return { start: lineStart, end, text: '' };
  }
  return { start: s, end: e, text: '' };
}

function transform(ctx: TransformContext): TransformResult {
  const { node } = ctx;
  if (node.kind() === 'pair') {
    const value = node.field('value')?.text();
    if (value !== 'false' && value !== '0')
      return { unfixed: `rejectUnauthorized is set to ${value}, not a literal false` };
    const siblings =
      node
        .parent()
        ?.namedChildren()
        .filter((c) => c.kind() !== 'comment') ?? [];
    if (siblings.length === 1 && node.parent()?.kind() === 'object')
      return [ctx.replace(node.parent()!, '{}')];
    return [removeObjectEntry(ctx.source, node)];
  }
  // process.env.NODE_TLS_REJECT_UNAUTHORIZED = ...
  const statement = node.parent();
  if (statement?.kind() !== 'expression_statement') {
    return { unfixed: 'the NODE_TLS_REJECT_UNAUTHORIZED assignment is part of a larger expression' };
  }
  return [removeStatement(ctx, statement)];
}

export default defineCodemod({
  id: 'trust:js/tls-verification',
  title: 'Verify TLS certificates',
  description: [
    'Turning off certificate validation (`rejectUnauthorized: false`, or',
    '`NODE_TLS_REJECT_UNAUTHORIZED=0` for the whole process) lets anyone on the network path',
    'impersonate the server. This change removes the override so Node verifies certificates as it',
    'does by default. A server with a self-signed or private CA certificate needs that CA passed',
    'through the `ca` option (or `NODE_EXTRA_CA_CERTS`) instead.',
  ].join('\n'),
  cwe: [295],
  languages: ['javascript', 'typescript', 'tsx'],
  rules: {
    codeql: ['js/disabling-certificate-validation'],
    semgrep: [
      'problem-based-packs.insecure-transport.js-node.bypass-tls-verification.bypass-tls-verification',
    ],
    sonar: ['javascript:S4830', 'typescript:S4830'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    {
      url: 'https://cwe.mitre.org/data/definitions/295.html',
      description: 'CWE-295: Improper Certificate Validation',
    },
    {
      url: 'https://nodejs.org/api/tls.html#tlscreatesecurecontextoptions',
      description: 'Node.js TLS options (ca)',
    },
  ],
  match: {
    any: [
      { kind: 'pair', has: { field: 'key', regex: '^["\']?rejectUnauthorized["\']?$' } },
      { pattern: 'process.env.NODE_TLS_REJECT_UNAUTHORIZED = $V' },
      { pattern: "process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = $V" },
      { pattern: 'process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = $V' },
    ],
  },
  transform,
});
