/**
 * P5b request timeouts: add `timeout=60` to `requests` calls that have none, so a slow or
 * malicious server cannot hold a worker forever. Calls forwarding **kwargs are left unfixed
 * (the caller may already pass a timeout).
 */
import { defineCodemod, type TransformResult } from '../../src/fix/codemod.js';
import { appendArgument, callArgs, importedNames, qualify } from './_support.js';

const FUNCTIONS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];

export const DEFAULT_TIMEOUT_SECONDS = 60;

export default defineCodemod({
  id: 'trust:python/requests-timeout',
  title: 'Add a timeout to HTTP requests',
  description: [
    '`requests` waits forever by default. A server that accepts the connection and never answers',
    'ties up the calling thread or worker until the process is restarted, which an attacker can',
    `use to exhaust workers. This change adds \`timeout=${DEFAULT_TIMEOUT_SECONDS}\` (seconds, for connecting and`,
    'for each read). The value is a policy choice: lower it for interactive paths, raise it for',
    'known slow endpoints.',
  ].join('\n'),
  cwe: [400],
  languages: ['python'],
  rules: {
    bandit: ['B113'],
    semgrep: ['python.requests.best-practice.use-timeout.use-timeout'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    {
      url: 'https://requests.readthedocs.io/en/latest/user/advanced/#timeouts',
      description: 'Requests: timeouts',
    },
    {
      url: 'https://cwe.mitre.org/data/definitions/400.html',
      description: 'CWE-400: Uncontrolled Resource Consumption',
    },
  ],
  match: { kind: 'call', has: { field: 'function', regex: `(^|\\.)(${FUNCTIONS.join('|')})$` } },
  transform(ctx): TransformResult {
    const fn = ctx.node.field('function');
    const name = fn ? qualify(fn, importedNames(ctx.root)) : undefined;
    if (!name || !FUNCTIONS.some((f) => name === `requests.${f}`)) {
      return { unfixed: `${fn?.text() ?? 'this call'} is not a module-level requests function` };
    }
    const args = callArgs(ctx.node);
    if (!args) return { unfixed: 'unexpected call shape' };
    if (args.keywords.has('timeout')) return [];
    if (args.splat)
      return { unfixed: 'arguments are forwarded with *args/**kwargs, which may already set a timeout' };
    return [appendArgument(args, `timeout=${DEFAULT_TIMEOUT_SECONDS}`)];
  },
});
