/**
 * Triage of `security/detect-object-injection` (eslint-plugin-security) and the prototype-
 * pollution rules of CodeQL and Semgrep, from the code at the reported place. The ESLint rule
 * flags every `obj[variable]`, read or write, so most of its results are noise; each one is
 * sorted by what the syntax proves (src/fix/property-key.ts):
 *   - a key that cannot name `__proto__`/`constructor`/`prototype` (a number, a loop index, a
 *     constant, a literal-typed TS key), read or written  -> false_positive;
 *   - a read `o[k]` with `k` listed from `o` itself (Object.keys, for…in) -> false_positive;
 *   - a write through any other key -> needs_review: `trust fix` guards it (prototype-guard:
 *     the key it sets may not be `__proto__`, a key it walks through none of the three);
 *   - any other read (or call) -> needs_review, for a person or `--llm`.
 * Uses the fix engine's parser and locator (src/fix), read-only.
 */
import type { SgNode } from '@ast-grep/napi';
import { languageOf, parseSource } from '../fix/languages.js';
import { columnUnitOf, LineIndex, pickNode, regionSpan, type Span } from '../fix/locate.js';
import { accessOf, chainKeys, ownKeyReason, safeKeyReason } from '../fix/property-key.js';
import type { Finding } from '../sarif/finding.js';
import type { TriageRule } from './rules.js';

const RULE_IDS = /(^|[./])detect-object-injection$|prototype-poll/i;

export const SAFE_KEY: TriageRule = {
  id: 'trust/object-injection-safe-key',
  decision: 'false_positive',
  explain: (m) => `${m}, so it cannot name __proto__, constructor or prototype`,
};

export const OWN_KEY: TriageRule = {
  id: 'trust/object-injection-own-key',
  decision: 'false_positive',
  explain: (m) => `${m}: it reads only what that object holds, and a read cannot pollute a prototype`,
};

export const UNPROVEN_WRITE: TriageRule = {
  id: 'trust/object-injection-write',
  decision: 'needs_review',
  explain: (m) =>
    `${m}, and nothing proves the key safe; trust fix guards it with safeKey() or safePathKey() (trust:js/prototype-guard)`,
};

export const UNPROVEN_READ: TriageRule = {
  id: 'trust/object-injection-read',
  decision: 'needs_review',
  explain: (m) =>
    `${m}: it cannot pollute a prototype, but nothing proves the key safe (it may reach an inherited property such as constructor); left for review`,
};

export function isObjectInjectionRule(ruleId: string): boolean {
  return RULE_IDS.test(ruleId);
}

/** A parsed file, read once per triage run. */
export interface ParsedFile {
  source: string;
  root: SgNode;
  lines: LineIndex;
  /** Every subscript of the file, found on first use. */
  subscripts?: SgNode[];
}

export function parseForTriage(path: string, source: string): ParsedFile | undefined {
  const language = languageOf(path);
  if (language !== 'javascript' && language !== 'typescript' && language !== 'tsx') return undefined;
  return { source, root: parseSource(language, source).root(), lines: new LineIndex(source) };
}

/** The decision for an object-injection finding, or undefined when the code cannot be placed. */
export function triageObjectInjection(
  finding: Finding,
  file: ParsedFile,
): { rule: TriageRule; match: string } | undefined {
  const span = regionSpan(finding.location.region, file.lines, columnUnitOf(finding));
  if (typeof span === 'string') return undefined;
  const subscript = locate(file, span);
  if (!subscript) return undefined;
  const access = accessOf(subscript);
  if (access.write) {
    const where = `${/^[aeiou]/.test(access.how) ? 'an' : 'a'} ${access.how} of ${short(access.target.text())}`;
    const keys = chainKeys(access.target);
    const reasons = keys.map((k) => safeKeyReason(k));
    if (keys.length > 0 && reasons.every((r) => r !== undefined)) {
      return { rule: SAFE_KEY, match: `${where}: ${[...new Set(reasons)].join('; ')}` };
    }
    return { rule: UNPROVEN_WRITE, match: where };
  }
  const what =
    access.how === 'call' ? 'a method call through' : access.how === 'delete' ? 'a delete of' : 'a read of';
  const where = `${what} ${short(subscript.text())}`;
  const key = subscript.field('index');
  const safe = key ? safeKeyReason(key) : undefined;
  if (safe) return { rule: SAFE_KEY, match: `${where}: ${safe}` };
  const own = access.how === 'read' ? ownKeyReason(subscript) : undefined;
  if (own) return { rule: OWN_KEY, match: `${where}: ${own}` };
  return { rule: UNPROVEN_READ, match: where };
}

/** The subscript the region names; when a region holds several, the one written, if only one is. */
function locate(file: ParsedFile, span: Span): SgNode | undefined {
  file.subscripts ??= file.root.findAll({ rule: { kind: 'subscript_expression' } });
  const candidates = file.subscripts.filter((n) => {
    const r = n.range();
    return r.end.index >= span.start - 1 && r.start.index <= span.end + 1;
  });
  const picked = pickNode(candidates, span, file.source);
  if (typeof picked !== 'string') return picked.node;
  const inside = candidates.filter((n) => {
    const r = n.range();
    return r.start.index >= span.start - 1 && r.end.index <= span.end + 1;
  });
  const writes = inside.filter((n) => accessOf(n).write && accessOf(n).target.text() === n.text());
  return writes.length === 1 ? writes[0] : undefined;
}

function short(text: string): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length > 50 ? `${t.slice(0, 47)}...` : t;
}
