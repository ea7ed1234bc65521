/**
 * J15 constant-time comparison: `if (token === input)` -> `if (safeEqual(token, input))`.
 * eslint-plugin-security's detect-possible-timing-attacks reports an `if` whose test is one
 * `==`/`===`/`!=`/`!==` with an operand named password, secret, api, apiKey, token, auth, pass
 * or hash. `===` stops at the first differing character, so its running time tells an
 * attacker how much of a guess was right. The helper compares SHA-256 digests of both strings
 * with `crypto.timingSafeEqual`: digests always have the same length, so it never throws and
 * leaks no length, and equal strings give equal digests while different ones collide with
 * negligible chance. Anything but two strings is compared with `===`, as before.
 * Left alone, with the reason: comparisons with null, undefined, numbers, booleans or the empty
 * string (presence checks), with a string written in the code, with a value that is not a
 * string, loose `==` between unknown types, a password against its confirmation field, and
 * browser code.
 */
import type { SgNode } from '@ast-grep/napi';
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';
import { unwrapParens } from '../../src/fix/js.js';

/** The rule's own test (eslint-plugin-security 4.x): the whole identifier, any case. */
const SECRET_NAME = /^(password|secret|api|apiKey|token|auth|pass|hash)$/i;
const CONFIRMATION = /confirm|repeat|retype|again|verif|second|2$/i;
const CONSTANT_KINDS = new Set(['null', 'undefined', 'number', 'true', 'false']);
const NOT_STRING_KINDS = new Set([
  'unary_expression',
  'object',
  'array',
  'arrow_function',
  'function_expression',
  'new_expression',
  'regex',
  'update_expression',
]);
const BROWSER = /\b(document|window|localStorage|sessionStorage)\.|from\s+['"](react|vue|svelte|@angular\/)/;
const NODE =
  /\brequire\s*\(|\bprocess\.|\bmodule\.exports\b|\bfrom\s+['"](node:|express|fastify|koa|@nestjs\/|next\/server)/;

/** Why a reported comparison is left as it is, and the triage rule that says so. */
export interface LeftAlone {
  decision: 'false_positive' | 'needs_review';
  reason: string;
  rule: string;
}

/** Where the scanner pointed (the `if` statement) and the file around it. */
export interface ComparisonSite {
  node: SgNode;
  root: SgNode;
  source: string;
  path: string;
}

const falsePositive = (reason: string): LeftAlone => ({
  decision: 'false_positive',
  reason,
  rule: 'trust/timing-attack-no-secret',
});
const needsReview = (reason: string): LeftAlone => ({
  decision: 'needs_review',
  reason,
  rule: 'trust/timing-attack-review',
});

/** How `name` is declared in this file, when it is a `const`/`let` with a value that is no string. */
function nonStringDeclaration(root: SgNode, name: string): string | undefined {
  const decl = root.find({
    rule: { kind: 'variable_declarator', has: { field: 'name', regex: `^${name}$`, kind: 'identifier' } },
  });
  const value = decl?.field('value');
  if (!value) return undefined;
  const v = unwrapParens(value);
  const kind = String(v.kind());
  if (NOT_STRING_KINDS.has(kind) || CONSTANT_KINDS.has(kind) || kind === 'class')
    return v.text().split('\n')[0];
  if (kind === 'call_expression' && /^(require|import)$/.test(v.field('function')?.text() ?? ''))
    return v.text();
  return undefined;
}

/** Why the comparison leaks nothing worth a change, or undefined when it should be fixed. */
function leftAlone(
  ctx: ComparisonSite,
  secret: SgNode,
  other: SgNode,
  loose: boolean,
): LeftAlone | undefined {
  const o = unwrapParens(other);
  const kind = String(o.kind());
  const text = o.text();
  if (kind === 'unary_expression' && text.startsWith('typeof')) {
    return falsePositive(`${secret.text()} is compared with a type name (${text}), which is no secret`);
  }
  if (CONSTANT_KINDS.has(kind) || text === "''" || text === '""' || text === '``') {
    return falsePositive(
      `${secret.text()} is compared with ${text}, a presence check that reveals nothing secret`,
    );
  }
  if (
    kind === 'string' ||
    (kind === 'template_string' && !o.find({ rule: { kind: 'template_substitution' } }))
  ) {
    return needsReview(
      `${secret.text()} is compared with a value written in the code (${text.length > 30 ? `${text.slice(0, 27)}...` : text}): if it is a secret, move it out of the source and compare with a constant-time check; a mode or keyword leaks nothing`,
    );
  }
  if (
    NOT_STRING_KINDS.has(kind) ||
    (kind === 'member_expression' && o.field('property')?.text() === 'length')
  ) {
    return falsePositive(`the other side (${text}) is not a string, so no string comparison leaks timing`);
  }
  const declared = nonStringDeclaration(ctx.root, secret.text());
  if (declared)
    return falsePositive(`${secret.text()} holds no string (${declared}), so nothing secret is compared`);
  if (CONFIRMATION.test(text.split('.').pop() ?? '')) {
    return falsePositive(
      `${secret.text()} is compared with its confirmation (${text}): both come from the same user, who learns only what they typed`,
    );
  }
  if (/\.(jsx|tsx)$/.test(ctx.path) || (BROWSER.test(ctx.source) && !NODE.test(ctx.source))) {
    return falsePositive(
      'browser code: the comparison runs on the machine of the user who typed the value, so its timing reveals nothing to anyone else',
    );
  }
  if (loose) {
    return needsReview(
      'a loose comparison (==) may rely on type coercion, which a constant-time string comparison does not do: make it === first',
    );
  }
  return undefined;
}

const BODY = (createHash: string, timingSafeEqual: string) =>
  [
    "  if (typeof a !== 'string' || typeof b !== 'string') return a === b;",
    `  const digestA = ${createHash}('sha256').update(a).digest();`,
    `  const digestB = ${createHash}('sha256').update(b).digest();`,
    `  return ${timingSafeEqual}(digestA, digestB);`,
  ].join('\n');
const DOC = [
  '/**',
  ' * Compares two strings in constant time: crypto.timingSafeEqual over their SHA-256 digests,',
  ' * which always have the same length (no length leak, no throw). Anything else: ===.',
  ' */',
].join('\n');

/** The comparison to replace, or why it stays (shared with triage). */
export function judgeComparison(
  site: ComparisonSite,
): { outer: SgNode; left: SgNode; right: string; negate: boolean } | LeftAlone {
  const cond = site.node.field('condition');
  const outer = cond && unwrapParens(cond);
  // tree-sitter-typescript reads `a === b!` as `(a === b)!`: the `!` belongs to the right operand.
  const bang = outer?.kind() === 'non_null_expression';
  const test = bang ? outer.namedChildren()[0] : outer;
  const op = test?.kind() === 'binary_expression' ? test.field('operator')?.text() : undefined;
  if (!outer || !test || !op || !/^[!=]==?$/.test(op)) {
    return needsReview('the condition is not a single equality comparison');
  }
  const left = test.field('left')!;
  const right = test.field('right')!;
  const leftSecret = left.kind() === 'identifier' && SECRET_NAME.test(left.text());
  const secret = leftSecret ? left : right;
  const other = leftSecret ? right : left;
  return (
    leftAlone(site, secret, other, op.length === 2) ?? {
      outer,
      left,
      right: `${right.text()}${bang ? '!' : ''}`,
      negate: op.startsWith('!'),
    }
  );
}

function transform(ctx: TransformContext): TransformResult {
  const cmp = judgeComparison(ctx);
  // The reason alone: triage (the `triage` hook below) records the decision with it.
  if ('decision' in cmp) return { unfixed: cmp.reason };
  const crypto = { module: 'node:crypto', aliases: ['crypto'] };
  const createHash = ctx.ensureImport({ ...crypto, name: 'createHash' });
  const timingSafeEqual = ctx.ensureImport({ ...crypto, name: 'timingSafeEqual' });
  const body = BODY(createHash, timingSafeEqual);
  const safeEqual = ctx.ensureHelper({
    name: 'safeEqual',
    javascript: `${DOC}\nfunction safeEqual(a, b) {\n${body}\n}`,
    typescript: `${DOC}\nfunction safeEqual(a: unknown, b: unknown): boolean {\n${body}\n}`,
  });
  const call = `${safeEqual}(${cmp.left.text()}, ${cmp.right})`;
  return [ctx.replace(cmp.outer, cmp.negate ? `!${call}` : call)];
}

export default defineCodemod({
  id: 'trust:js/timing-safe-equal',
  title: 'Compare secrets in constant time',
  description: [
    '`a === secret` stops at the first character that differs, so how long it takes tells an attacker',
    'how much of a guessed token, password hash or API key was right, and the secret can be recovered',
    'one character at a time. This change calls a small `safeEqual()` helper that compares SHA-256',
    'digests of both strings with `crypto.timingSafeEqual`: digests have the same length whatever the',
    'inputs, so it never throws and leaks no length. Two values that are not both strings are compared',
    'with `===`, as before, so behaviour is unchanged.',
    '',
    'Left unfixed, with the reason: comparisons with null, undefined, a number, a boolean or the empty',
    'string (presence checks); with a string written in the code; with a value that is not a string;',
    'loose `==` (type coercion); a password compared with its confirmation field; and browser code.',
  ].join('\n'),
  cwe: [208],
  languages: ['javascript', 'typescript', 'tsx'],
  rules: { eslint: ['security/detect-possible-timing-attacks'] },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    {
      url: 'https://cwe.mitre.org/data/definitions/208.html',
      description: 'CWE-208: Observable Timing Discrepancy',
    },
    {
      url: 'https://nodejs.org/api/crypto.html#cryptotimingsafeequala-b',
      description: 'crypto.timingSafeEqual',
    },
    {
      url: 'https://github.com/eslint-community/eslint-plugin-security/blob/main/docs/rules/detect-possible-timing-attacks.md',
      description: 'security/detect-possible-timing-attacks',
    },
  ],
  match: { kind: 'if_statement' },
  transform,
  triage: {
    ruleId: /(^|\/)detect-possible-timing-attacks$/,
    verdict: (site) => {
      const v = judgeComparison(site);
      return 'decision' in v ? v : undefined;
    },
  },
});
