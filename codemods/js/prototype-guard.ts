/**
 * J13 prototype-key guard: in a write through a dynamic key (`target[key] = value`,
 * `a[k1][k2] = value`, `a[k] += n`, `a[k] ??= v`, `a[k]++`) every key that could come from
 * input goes through a helper. Only what the key does in the write can reach a prototype:
 *   - the last key of the write (`o[k] = v`) reaches it only as `__proto__`: `o.constructor = v`
 *     and `o.prototype = v` set own properties, as the code meant (qs parses `constructor[x]`,
 *     sax keeps an attribute named `constructor`), so `safeKey()` refuses `__proto__` alone;
 *   - a key the chain walks through (`a[k1][k2][k3] = v`: `a.constructor.prototype.x`,
 *     `a.__proto__.x`) reaches a shared object as any of the three, so `safePathKey()`
 *     refuses `__proto__`, `constructor` and `prototype`.
 * A refused last key skips the write (a symbol key takes the value); a refused path key throws.
 * Keys that cannot name those (a numeric loop index, arithmetic, a constant, a literal-typed TS
 * key) get no guard; reads are left alone, a read inside a key of the write too, and their
 * unfixed reason says it is a read. The fixed write is no longer a bare `obj[variable]`, so
 * scanners stop re-reporting it.
 */
import type { SgNode } from '@ast-grep/napi';
import {
  defineCodemod,
  type HelperSpec,
  type TransformContext,
  type TransformResult,
  type UnmatchedContext,
} from '../../src/fix/codemod.js';
import { accessOf, chainKeys, safeKeyReason } from '../../src/fix/property-key.js';

/** A helper refusing `refused`: `js` / `ts` are the statements run for a refused key. */
function helper(name: string, refused: string[], doc: string, js: string, ts: string): HelperSpec {
  const test = refused.map((k) => `key === '${k}'`).join(' || ');
  const body = (refusal: string) => [`  if (${test}) {`, refusal, '  }', '  return key;'].join('\n');
  const comment = `/** ${doc} */`;
  return {
    name,
    // Self-contained: several files of a project import it from one trust-helpers module.
    shared: true,
    javascript: `${comment}\nfunction ${name}(key) {\n${body(js)}\n}`,
    typescript: `${comment}\nfunction ${name}<K extends PropertyKey>(key: K): K {\n${body(ts)}\n}`,
  };
}

/**
 * The last key skips the write instead of throwing: code that sets what input names (sax sets
 * an attribute named `__proto__`) keeps running, and the object keeps its prototype, as it
 * does when a non-object is assigned to `__proto__`. The value goes to a symbol key that no
 * string-keyed read, `Object.keys` or `JSON.stringify` sees. A new symbol each time rather than
 * `Symbol.for` (which linters for shimmable code forbid): at most one per refused input key.
 */
const SKIP = [
  '    // Written under a new symbol nothing reads: the object keeps its prototype.',
  "    return Symbol('refused __proto__');",
].join('\n');
const LAST_KEY = helper(
  'safeKey',
  ['__proto__'],
  "The key a dynamic write sets: `__proto__` would replace the object's prototype.",
  SKIP,
  SKIP.replace(');', ') as unknown as K;'),
);
/** A key the write walks through throws: there is no object to write into that keeps the code's meaning. */
const THROW = '    throw new TypeError(`refusing to use ${String(key)} as a property key`);';
const PATH_KEY = helper(
  'safePathKey',
  ['__proto__', 'constructor', 'prototype'],
  'A key a dynamic write walks through: these three lead to a prototype shared by other objects.',
  THROW,
  THROW,
);
const GUARDS = [LAST_KEY.name, PATH_KEY.name];

/**
 * The keys of the write `target` (`a[k1][k2]`) that need a guard, or why it cannot be guarded.
 * A key that cannot name a prototype key (a number, a loop index, a constant, a literal-typed
 * TS key: src/fix/property-key.ts) or that is guarded already needs none; the reasons say so.
 */
function keysToGuard(target: SgNode): { keys: { key: SgNode; last: boolean }[]; safe: string[] } | string {
  const keys: { key: SgNode; last: boolean }[] = [];
  const safe: string[] = [];
  const chain = chainKeys(target);
  for (const [i, key] of chain.entries()) {
    const text = key.text();
    if (key.kind() === 'call_expression' && GUARDS.some((g) => text.startsWith(`${g}(`))) {
      safe.push(`${text} is guarded already`);
      continue;
    }
    const reason = safeKeyReason(key);
    if (reason) safe.push(reason);
    else if (/^[\w$.]+$/.test(text)) keys.push({ key, last: i === chain.length - 1 });
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
  // `data[s][data[s].length - 1] += v`: the reported `data[s]` inside a key is a read.
  // (A region naming the key itself, as CodeQL may, is the write's.)
  const { start, end } = ctx.region;
  const covers = (n: SgNode) => n.range().start.index <= start + 1 && n.range().end.index >= end - 1;
  const inKey = chainKeys(left).find(
    (k) =>
      start >= k.range().start.index &&
      end <= k.range().end.index + 1 &&
      [k, ...k.findAll({ rule: { kind: 'subscript_expression' } })].some(
        (n) => n.kind() === 'subscript_expression' && covers(n),
      ),
  );
  if (inKey) {
    return {
      unfixed: `a read, not a write: the reported obj[key] is read inside the key ${inKey.text().slice(0, 60)} of the write, and a read cannot pollute a prototype`,
    };
  }
  const plan = keysToGuard(left);
  if (typeof plan === 'string') return { unfixed: plan };
  if (plan.keys.length === 0)
    return { unfixed: `no key of this write needs a guard: ${plan.safe.join('; ')}` };
  return plan.keys.map(({ key, last }) => {
    const name = ctx.ensureHelper(last ? LAST_KEY : PATH_KEY);
    return ctx.replace(key, `${name}(${key.text()})`);
  });
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
    'Writing `obj[key] = value` with a key from input can reach `Object.prototype`, changing',
    'every object in the process (prototype pollution: denial of service, bypassed checks,',
    'sometimes code execution). This change passes each dynamic key of the write through a small',
    'helper that refuses a key leading to a prototype and returns every other key unchanged:',
    '- `safeKey()` on the key the write sets refuses only `__proto__`: setting `constructor` or',
    '  `prototype` on an object creates its own property and reaches no prototype, so data that',
    '  uses those names keeps working;',
    '- `safePathKey()` on a key the write walks through (`a[k1][k2] = value`) also refuses',
    '  `constructor` and `prototype`, which lead from any object to a shared prototype.',
    'A refused last key skips the write (the value goes to a symbol key nothing reads, so the',
    'code that sets what its input names keeps running and the object keeps its prototype); a',
    'refused key in the middle of a chain throws a TypeError, as there is no object to walk into',
    'that keeps the meaning of the code: check that callers may surface that error.',
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
  helpers: [LAST_KEY, PATH_KEY],
  explainUnmatched,
});
