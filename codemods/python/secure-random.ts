/**
 * P1 secure randomness: `random.<fn>(...)` -> `secrets.SystemRandom().<fn>(...)`, and an
 * unseeded `random.Random()` instance -> `secrets.SystemRandom()`.
 * SystemRandom has the same methods as the `random` module but reads the OS CSPRNG, so only
 * the callee changes. Left alone when the file seeds the module (a reproducible sequence is
 * then the point) or the function has no SystemRandom equivalent.
 */
import { defineCodemod, type TransformResult } from '../../src/fix/codemod.js';
import { importedNames, qualify } from './_support.js';

/** Module-level functions of `random` that SystemRandom provides with the same signature. */
const METHODS = new Set([
  'random',
  'uniform',
  'randint',
  'randrange',
  'randbytes',
  'getrandbits',
  'choice',
  'choices',
  'sample',
  'shuffle',
  'triangular',
  'betavariate',
  'expovariate',
  'gammavariate',
  'gauss',
  'lognormvariate',
  'normalvariate',
  'vonmisesvariate',
  'paretovariate',
  'weibullvariate',
]);

export default defineCodemod({
  id: 'trust:python/secure-random',
  title: 'Use a cryptographically secure random number generator',
  description: [
    "The `random` module's generator (Mersenne Twister) is predictable: after observing enough",
    'outputs an attacker can compute the next ones, so tokens, codes and passwords drawn from it',
    'can be guessed. This change calls the same function on `secrets.SystemRandom()`, which reads',
    'the operating system CSPRNG and has the same methods and signatures; only the source of',
    'randomness changes. Files that call `random.seed()` are left alone, because a reproducible',
    'sequence is then intended. If the value is not security relevant, dismiss the finding instead.',
  ].join('\n'),
  cwe: [330, 338],
  languages: ['python'],
  rules: {
    bandit: ['B311'],
    sonar: ['python:S2245'],
  },
  reviewGuidance: 'merge-without-review',
  references: [
    { url: 'https://docs.python.org/3/library/secrets.html', description: 'secrets — secure random numbers' },
    {
      url: 'https://cwe.mitre.org/data/definitions/338.html',
      description: 'CWE-338: Use of Cryptographically Weak PRNG',
    },
  ],
  match: { kind: 'call', has: { field: 'function', regex: `(^|\\.)(${[...METHODS, 'Random'].join('|')})$` } },
  transform(ctx): TransformResult {
    const fn = ctx.node.field('function');
    const imports = importedNames(ctx.root);
    const name = fn ? qualify(fn, imports) : undefined;
    const method = name?.startsWith('random.') ? name.slice('random.'.length) : undefined;
    if (fn && method === 'Random') {
      // A generator instance: SystemRandom is the drop-in subclass, unless a seed is given.
      if ((ctx.node.field('arguments')?.namedChildren().length ?? 0) > 0) {
        return { unfixed: 'random.Random(seed) is seeded, so a reproducible sequence is intended' };
      }
      return [ctx.replace(fn, `${ctx.ensureImport({ module: 'secrets' })}.SystemRandom`)];
    }
    if (!fn || !method || !METHODS.has(method)) {
      return { unfixed: `${fn?.text() ?? 'this call'} is not a function of the random module` };
    }
    const seeded = ctx.root
      .findAll({ rule: { kind: 'call', has: { field: 'function', regex: '(^|\\.)seed$' } } })
      .some((call) => {
        const callee = call.field('function');
        return callee !== null && qualify(callee, imports) === 'random.seed';
      });
    if (seeded) {
      return {
        unfixed:
          'the file calls random.seed(), so a reproducible sequence is intended; a CSPRNG cannot be seeded',
      };
    }
    const secrets = ctx.ensureImport({ module: 'secrets' });
    return [ctx.replace(fn, `${secrets}.SystemRandom().${method}`)];
  },
});
