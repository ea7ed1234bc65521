/**
 * P3 safe YAML loading: `yaml.load(s)` -> `yaml.safe_load(s)`, an unsafe `Loader=` ->
 * `yaml.SafeLoader`, `yaml.unsafe_load`/`full_load` -> `yaml.safe_load`. A custom Loader class
 * is left unfixed: it exists to construct custom tags, which SafeLoader would refuse.
 */
import { defineCodemod, type TransformResult } from '../../src/fix/codemod.js';
import { callArgs, importedNames, qualify } from './_support.js';

const TO_SAFE: Record<string, string> = {
  load: 'safe_load',
  load_all: 'safe_load_all',
  unsafe_load: 'safe_load',
  unsafe_load_all: 'safe_load_all',
  full_load: 'safe_load',
  full_load_all: 'safe_load_all',
};
const UNSAFE_LOADERS: Record<string, string> = {
  Loader: 'SafeLoader',
  FullLoader: 'SafeLoader',
  UnsafeLoader: 'SafeLoader',
  CLoader: 'CSafeLoader',
  CFullLoader: 'CSafeLoader',
  CUnsafeLoader: 'CSafeLoader',
};
const SAFE_LOADERS = new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader']);

export default defineCodemod({
  id: 'trust:python/harden-pyyaml',
  title: 'Load YAML with the safe loader',
  description: [
    "PyYAML's default and full loaders can construct arbitrary Python objects from tags such as",
    '`!!python/object/apply:os.system`, so loading untrusted YAML runs attacker code. This change',
    'uses `yaml.safe_load` / `yaml.SafeLoader` (or `CSafeLoader` where a C loader was used), which',
    'builds only plain data: dicts, lists, strings, numbers, dates. Documents with custom or Python',
    'tags stop loading; calls with a custom Loader class are therefore left unfixed.',
  ].join('\n'),
  cwe: [502, 20],
  languages: ['python'],
  rules: {
    bandit: ['B506'],
    semgrep: ['python.lang.security.deserialization.avoid-pyyaml-load.avoid-pyyaml-load'],
    sonar: ['pythonsecurity:S5135'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    { url: 'https://pyyaml.org/wiki/PyYAMLDocumentation', description: 'PyYAML documentation: loaders' },
    {
      url: 'https://cwe.mitre.org/data/definitions/502.html',
      description: 'CWE-502: Deserialization of Untrusted Data',
    },
  ],
  match: { kind: 'call', has: { field: 'function', regex: `(^|\\.)(${Object.keys(TO_SAFE).join('|')})$` } },
  transform(ctx): TransformResult {
    const fn = ctx.node.field('function');
    const imports = importedNames(ctx.root);
    const name = fn ? qualify(fn, imports) : undefined;
    const func = name?.startsWith('yaml.') ? name.slice('yaml.'.length) : undefined;
    const safe = func ? TO_SAFE[func] : undefined;
    const args = callArgs(ctx.node);
    if (!fn || !safe || !args)
      return { unfixed: `${fn?.text() ?? 'this call'} is not a PyYAML load function` };
    if (args.splat) return { unfixed: 'the loader may be passed through *args/**kwargs' };
    const loader = args.keywords.get('Loader') ?? (func?.startsWith('load') ? args.positional[1] : undefined);
    if (!loader) {
      const yaml = ctx.ensureImport({ module: 'yaml' });
      return [ctx.replace(fn, `${yaml}.${safe}`)];
    }
    const loaderName = qualify(loader, imports);
    const short = loaderName?.startsWith('yaml.') ? loaderName.slice('yaml.'.length) : undefined;
    if (short && SAFE_LOADERS.has(short)) return [];
    const safer = short ? UNSAFE_LOADERS[short] : undefined;
    if (!safer) {
      return {
        unfixed: `${loader.text()} is a custom loader; switching it to SafeLoader would drop the tags it constructs`,
      };
    }
    const yaml = ctx.ensureImport({ module: 'yaml' });
    return [ctx.replace(loader, `${yaml}.${safer}`)];
  },
});
