/**
 * P8b JWT signature verification: `jwt.decode(..., options={"verify_signature": False})` (PyJWT 2)
 * or `verify=False` (PyJWT 1) is switched back on. Only when the call already passes the key
 * and (PyJWT 2) the `algorithms` list: without them verification cannot work, and choosing
 * them is a decision for a human.
 */
import type { SgNode } from '@ast-grep/napi';
import { defineCodemod, type TransformResult } from '../../src/fix/codemod.js';
import { callArgs, importedNames, isBool, qualify } from './_support.js';

/** The `False` of `"verify_signature": False` in an options dict literal. */
function verifySignatureFlag(options: SgNode): SgNode | undefined {
  if (options.kind() !== 'dictionary') return undefined;
  for (const pair of options.children().filter((c) => c.kind() === 'pair')) {
    const key = pair.field('key')?.text().slice(1, -1);
    if (key === 'verify_signature') return pair.field('value') ?? undefined;
  }
  return undefined;
}

export default defineCodemod({
  id: 'trust:python/jwt-verify',
  title: 'Verify JWT signatures',
  description: [
    'Decoding a JWT with signature verification turned off accepts any token anyone wrote: an',
    'attacker can change the user id or role in the payload and the code trusts it. This change',
    'turns verification back on (`"verify_signature": True`, or `verify=True` for PyJWT 1), using',
    'the key and algorithms the call already passes. Tokens signed with another key, or with an',
    'algorithm not in the list, are now rejected with an exception, which is the point.',
  ].join('\n'),
  cwe: [347],
  languages: ['python'],
  rules: {
    semgrep: ['python.jwt.security.unverified-jwt-decode.unverified-jwt-decode'],
    sonar: ['python:S5659'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    { url: 'https://pyjwt.readthedocs.io/en/stable/api.html#jwt.decode', description: 'PyJWT: jwt.decode' },
    {
      url: 'https://cwe.mitre.org/data/definitions/347.html',
      description: 'CWE-347: Improper Verification of Cryptographic Signature',
    },
  ],
  match: { kind: 'call', has: { field: 'function', regex: '(^|\\.)decode$' } },
  transform(ctx): TransformResult {
    const fn = ctx.node.field('function');
    if (!fn || qualify(fn, importedNames(ctx.root)) !== 'jwt.decode') {
      return { unfixed: `${fn?.text() ?? 'this call'} is not PyJWT's jwt.decode` };
    }
    const args = callArgs(ctx.node);
    if (!args || args.splat) return { unfixed: 'arguments are forwarded with *args/**kwargs' };
    const options = args.keywords.get('options');
    const flag = options ? verifySignatureFlag(options) : args.keywords.get('verify');
    if (!flag) return { unfixed: 'verification is not switched off by a literal in this call' };
    if (isBool(flag, true)) return [];
    if (!isBool(flag, false)) return { unfixed: `verification is decided at run time (${flag.text()})` };
    const key = args.positional[1] ?? args.keywords.get('key');
    if (!key || key.kind() === 'none' || (key.kind() === 'string' && key.text().length <= 2)) {
      return {
        unfixed: 'no key is passed, so the token cannot be verified here; pass the signing key first',
      };
    }
    if (options && !args.keywords.has('algorithms')) {
      return {
        unfixed:
          'no algorithms= list is passed; PyJWT needs one to verify, and choosing it is a policy decision',
      };
    }
    return [ctx.replace(flag, 'True')];
  },
});
