/**
 * J9 stronger hash: `createHash('md5' | 'sha1')` -> 'sha256'. Left unfixed: password hashing
 * (it needs a slow key-derivation function, not a faster digest), HMACs (HMAC-SHA1 is not
 * broken, and the other side of every signature check still computes the old one), and a
 * digest compared with a fixed value (a digest of the old algorithm, which could never match).
 */
import type { SgNode } from '@ast-grep/napi';
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';
import { isStaticString, parentSkippingParens, stringValue, unwrapParens } from '../../src/fix/js.js';

const WEAK = /^(md2|md4|md5|sha1|sha-1|ripemd|ripemd160|rmd160)$/i;

/** The last call of `createHash(...).update(...).digest(...)` starting at `call`. */
function chainEnd(call: SgNode): SgNode {
  let end = call;
  for (;;) {
    const member = parentSkippingParens(end);
    const next = member?.kind() === 'member_expression' ? member.parent() : null;
    if (next?.kind() !== 'call_expression' || next.field('function')?.id() !== member?.id()) return end;
    end = next;
  }
}

/** `digest(...) === 'd41d8c...'`: a stored digest of the old algorithm, written into the code. */
function comparedWithLiteral(call: SgNode): boolean {
  const end = chainEnd(call);
  const cmp = parentSkippingParens(end);
  if (cmp?.kind() !== 'binary_expression') return false;
  if (!/^[!=]==?$/.test(cmp.field('operator')?.text() ?? '')) return false;
  const left = cmp.field('left');
  const other = left && unwrapParens(left).id() === end.id() ? cmp.field('right') : left;
  return other ? isStaticString(unwrapParens(other)) : false;
}

function transform(ctx: TransformContext): TransformResult {
  if (/password/i.test(ctx.finding.rule.id)) {
    return {
      unfixed:
        'this digest hashes passwords: use scrypt/argon2/bcrypt, which a drop-in digest swap cannot provide',
    };
  }
  // CodeQL reports the hashed data (`.update(data)`): find the createHash call in the chain.
  const call = /(^|\.)create(Hash|Hmac)$/.test(ctx.node.field('function')?.text() ?? '')
    ? ctx.node
    : ctx.node.find({
        rule: {
          any: [
            { pattern: '$C.createHash($$$A)' },
            { pattern: 'createHash($$$A)' },
            { pattern: '$C.createHmac($$$A)' },
            { pattern: 'createHmac($$$A)' },
          ],
        },
      });
  if (!call) return { unfixed: 'no createHash call at this location' };
  if (/(^|\.)createHmac$/.test(call.field('function')?.text() ?? '')) {
    return {
      unfixed:
        'this is an HMAC: HMAC-SHA1 is not broken, and changing its algorithm breaks every signature check against the other side (webhooks, OAuth 1, TOTP); change it only together with that system',
    };
  }
  const args = call.field('arguments')?.namedChildren() ?? [];
  const alg = args[0];
  if (!alg || !isStaticString(alg)) return { unfixed: 'the algorithm is not a string literal' };
  const name = stringValue(alg);
  if (!WEAK.test(name)) return { unfixed: `algorithm '${name}' is not a weak hash this codemod replaces` };
  if (comparedWithLiteral(call)) {
    return {
      unfixed: `the digest is compared with a fixed value, a ${name} digest made before: with SHA-256 the comparison could never match; replace both together`,
    };
  }
  const quote = alg.text()[0];
  return [ctx.replace(alg, `${quote}sha256${quote}`)];
}

export default defineCodemod({
  id: 'trust:js/weak-hash',
  title: 'Replace MD5/SHA-1 with SHA-256',
  description: [
    'MD5 and SHA-1 are broken: collisions can be computed, so they no longer prove integrity or',
    'authenticity. This change switches `crypto.createHash` to SHA-256.',
    '',
    '**Breaking change when the digest leaves the function.** Every digest changes value. One that',
    'is returned, stored (a database column, cache key, file name, ETag), sent to another system or',
    'compared with a value computed before no longer matches: recompute the stored values, or accept',
    'both forms during a migration. Only a digest used and discarded within one run (logged, or',
    'compared with another digest this code computes in the same run) is unaffected. Check each change.',
    '',
    'Left unfixed, with the reason: HMACs (`createHmac`): HMAC-SHA1 is not broken, and the other side',
    'of a signature check (webhooks, OAuth 1, TOTP) keeps computing the old one; a digest compared',
    'with a fixed string, which is a digest of the old algorithm; and password hashing, which needs',
    'scrypt, argon2 or bcrypt rather than a faster digest.',
  ].join('\n'),
  cwe: [327, 328],
  languages: ['javascript', 'typescript', 'tsx'],
  rules: {
    codeql: ['js/weak-cryptographic-algorithm', 'js/insufficient-password-hash'],
    semgrep: ['javascript.lang.security.audit.md5-used-as-password.md5-used-as-password'],
    sonar: ['javascript:S4790', 'typescript:S4790'],
  },
  reviewGuidance: 'merge-after-review',
  references: [
    { url: 'https://cwe.mitre.org/data/definitions/328.html', description: 'CWE-328: Use of Weak Hash' },
    {
      url: 'https://nodejs.org/api/crypto.html#cryptocreatehashalgorithm-options',
      description: 'crypto.createHash',
    },
  ],
  match: {
    any: [
      { pattern: '$C.createHash($$$ARGS)' },
      { pattern: 'createHash($$$ARGS)' },
      { pattern: '$C.createHmac($$$ARGS)' },
      { pattern: 'createHmac($$$ARGS)' },
      { pattern: '$C.createHash($$$ARGS).update($$$DATA)' },
      { pattern: 'createHash($$$ARGS).update($$$DATA)' },
      { pattern: '$C.createHmac($$$ARGS).update($$$DATA)' },
      { pattern: 'createHmac($$$ARGS).update($$$DATA)' },
    ],
  },
  transform,
});
