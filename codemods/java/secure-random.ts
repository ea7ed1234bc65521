/**
 * V2 secure randomness: `new Random()` -> `new SecureRandom()` (a subclass, so declared
 * `Random` types still compile) and `Math.random()` -> `new SecureRandom().nextDouble()`.
 * A seeded `new Random(seed)` is left unfixed: the seed exists to make the sequence repeatable.
 */
import { defineCodemod, type TransformResult } from '../../src/fix/codemod.js';
import { refersTo } from './_support.js';

const SECURE_RANDOM = { module: 'java.security', name: 'SecureRandom' } as const;

export default defineCodemod({
  id: 'trust:java/secure-random',
  title: 'Use SecureRandom instead of java.util.Random',
  description: [
    '`java.util.Random` and `Math.random()` are linear congruential generators: a few outputs',
    'reveal the seed and every later value, so tokens, PINs and IDs built from them can be',
    'predicted. This change creates a `java.security.SecureRandom`, which extends `Random` (same',
    'methods, variables typed `Random` still compile) and draws from the operating system CSPRNG.',
    'Seeded generators are left alone: a seed means the sequence is meant to repeat.',
  ].join('\n'),
  cwe: [330, 338],
  languages: ['java'],
  rules: {
    semgrep: ['java.lang.security.audit.crypto.weak-random.weak-random'],
    sonar: ['java:S2245'],
    codeql: ['java/insecure-randomness'],
  },
  // CodeQL reports where the value is used and names the Random (or Math.random()) source
  // as related, often in another class.
  relatedSite: { codeql: ['java/insecure-randomness'] },
  reviewGuidance: 'merge-without-review',
  references: [
    {
      url: 'https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/security/SecureRandom.html',
      description: 'SecureRandom',
    },
    {
      url: 'https://cwe.mitre.org/data/definitions/330.html',
      description: 'CWE-330: Use of Insufficiently Random Values',
    },
  ],
  match: {
    any: [
      { kind: 'object_creation_expression', has: { field: 'type', regex: '^(java\\.util\\.)?Random$' } },
      { pattern: 'Math.random()' },
    ],
  },
  transform(ctx): TransformResult {
    const { node } = ctx;
    if (node.kind() === 'method_invocation') {
      return [ctx.replace(node, `new ${ctx.ensureImport(SECURE_RANDOM)}().nextDouble()`)];
    }
    const type = node.field('type');
    const args = node.field('arguments');
    if (!type || !args) return { unfixed: 'unexpected shape of the Random construction' };
    if (!refersTo(ctx.root, type.text(), 'java.util.Random')) {
      return { unfixed: `${type.text()} here is not java.util.Random` };
    }
    if (args.namedChildren().length > 0) {
      return {
        unfixed:
          'the generator is seeded, so a repeatable sequence is intended; SecureRandom cannot honour a seed',
      };
    }
    if (node.children().some((c) => c.kind() === 'class_body')) {
      return { unfixed: 'an anonymous subclass of Random; rewrite it by hand' };
    }
    return [ctx.replace(type, ctx.ensureImport(SECURE_RANDOM))];
  },
});
