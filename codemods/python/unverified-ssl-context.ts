/**
 * TLS context: `ssl._create_unverified_context(...)` -> `ssl.create_default_context(...)`.
 * Both return an `ssl.SSLContext`; the default one checks the certificate and host name.
 * Calls passing verification-specific arguments (cert_reqs, check_hostname) are left unfixed.
 */
import { defineCodemod, type TransformResult } from '../../src/fix/codemod.js';
import { callArgs, importedNames, qualify } from './_support.js';

// Parameters both functions take with the same meaning; the others configure verification.
const SHARED = new Set(['purpose', 'cafile', 'capath', 'cadata']);

export default defineCodemod({
  id: 'trust:python/unverified-ssl-context',
  title: 'Use a verifying TLS context',
  description: [
    '`ssl._create_unverified_context()` builds a TLS context that accepts any certificate for any',
    'host, so a machine on the network path can impersonate the server. This change uses',
    '`ssl.create_default_context()`, which returns the same kind of `SSLContext` with certificate',
    'and host-name checks on and the system CA store loaded. Servers with private certificates',
    'need their CA passed (`cafile=...`) instead of switching verification off.',
  ].join('\n'),
  cwe: [295],
  languages: ['python'],
  rules: {
    bandit: ['B323'],
    semgrep: ['python.lang.security.unverified-ssl-context.unverified-ssl-context'],
    sonar: ['python:S4830'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    {
      url: 'https://docs.python.org/3/library/ssl.html#ssl.create_default_context',
      description: 'ssl.create_default_context',
    },
    {
      url: 'https://cwe.mitre.org/data/definitions/295.html',
      description: 'CWE-295: Improper Certificate Validation',
    },
  ],
  match: { kind: 'call', has: { field: 'function', regex: '(^|\\.)_create_unverified_context$' } },
  transform(ctx): TransformResult {
    const fn = ctx.node.field('function');
    if (!fn || qualify(fn, importedNames(ctx.root)) !== 'ssl._create_unverified_context') {
      return { unfixed: `${fn?.text() ?? 'this call'} is not ssl._create_unverified_context` };
    }
    const args = callArgs(ctx.node);
    if (!args || args.splat) return { unfixed: 'arguments are forwarded with *args/**kwargs' };
    if (args.positional.length > 0 || [...args.keywords.keys()].some((k) => !SHARED.has(k))) {
      return {
        unfixed:
          'the call sets verification options itself (protocol, cert_reqs, check_hostname...); review by hand',
      };
    }
    const ssl = ctx.ensureImport({ module: 'ssl' });
    return [ctx.replace(fn, `${ssl}.create_default_context`)];
  },
});
