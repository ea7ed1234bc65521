/**
 * P5a TLS verification: `verify=False` -> `verify=True` on requests and httpx calls (see
 * _http-client.ts for what counts). A verify value that is not a literal (a setting, a CA
 * bundle path), and `verify=` on any other call, are left unfixed for a human.
 */
import { defineCodemod, type TransformResult } from '../../src/fix/codemod.js';
import { notHttpClientCall } from './_http-client.js';
import { callArgs, isBool } from './_support.js';

export default defineCodemod({
  id: 'trust:python/requests-verify',
  title: 'Verify TLS certificates on HTTP requests',
  description: [
    '`verify=False` turns off certificate checks, so anyone on the network path can impersonate',
    'the server and read or change the traffic (credentials included). This change sets',
    '`verify=True`, the library default. Servers with self-signed or private-CA certificates will',
    'then fail to connect: pass the CA bundle path (`verify="/path/to/ca.pem"`) instead of',
    'disabling verification. Only calls of requests and httpx are changed (module functions,',
    '`requests.Session()` / `httpx.Client()` objects built in the same function, class or module):',
    '`verify=` on another call may mean something else, so it is left unfixed with the reason.',
  ].join('\n'),
  cwe: [295],
  languages: ['python'],
  rules: {
    bandit: ['B501'],
    codeql: ['py/request-without-cert-validation'],
    semgrep: ['python.requests.security.disabled-cert-validation.disabled-cert-validation'],
    sonar: ['python:S4830'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    {
      url: 'https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification',
      description: 'Requests: SSL certificate verification',
    },
    {
      url: 'https://cwe.mitre.org/data/definitions/295.html',
      description: 'CWE-295: Improper Certificate Validation',
    },
  ],
  match: {
    kind: 'call',
    has: { field: 'arguments', has: { kind: 'keyword_argument', has: { field: 'name', regex: '^verify$' } } },
  },
  transform(ctx): TransformResult {
    const notClient = notHttpClientCall(ctx.node);
    if (notClient) return { unfixed: notClient };
    const verify = callArgs(ctx.node)?.keywords.get('verify');
    if (!verify) return { unfixed: 'the call has no verify= argument' };
    if (isBool(verify, false)) return [ctx.replace(verify, 'True')];
    if (isBool(verify, true) || verify.kind() === 'string') return [];
    return {
      unfixed: `verify=${verify.text()} is decided at run time; make sure it is never False outside tests`,
    };
  },
});
