/**
 * J9 stronger hash: `createHash('md5' | 'sha1')` and `createHmac(...)` -> 'sha256'. Password
 * hashing is left unfixed: it needs a slow key-derivation function, not a faster digest.
 */
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';
import { isStaticString, stringValue } from '../../src/fix/js.js';

const WEAK = /^(md2|md4|md5|sha1|sha-1|ripemd|ripemd160|rmd160)$/i;

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
  const args = call.field('arguments')?.namedChildren() ?? [];
  const alg = args[0];
  if (!alg || !isStaticString(alg)) return { unfixed: 'the algorithm is not a string literal' };
  const name = stringValue(alg);
  if (!WEAK.test(name)) return { unfixed: `algorithm '${name}' is not a weak hash this codemod replaces` };
  const quote = alg.text()[0];
  return [ctx.replace(alg, `${quote}sha256${quote}`)];
}

export default defineCodemod({
  id: 'trust:js/weak-hash',
  title: 'Replace MD5/SHA-1 with SHA-256',
  description: [
    'MD5 and SHA-1 are broken: collisions can be computed, so they no longer prove integrity or',
    'authenticity. This change switches `crypto.createHash`/`createHmac` to SHA-256. Digests change:',
    'values already stored or compared with another system (cache keys, ETags, signatures) must be',
    'recomputed or accepted in both forms during a migration. Password hashing is not changed here:',
    'it needs scrypt, argon2 or bcrypt.',
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
    ],
  },
  transform,
});
