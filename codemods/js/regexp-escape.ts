/**
 * J11 escape dynamic regular expressions: the non-literal parts of a `new RegExp(...)` /
 * `RegExp(...)` pattern are wrapped in an `escapeRegExp()` helper, so user input matches
 * literally and cannot inject a catastrophic (ReDoS) pattern. Literal parts stay regex syntax.
 */
import {
  defineCodemod,
  type Edit,
  type TransformContext,
  type TransformResult,
} from '../../src/fix/codemod.js';
import { callArguments, dynamicParts } from '../../src/fix/js.js';

const HELPER = {
  name: 'escapeRegExp',
  javascript:
    "/** Escape every regular-expression metacharacter so the value matches literally. */\nfunction escapeRegExp(value) {\n  return String(value).replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&');\n}",
  typescript:
    "/** Escape every regular-expression metacharacter so the value matches literally. */\nfunction escapeRegExp(value: unknown): string {\n  return String(value).replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&');\n}",
};

const ESCAPED = /^(escapeRegExp|escapeRegex|escapeStringRegexp|_\.escapeRegExp|lodash\.escapeRegExp)\(/;

function transform(ctx: TransformContext): TransformResult {
  const args = callArguments(ctx.node);
  const pattern = args[0];
  if (!pattern) return { unfixed: 'RegExp is called without a pattern' };
  if (pattern.kind() === 'spread_element') return { unfixed: 'the pattern is spread from an array' };
  const todo = dynamicParts(pattern, ESCAPED);
  if (todo.length === 0)
    return { unfixed: 'every dynamic part of the pattern is already escaped', alreadyFixed: true };
  if (todo.some((p) => /regex|pattern|re$/i.test(p.text()))) {
    return {
      unfixed: `"${todo.find((p) => /regex|pattern|re$/i.test(p.text()))!.text()}" looks like an intended regular expression, not text to match literally`,
    };
  }
  const helper = ctx.ensureHelper(HELPER);
  return todo.map((p): Edit => ctx.replace(p, `${helper}(${p.text()})`));
}

export default defineCodemod({
  id: 'trust:js/regexp-escape',
  title: 'Escape user input in regular expressions',
  description: [
    'A regular expression built from untrusted input lets the input change the pattern: it can',
    'match things it should not, or use a catastrophic pattern that hangs the event loop (ReDoS).',
    'This change passes the dynamic parts of the pattern through a small `escapeRegExp()` helper',
    'so they match literally; the literal regex syntax around them is unchanged. If a caller',
    'really meant to pass a pattern, validate it against an allow-list instead.',
  ].join('\n'),
  cwe: [730, 1333, 400],
  languages: ['javascript', 'typescript', 'tsx'],
  rules: {
    codeql: ['js/regex-injection'],
    semgrep: ['javascript.lang.security.audit.detect-non-literal-regexp.detect-non-literal-regexp'],
    eslint: ['security/detect-non-literal-regexp'],
    sonar: ['javascript:S2631', 'typescript:S2631'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  // Checked with ESLint 9 + eslint-plugin-security 4 (still-reported.test.ts): the rule
  // reports `new RegExp(x)` for any non-literal x, escaped or not.
  stillReported: {
    rules: { eslint: ['security/detect-non-literal-regexp'] },
    why: 'dynamic parts pass through escapeRegExp() and match literally',
  },
  references: [
    {
      url: 'https://cwe.mitre.org/data/definitions/1333.html',
      description: 'CWE-1333: Inefficient Regular Expression Complexity',
    },
    {
      url: 'https://developer.mozilla.org/en-US/docs/Web/JavaScript/Guide/Regular_expressions#escaping',
      description: 'MDN: escaping regular expressions',
    },
  ],
  match: { any: [{ pattern: 'new RegExp($$$ARGS)' }, { pattern: 'RegExp($$$ARGS)' }] },
  transform,
});
