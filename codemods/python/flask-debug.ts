/**
 * Flask debug mode: drop `debug=True` from `app.run(...)`. Flask then takes debug mode from
 * the FLASK_DEBUG environment variable, so developers keep the debugger locally (FLASK_DEBUG=1)
 * while a deployment no longer exposes it. A non-literal debug value is left unfixed.
 */
import { defineCodemod, type TransformResult } from '../../src/fix/codemod.js';
import { callArgs, importedNames, isBool, removeArgument } from './_support.js';

export default defineCodemod({
  id: 'trust:python/flask-debug-off',
  title: 'Do not hard-code Flask debug mode',
  description: [
    'With `debug=True` Flask serves the Werkzeug debugger, whose console runs any Python code a',
    'visitor types into an error page: remote code execution wherever the app is reachable. This',
    'change removes the hard-coded `debug=True`; Flask then reads debug mode from the',
    '`FLASK_DEBUG` environment variable, so run `FLASK_DEBUG=1` locally to keep the debugger and',
    'reloader during development.',
  ].join('\n'),
  cwe: [94, 489],
  languages: ['python'],
  rules: {
    bandit: ['B201'],
    codeql: ['py/flask-debug'],
    semgrep: ['python.flask.security.audit.debug-enabled.debug-enabled'],
    sonar: ['python:S4507'],
  },
  reviewGuidance: 'merge-without-review',
  references: [
    {
      url: 'https://flask.palletsprojects.com/en/stable/debugging/',
      description: 'Flask: debugging application errors',
    },
    { url: 'https://cwe.mitre.org/data/definitions/489.html', description: 'CWE-489: Active Debug Code' },
  ],
  match: {
    kind: 'call',
    all: [
      { has: { field: 'function', regex: '\\.run$' } },
      {
        has: {
          field: 'arguments',
          has: { kind: 'keyword_argument', has: { field: 'name', regex: '^debug$' } },
        },
      },
    ],
  },
  transform(ctx): TransformResult {
    if (![...importedNames(ctx.root).values()].some((m) => m === 'flask' || m.startsWith('flask.'))) {
      return { unfixed: 'the file does not import Flask, so this run() may not be a Flask app' };
    }
    const args = callArgs(ctx.node);
    const debug = args?.keywords.get('debug');
    if (!args || !debug) return { unfixed: 'the call has no debug= argument' };
    if (isBool(debug, false)) return [];
    if (!isBool(debug, true)) {
      return { unfixed: `debug=${debug.text()} is not a literal True; take it from the environment by hand` };
    }
    return [removeArgument(args, debug.parent()!)];
  },
});
