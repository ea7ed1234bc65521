/**
 * J13 prototype-key guard: `target[key] = value;` becomes
 * `if (key !== '__proto__' && key !== 'constructor' && key !== 'prototype') target[key] = value;`
 * so a key taken from input cannot reach Object.prototype. Only whole assignment statements
 * with a side-effect-free key are changed; reads (`obj[key]`) are left alone.
 */
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';

function transform(ctx: TransformContext): TransformResult {
  const { node } = ctx;
  const assignment = node.namedChildren().find((c) => c.kind() === 'assignment_expression');
  const left = assignment?.field('left');
  if (!assignment || left?.kind() !== 'subscript_expression')
    return { unfixed: 'not an assignment to obj[key]' };
  const right = assignment.field('right')!;
  if (ctx.region.start >= right.range().start.index && ctx.region.end <= right.range().end.index + 1) {
    return { unfixed: 'the reported code reads obj[key]; only writes can pollute a prototype' };
  }
  const key = left.field('index');
  if (!key) return { unfixed: 'unexpected subscript shape' };
  if (['string', 'number', 'template_string'].includes(String(key.kind())) && !key.text().includes('${')) {
    return { unfixed: 'the key is a constant, so it cannot be __proto__ unless written so' };
  }
  if (!/^[\w$.]+$/.test(key.text())) {
    return { unfixed: 'the key expression has side effects or calls; it cannot safely be evaluated twice' };
  }
  const k = key.text();
  const guard = `if (${k} !== '__proto__' && ${k} !== 'constructor' && ${k} !== 'prototype') `;
  return [{ start: node.range().start.index, end: node.range().start.index, text: guard }];
}

export default defineCodemod({
  id: 'trust:js/prototype-guard',
  title: 'Refuse prototype keys when assigning by dynamic key',
  description: [
    'Writing `obj[key] = value` with a key from input lets `__proto__`, `constructor` or',
    '`prototype` reach `Object.prototype`, changing every object in the process (prototype',
    'pollution: denial of service, privilege checks bypassed, sometimes code execution). This',
    'change skips the assignment for those three keys and keeps every other key working.',
  ].join('\n'),
  cwe: [915, 1321],
  languages: ['javascript', 'typescript', 'tsx'],
  rules: {
    codeql: ['js/prototype-polluting-assignment', 'js/prototype-pollution-utility', 'js/prototype-pollution'],
    semgrep: [
      'javascript.lang.security.audit.prototype-pollution.prototype-pollution-loop.prototype-pollution-loop',
      'javascript.lang.security.audit.prototype-pollution.prototype-pollution-assignment.prototype-pollution-assignment',
    ],
    eslint: ['security/detect-object-injection'],
  },
  reviewGuidance: 'merge-without-review',
  references: [
    { url: 'https://cwe.mitre.org/data/definitions/1321.html', description: 'CWE-1321: Prototype Pollution' },
    {
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/Prototype_Pollution_Prevention_Cheat_Sheet.html',
      description: 'OWASP Prototype Pollution Prevention',
    },
  ],
  match: {
    kind: 'expression_statement',
    has: { kind: 'assignment_expression', has: { field: 'left', kind: 'subscript_expression' } },
  },
  transform,
});
