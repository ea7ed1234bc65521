/**
 * J11 escape dynamic regular expressions: the non-literal parts of a `new RegExp(...)` /
 * `RegExp(...)` pattern are wrapped in an `escapeRegExp()` helper, so user input matches
 * literally and cannot inject a catastrophic (ReDoS) pattern. Literal parts stay regex syntax.
 * A part that holds a pattern the code built on purpose (named like one, or assigned regex
 * syntax in the same function) is left alone with the reason: escaping it would break the match.
 */

import type { SgNode } from '@ast-grep/napi';
import {
  defineCodemod,
  type Edit,
  type TransformContext,
  type TransformResult,
} from '../../src/fix/codemod.js';
import { callArguments, dynamicParts } from '../../src/fix/js.js';

const HELPER = {
  name: 'escapeRegExp',
  // Self-contained: the files of a project that need it import one copy (fix/helpers-module).
  shared: true,
  javascript:
    "/** Escape every regular-expression metacharacter so the value matches literally. */\nfunction escapeRegExp(value) {\n  return String(value).replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&');\n}",
  typescript:
    "/** Escape every regular-expression metacharacter so the value matches literally. */\nfunction escapeRegExp(value: unknown): string {\n  return String(value).replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&');\n}",
};

const ESCAPED = /^(escapeRegExp|escapeRegex|escapeStringRegexp|_\.escapeRegExp|lodash\.escapeRegExp)\(/;
const PATTERN_NAME = /regex|pattern|re$/i;
/** Regex syntax in a string literal: alternation, a group, a class, an anchor or a class escape. */
const PATTERN_SYNTAX = /\||\(\?|\[[^\]]+\]|^['"`]\^|\$['"`]$|\\\\[dwsbDWSB]/;
const FUNCTION_KINDS = new Set<string>([
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
]);

/**
 * Why a variable in the pattern holds a regular expression its code built on purpose, or
 * undefined: a value assigned to it in the same function (before the call) is named like a
 * pattern, is a string literal in regex syntax, or is made with an escaping helper (its other
 * parts are then regex syntax). Escaping such a value would turn its syntax into literal text
 * (ejs builds its tag regex this way: `var str = _REGEX_STRING; ...; new RegExp(str)`).
 */
function builtPattern(part: SgNode, call: SgNode): string | undefined {
  if (part.kind() !== 'identifier') return undefined;
  const scope = call.ancestors().find((a) => FUNCTION_KINDS.has(a.kind() as string)) ?? call.getRoot().root();
  const why = patternEvidence(part.text(), scope, call.range().start.index, 2);
  return (
    why &&
    `"${part.text()}" is a regular expression the code builds on purpose (${why}), not text to match literally`
  );
}

/** The values assigned to `name` in `scope` before offset `before`. */
function assignedValues(name: string, scope: SgNode, before: number): SgNode[] {
  return [
    ...scope
      .findAll({ rule: { kind: 'variable_declarator' } })
      .filter((d) => d.field('name')?.text() === name)
      .map((d) => d.field('value')),
    ...scope
      .findAll({
        rule: { any: [{ kind: 'assignment_expression' }, { kind: 'augmented_assignment_expression' }] },
      })
      .filter((a) => a.field('left')?.text() === name)
      .map((a) => a.field('right')),
  ].filter((v): v is SgNode => v !== null && v.range().start.index < before);
}

/** What shows `name` holds regex syntax, following assigned names `depth` levels (to the file's constants). */
function patternEvidence(name: string, scope: SgNode, before: number, depth: number): string | undefined {
  for (const value of assignedValues(name, scope, before)) {
    const ids = value.findAll({ rule: { kind: 'identifier' } }).filter((i) => i.text() !== name);
    const named = ids.find((i) => PATTERN_NAME.test(i.text()));
    if (named) return `built from ${named.text()}`;
    const literal = value.findAll({ rule: { kind: 'string' } }).find((l) => PATTERN_SYNTAX.test(l.text()));
    if (literal) return `assigned ${literal.text()}`;
    const escaper = /escape\w*reg\w*/i.exec(value.text());
    if (escaper) return `built with ${escaper[0]}()`;
    if (depth <= 1) continue;
    const root = scope.getRoot().root();
    for (const id of ids) {
      const deeper = patternEvidence(id.text(), root, before, depth - 1);
      if (deeper) return `built from ${id.text()}, ${deeper}`;
    }
  }
  return undefined;
}

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
  for (const p of todo) {
    const built = builtPattern(p, ctx.node);
    if (built) return { unfixed: built };
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
  helpers: [HELPER],
});
