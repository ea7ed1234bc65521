/**
 * J13 prototype-key guard: in `target[key] = value` (and `a[k1][k2] = value`) every dynamic
 * key goes through a `safeKey()` helper that refuses `__proto__`, `constructor` and
 * `prototype`, so a key taken from input can never reach Object.prototype. The fixed write is
 * no longer a bare `obj[variable]`, so scanners stop re-reporting it; reads are left alone.
 */
import type { SgNode } from '@ast-grep/napi';
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';

const HELPER_BODY = [
  "  if (key === '__proto__' || key === 'constructor' || key === 'prototype') {",
  '    throw new TypeError(`refusing to use ${String(key)} as a property key`);',
  '  }',
  '  return key;',
].join('\n');
const DOC = '/** A property key for a dynamic write, refusing the keys that reach Object.prototype. */';
const HELPER = {
  name: 'safeKey',
  javascript: `${DOC}\nfunction safeKey(key) {\n${HELPER_BODY}\n}`,
  typescript: `${DOC}\nfunction safeKey<K extends PropertyKey>(key: K): K {\n${HELPER_BODY}\n}`,
};

/** The dynamic keys along `a[k1][k2]`, outermost last. */
function keysOf(left: SgNode): SgNode[] | string {
  const keys: SgNode[] = [];
  let node: SgNode | null = left;
  while (node?.kind() === 'subscript_expression') {
    const key = node.field('index');
    if (!key) return 'unexpected subscript shape';
    const kind = String(key.kind());
    if (kind === 'call_expression' && key.text().startsWith('safeKey(')) {
      // already guarded
    } else if (
      ['string', 'number'].includes(kind) ||
      (kind === 'template_string' && !key.text().includes('${'))
    ) {
      // a constant key cannot be chosen by input
    } else if (/^[\w$.]+$/.test(key.text())) {
      keys.push(key);
    } else {
      return 'a key expression has side effects or calls, so it cannot be wrapped without changing evaluation';
    }
    node = node.field('object');
  }
  return keys;
}

function transform(ctx: TransformContext): TransformResult {
  const { node } = ctx;
  const left = node.field('left');
  if (left?.kind() !== 'subscript_expression') return { unfixed: 'not an assignment to obj[key]' };
  const right = node.field('right')!;
  if (ctx.region.start >= right.range().start.index && ctx.region.end <= right.range().end.index + 1) {
    return { unfixed: 'the reported code reads obj[key]; only writes can pollute a prototype' };
  }
  const keys = keysOf(left);
  if (typeof keys === 'string') return { unfixed: keys };
  if (keys.length === 0) return { unfixed: 'every key of this write is a constant or already guarded' };
  const helper = ctx.ensureHelper(HELPER);
  return keys.map((k) => ctx.replace(k, `${helper}(${k.text()})`));
}

export default defineCodemod({
  id: 'trust:js/prototype-guard',
  title: 'Refuse prototype keys when writing by dynamic key',
  description: [
    'Writing `obj[key] = value` with a key from input lets `__proto__`, `constructor` or',
    '`prototype` reach `Object.prototype`, changing every object in the process (prototype',
    'pollution: denial of service, bypassed checks, sometimes code execution). This change passes',
    'each dynamic key of the write through a small `safeKey()` helper that throws a TypeError for',
    'those three keys and returns every other key unchanged.',
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
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    { url: 'https://cwe.mitre.org/data/definitions/1321.html', description: 'CWE-1321: Prototype Pollution' },
    {
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/Prototype_Pollution_Prevention_Cheat_Sheet.html',
      description: 'OWASP Prototype Pollution Prevention',
    },
  ],
  match: {
    any: [
      { kind: 'assignment_expression', has: { field: 'left', kind: 'subscript_expression' } },
      { kind: 'augmented_assignment_expression', has: { field: 'left', kind: 'subscript_expression' } },
    ],
  },
  transform,
});
