/**
 * J1 secure randomness: Math.random() and crypto.pseudoRandomBytes() -> node:crypto.
 * `Math.floor(Math.random() * N)` with an integer literal N becomes `randomInt(N)`, and with
 * `a.length` `randomInt(Math.max(a.length, 1))`: randomInt(0) throws where the original gave 0
 * for an empty `a`, and randomInt(1) gives that 0 back while reading `a.length` once, as
 * before. Any other use of Math.random() becomes a `secureRandom()` helper returning a float
 * in [0, 1) from a CSPRNG.
 */

import type { SgNode } from '@ast-grep/napi';
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';
import { looksLikeNode, parentSkippingParens, unwrapParens } from '../../src/fix/js.js';

const CRYPTO = { module: 'node:crypto', aliases: ['crypto'] } as const;

/** `Math.floor(Math.random() * N)` (either operand order) -> { call, bound }. */
function floorTimes(random: SgNode): { call: SgNode; bound: SgNode } | undefined {
  const product = parentSkippingParens(random);
  if (product?.kind() !== 'binary_expression' || product.field('operator')?.text() !== '*') return undefined;
  const left = product.field('left');
  const right = product.field('right');
  if (!left || !right) return undefined;
  const bound = unwrapParens(left).text() === random.text() ? right : left;
  const args = parentSkippingParens(product);
  const call = args?.kind() === 'arguments' ? args.parent() : null;
  if (call?.kind() !== 'call_expression' || call.field('function')?.text() !== 'Math.floor') return undefined;
  if (args?.namedChildren().length !== 1) return undefined;
  return { call, bound };
}

/**
 * The randomInt() argument for bound N, when it keeps the original's results: a positive
 * integer literal as it is, `a.length` kept from 0 (an empty array or string) by Math.max.
 * `a?.length` may be undefined, which randomInt() rejects: it takes the float helper.
 */
function randomIntBound(node: SgNode): string | undefined {
  const n = unwrapParens(node);
  if (n.kind() === 'number') {
    const ok = /^[1-9][0-9_]*$/.test(n.text()) && Number(n.text().replace(/_/g, '')) < 2 ** 48;
    return ok ? n.text() : undefined;
  }
  if (n.kind() !== 'member_expression' || n.field('property')?.text() !== 'length') return undefined;
  if (n.children().some((c) => c.kind() === 'optional_chain')) return undefined;
  return `Math.max(${n.text()}, 1)`;
}

function floatHelper(ctx: TransformContext): string {
  if (looksLikeNode(ctx.source)) {
    const randomBytes = ctx.ensureImport({ ...CRYPTO, name: 'randomBytes' });
    const body = `return ${randomBytes}(6).readUIntBE(0, 6) / 2 ** 48;`;
    return ctx.ensureHelper({
      name: 'secureRandom',
      javascript: `/** A float in [0, 1) from the operating system's CSPRNG (drop-in for Math.random()). */\nfunction secureRandom() {\n  ${body}\n}`,
      typescript: `/** A float in [0, 1) from the operating system's CSPRNG (drop-in for Math.random()). */\nfunction secureRandom(): number {\n  ${body}\n}`,
    });
  }
  // Browser code (and Node >= 19): the Web Crypto API is a global.
  const body =
    'const words = new Uint32Array(2);\n  globalThis.crypto.getRandomValues(words);\n  return ((words[0] ?? 0) * 2 ** 21 + ((words[1] ?? 0) >>> 11)) / 2 ** 53;';
  return ctx.ensureHelper({
    name: 'secureRandom',
    javascript: `/** A float in [0, 1) from the Web Crypto CSPRNG (drop-in for Math.random()). */\nfunction secureRandom() {\n  ${body}\n}`,
    typescript: `/** A float in [0, 1) from the Web Crypto CSPRNG (drop-in for Math.random()). */\nfunction secureRandom(): number {\n  ${body}\n}`,
  });
}

function transform(ctx: TransformContext): TransformResult {
  const { node } = ctx;
  if (node.kind() === 'member_expression') {
    const prop = node.field('property');
    if (!prop) return { unfixed: 'unexpected shape of the pseudoRandomBytes reference' };
    return [ctx.replace(prop, 'randomBytes')];
  }
  const floor = floorTimes(node);
  const bound = floor && randomIntBound(floor.bound);
  if (floor && bound && looksLikeNode(ctx.source)) {
    const randomInt = ctx.ensureImport({ ...CRYPTO, name: 'randomInt' });
    return [ctx.replace(floor.call, `${randomInt}(${bound})`)];
  }
  return [ctx.replace(node, `${floatHelper(ctx)}()`)];
}

export default defineCodemod({
  id: 'trust:js/secure-random',
  title: 'Use a cryptographically secure random number generator',
  description: [
    '`Math.random()` and `crypto.pseudoRandomBytes()` are predictable: an attacker who sees a few',
    'outputs can guess the next ones, so tokens, IDs and passwords built from them can be forged.',
    'This change draws from the operating system CSPRNG instead (`node:crypto`, or the Web Crypto',
    'API in browser code): `Math.floor(Math.random() * n)` becomes `randomInt(n)`, other uses call a',
    'small `secureRandom()` helper with the same [0, 1) range, and `pseudoRandomBytes` becomes',
    '`randomBytes`. An index into a list, `Math.floor(Math.random() * a.length)`, becomes',
    '`randomInt(Math.max(a.length, 1))`: for an empty list the original gives 0 and `randomInt(0)`',
    'would throw, so the bound is kept at 1, which gives 0 as before. Behaviour is unchanged apart',
    'from the source of randomness.',
  ].join('\n'),
  cwe: [338, 330],
  languages: ['javascript', 'typescript', 'tsx'],
  rules: {
    codeql: ['js/insecure-randomness'],
    semgrep: ['javascript.lang.security.detect-pseudoRandomBytes.detect-pseudoRandomBytes'],
    eslint: ['security/detect-pseudoRandomBytes'],
    sonar: ['javascript:S2245', 'typescript:S2245'],
  },
  // CodeQL reports the security-sensitive use and names the Math.random() call as related.
  relatedSite: { codeql: ['js/insecure-randomness'] },
  reviewGuidance: 'merge-without-review',
  references: [
    {
      url: 'https://cwe.mitre.org/data/definitions/338.html',
      description: 'CWE-338: Use of Cryptographically Weak PRNG',
    },
    {
      url: 'https://nodejs.org/api/crypto.html#cryptorandomintmin-max-callback',
      description: 'crypto.randomInt',
    },
    {
      url: 'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/09-Testing_for_Weak_Cryptography/README',
      description: 'OWASP: Testing for weak cryptography',
    },
  ],
  match: { any: [{ pattern: 'Math.random()' }, { pattern: '$CRYPTO.pseudoRandomBytes' }] },
  transform,
});
