/**
 * J12 strip CR/LF before logging: the dynamic parts of a message passed to `console.*` or a
 * logger's `info/warn/error/debug/log/trace` go through a `stripNewlines()` helper, so input
 * cannot forge extra log lines. Structured arguments (objects) are left alone.
 */
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';
import { callArguments, dynamicParts } from '../../src/fix/js.js';

const HELPER = {
  name: 'stripNewlines',
  // Self-contained: several files of a project import it from one trust-helpers module.
  shared: true,
  javascript:
    "/** Replace CR and LF so a logged value cannot start a forged log line. */\nfunction stripNewlines(value) {\n  return String(value).replace(/[\\r\\n]+/g, ' ');\n}",
  typescript:
    "/** Replace CR and LF so a logged value cannot start a forged log line. */\nfunction stripNewlines(value: unknown): string {\n  return String(value).replace(/[\\r\\n]+/g, ' ');\n}",
};

const SAFE = /^(stripNewlines|JSON\.stringify|Number|parseInt|String\(\w+\.length\))\(|^\d+$|\.length$/;

function transform(ctx: TransformContext): TransformResult {
  const args = callArguments(ctx.node);
  if (args.length === 0) return { unfixed: 'nothing is logged' };
  const targets = args.filter((a) => {
    const r = a.range();
    return r.end.index >= ctx.region.start - 1 && r.start.index <= ctx.region.end + 1;
  });
  const chosen = targets.length > 0 && targets.length < args.length ? targets : args;
  const parts = chosen.flatMap((a) => {
    const kind = String(a.kind());
    if (kind === 'object' || kind === 'array' || kind === 'spread_element' || kind === 'arrow_function')
      return [];
    return dynamicParts(a, SAFE);
  });
  if (parts.length === 0)
    return {
      unfixed: 'only structured values or literals are logged; a structured logger escapes them itself',
    };
  const helper = ctx.ensureHelper(HELPER);
  return parts.map((p) => ctx.replace(p, `${helper}(${p.text()})`));
}

export default defineCodemod({
  id: 'trust:js/log-injection',
  title: 'Strip line breaks from logged input',
  description: [
    'A CR or LF in a logged value lets whoever controls it write a second, forged log line (for',
    'example a fake "login succeeded" entry), which misleads people and log-based alerting. This',
    'change passes the dynamic parts of the message through a small `stripNewlines()` helper that',
    'replaces line breaks with a space. Objects passed to structured loggers are not touched.',
  ].join('\n'),
  cwe: [117],
  languages: ['javascript', 'typescript', 'tsx'],
  rules: {
    codeql: ['js/log-injection'],
    sonar: ['javascript:S5145', 'typescript:S5145'],
  },
  reviewGuidance: 'merge-without-review',
  references: [
    {
      url: 'https://cwe.mitre.org/data/definitions/117.html',
      description: 'CWE-117: Improper Output Neutralization for Logs',
    },
    { url: 'https://owasp.org/www-community/attacks/Log_Injection', description: 'OWASP: Log Injection' },
  ],
  match: {
    any: [
      { pattern: 'console.$M($$$A)' },
      {
        kind: 'call_expression',
        has: {
          field: 'function',
          kind: 'member_expression',
          has: { field: 'property', regex: '^(info|warn|warning|error|debug|log|trace|fatal|verbose)$' },
        },
      },
    ],
  },
  transform,
  helpers: [HELPER],
});
