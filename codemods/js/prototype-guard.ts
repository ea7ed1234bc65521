/**
 * J13 prototype-key guard: in a write through a dynamic key (`target[key] = value`,
 * `a[k1][k2] = value`, `a[k] += n`, `a[k] ??= v`, `a[k]++`) every key that could come from
 * input goes through a `safeKey()` helper that refuses `__proto__`, `constructor` and
 * `prototype`, so it can never reach Object.prototype. Keys that cannot name those (a numeric
 * loop index, arithmetic, a constant, a literal-typed TS key) get no guard; reads are left
 * alone, and their unfixed reason says it is a read. The fixed write is no longer a bare
 * `obj[variable]`, so scanners stop re-reporting it.
 */
import type { SgNode } from '@ast-grep/napi';
import {
  defineCodemod,
  type TransformContext,
  type TransformResult,
  type UnmatchedContext,
} from '../../src/fix/codemod.js';
import { accessOf, chainKeys, safeKeyReason } from '../../src/fix/property-key.js';

const HELPER_BODY = [
  "  if (key === '__proto__' || key === 'constructor' || key === 'prototype') {",
  '    throw new TypeError(`refusing to use ${String(key)} as a property key`);',
  '  }',
  '  return key;',
].join('\n');
const DOC = '/** A property key for a dynamic write, refusing the keys that reach Object.prototype. */';
const HELPER = {
  name: 'safeKey',
  // Self-contained: several files of a project import it from one trust-helpers module.
  shared: true,
  javascript: `${DOC}\nfunction safeKey(key) {\n${HELPER_BODY}\n}`,
  typescript: `${DOC}\nfunction safeKey<K extends PropertyKey>(key: K): K {\n${HELPER_BODY}\n}`,
};

/**
 * The keys of the write `target` (`a[k1][k2]`) that need a guard, or why it cannot be guarded.
 * A key that cannot name a prototype key (a number, a loop index, a constant, a literal-typed
 * TS key: src/fix/property-key.ts) or that is guarded already needs none; the reasons say so.
 */
function keysToGuard(target: SgNode): { keys: SgNode[]; safe: string[] } | string {
  const keys: SgNode[] = [];
  const safe: string[] = [];
  for (const key of chainKeys(target)) {
    const text = key.text();
    if (key.kind() === 'call_expression' && text.startsWith('safeKey(')) {
      safe.push(`${text} is guarded already`);
      continue;
    }
    const reason = safeKeyReason(key);
    if (reason) safe.push(reason);
    else if (/^[\w$.]+$/.test(text)) keys.push(key);
    else
      return 'a key expression has side effects or calls, so it cannot be wrapped without changing evaluation';
  }
  return { keys, safe };
}

function transform(ctx: TransformContext): TransformResult {
  const { node } = ctx;
  const left = node.kind() === 'update_expression' ? node.field('argument') : node.field('left');
  if (left?.kind() !== 'subscript_expression') return { unfixed: 'not a write to obj[key]' };
  const right = node.field('right');
  if (
    right &&
    ctx.region.start >= right.range().start.index &&
    ctx.region.end <= right.range().end.index + 1
  ) {
    return {
      unfixed:
        'a read, not a write: the reported obj[key] is read on the right-hand side, and a read cannot pollute a prototype',
    };
  }
  const plan = keysToGuard(left);
  if (typeof plan === 'string') return { unfixed: plan };
  if (plan.keys.length === 0)
    return { unfixed: `no key of this write needs a guard: ${plan.safe.join('; ')}` };
  const helper = ctx.ensureHelper(HELPER);
  return plan.keys.map((k) => ctx.replace(k, `${helper}(${k.text()})`));
}

/** No write at the reported place: say what is there (a read, a call, a delete). */
function explainUnmatched(ctx: UnmatchedContext): string | undefined {
  const { start, end } = ctx.region;
  const around = ctx.root
    .findAll({ rule: { kind: 'subscript_expression' } })
    .filter((n) => n.range().start.index <= start + 1 && n.range().end.index >= end - 1);
  const at = around.reduce<SgNode | undefined>(
    (a, b) => (!a || b.text().length < a.text().length ? b : a),
    undefined,
  );
  if (!at) return undefined;
  const access = accessOf(at);
  if (access.write) return undefined;
  const what =
    access.how === 'call' ? 'a method call through' : access.how === 'delete' ? 'a delete of' : 'a read of';
  return `${what} ${at.text().slice(0, 60)}, not a write: only a write through a dynamic key can pollute a prototype`;
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
      { kind: 'update_expression', has: { field: 'argument', kind: 'subscript_expression' } },
    ],
  },
  transform,
  helpers: [HELPER],
  explainUnmatched,
});
