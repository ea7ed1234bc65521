/**
 * J10 JWT algorithm pinning: `jwt.verify(token, key[, options][, callback])` (jsonwebtoken)
 * gets `algorithms: [...]` taken from the `jwt.sign()` calls in the same file (jsonwebtoken's
 * default HS256 when they name none), and `'none'` is removed from an explicit list. When the
 * algorithm cannot be inferred, or for `jwt.decode()`, the finding stays unfixed.
 */
import type { SgNode } from '@ast-grep/napi';
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';
import { callArguments, isStaticString, removeObjectEntry, stringValue } from '../../src/fix/js.js';

function signedAlgorithms(root: SgNode): string[] | undefined {
  const signs = root
    .findAll({ rule: { pattern: '$J.sign($$$A)' } })
    .filter((c) => /jwt|jsonwebtoken/i.test(c.field('function')?.text() ?? ''));
  if (signs.length === 0) return undefined;
  const algs = new Set<string>();
  for (const call of signs) {
    const options = callArguments(call)[2];
    const alg =
      options?.kind() === 'object'
        ? options
            .namedChildren()
            .find((p) => p.kind() === 'pair' && /^['"]?algorithm['"]?$/.test(p.field('key')?.text() ?? ''))
            ?.field('value')
        : undefined;
    if (!alg) algs.add('HS256');
    else if (isStaticString(alg)) algs.add(stringValue(alg));
    else return undefined;
  }
  algs.delete('none');
  return algs.size > 0 ? [...algs].sort() : undefined;
}

function transform(ctx: TransformContext): TransformResult {
  if (!/['"]jsonwebtoken['"]/.test(ctx.source)) return { unfixed: 'this file does not use jsonwebtoken' };
  const { node } = ctx;
  const method = node.field('function')?.field('property')?.text();
  if (method === 'decode') {
    return {
      unfixed:
        'jwt.decode() does not verify the signature; replacing it needs the verification key, which a person must choose',
    };
  }
  const args = callArguments(node);
  if (args.length < 2) return { unfixed: 'jwt.verify is called without a key' };
  const options = args[2];
  if (options?.kind() === 'object') {
    const listed = options
      .namedChildren()
      .find((p) => p.kind() === 'pair' && /^['"]?algorithms['"]?$/.test(p.field('key')?.text() ?? ''));
    const list = listed?.field('value');
    if (list?.kind() === 'array') {
      const none = list
        .namedChildren()
        .find((e) => isStaticString(e) && stringValue(e).toLowerCase() === 'none');
      if (!none) return { unfixed: 'verify already pins its algorithms' };
      if (list.namedChildren().length === 1)
        return { unfixed: "the only accepted algorithm is 'none'; the real one must be chosen by a person" };
      return [removeObjectEntry(ctx.source, none)];
    }
    if (listed) return { unfixed: 'the algorithms option is not a literal list' };
  } else if (options && !/function|=>/.test(options.text().slice(0, 40))) {
    return { unfixed: 'the verify options are not an object literal here' };
  }
  const algs = signedAlgorithms(ctx.root);
  if (!algs) return { unfixed: 'cannot infer the signing algorithm (no literal jwt.sign in this file)' };
  const pin = `algorithms: [${algs.map((a) => `'${a}'`).join(', ')}]`;
  if (options?.kind() === 'object') {
    const items = options.namedChildren().filter((c) => c.kind() !== 'comment');
    const last = items[items.length - 1];
    if (!last) return [ctx.replace(options, `{ ${pin} }`)];
    return [{ start: last.range().end.index, end: last.range().end.index, text: `, ${pin}` }];
  }
  const key = args[1]!;
  return [{ start: key.range().end.index, end: key.range().end.index, text: `, { ${pin} }` }];
}

export default defineCodemod({
  id: 'trust:js/jwt-algorithms',
  title: 'Pin the accepted JWT algorithms',
  description: [
    'Verifying a JWT without naming the accepted algorithms lets the token choose: `none` skips',
    'the signature, and an HMAC token checked against an RSA public key can be forged with that',
    'public key (algorithm confusion). This change passes `algorithms` to `jwt.verify`, taken from',
    "how the same file signs its tokens, and removes `'none'` from an explicit list.",
  ].join('\n'),
  cwe: [347, 327],
  languages: ['javascript', 'typescript', 'tsx'],
  rules: {
    codeql: ['js/jwt-missing-verification'],
    semgrep: [
      'javascript.jsonwebtoken.security.jwt-none-alg.jwt-none-alg',
      'javascript.jsonwebtoken.security.audit.jwt-decode-without-verify.jwt-decode-without-verify',
    ],
    sonar: ['javascript:S5659', 'typescript:S5659'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    {
      url: 'https://cwe.mitre.org/data/definitions/347.html',
      description: 'CWE-347: Improper Verification of Cryptographic Signature',
    },
    {
      url: 'https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback',
      description: 'jsonwebtoken verify options',
    },
  ],
  match: { any: [{ pattern: '$J.verify($$$A)' }, { pattern: '$J.decode($$$A)' }] },
  transform,
});
