/**
 * P8 Jinja2 autoescape: `Environment(...)` without autoescape, or with `autoescape=False`,
 * gets `autoescape=True`. A non-literal autoescape value is left unfixed.
 */
import { defineCodemod, type TransformResult } from '../../src/fix/codemod.js';
import { appendArgument, callArgs, importedNames, isBool, qualify } from './_support.js';

const ENVIRONMENTS = new Set(['jinja2.Environment', 'jinja2.sandbox.SandboxedEnvironment']);

export default defineCodemod({
  id: 'trust:python/jinja2-autoescape',
  title: 'Turn on Jinja2 autoescaping',
  description: [
    'Jinja2 does not escape HTML by default, so any value rendered into a template can inject',
    'markup and scripts (cross-site scripting). This change passes `autoescape=True`: `<`, `>`,',
    '`&` and quotes in rendered values become entities. Templates that deliberately render HTML',
    'from trusted values must mark them with `|safe` or `Markup()`; check templates that build',
    'non-HTML output (e-mail text, CSV) for double-escaped characters.',
  ].join('\n'),
  cwe: [79, 116],
  languages: ['python'],
  rules: {
    bandit: ['B701'],
    codeql: ['py/jinja2/autoescape-false'],
    semgrep: [
      'python.jinja2.security.audit.autoescape-disabled.autoescape-disabled',
      'python.jinja2.security.audit.autoescape-disabled-false.incorrect-autoescape-disabled',
      'python.jinja2.security.audit.missing-autoescape-disabled.missing-autoescape-disabled',
    ],
    sonar: ['python:S5247'],
  },
  reviewGuidance: 'merge-after-review',
  references: [
    {
      url: 'https://jinja.palletsprojects.com/en/stable/api/#autoescaping',
      description: 'Jinja2: autoescaping',
    },
    { url: 'https://cwe.mitre.org/data/definitions/79.html', description: 'CWE-79: Cross-site Scripting' },
  ],
  match: { kind: 'call', has: { field: 'function', regex: '(^|\\.)(Environment|SandboxedEnvironment)$' } },
  transform(ctx): TransformResult {
    const fn = ctx.node.field('function');
    const name = fn ? qualify(fn, importedNames(ctx.root)) : undefined;
    if (!name || !ENVIRONMENTS.has(name)) {
      return { unfixed: `${fn?.text() ?? 'this call'} is not a Jinja2 Environment` };
    }
    const args = callArgs(ctx.node);
    if (!args) return { unfixed: 'unexpected call shape' };
    const value = args.keywords.get('autoescape');
    if (value) {
      if (isBool(value, false)) return [ctx.replace(value, 'True')];
      if (isBool(value, true) || value.kind() === 'call') return [];
      return { unfixed: `autoescape=${value.text()} is decided at run time; make sure it is True for HTML` };
    }
    if (args.splat)
      return { unfixed: 'options are forwarded with **kwargs, which may already set autoescape' };
    if (args.positional.length > 0)
      return { unfixed: 'positional Environment arguments; set autoescape by hand' };
    return [appendArgument(args, 'autoescape=True')];
  },
});
