/**
 * Deterministic triage: no LLM, the same input always gives the same decisions. Rules are
 * tried in order (suppression, duplicate, path rules, file content); the first that applies
 * decides, and the decision names it. Everything else stays needs_review.
 */
import type { Decision } from '../audit/index.js';
import { readInRoot } from '../core/paths.js';
import type { Codemod } from '../fix/codemod.js';
import type { Finding } from '../sarif/finding.js';
import { codeVerdict, hasCodeVerdict, type ParsedForVerdict, parseForVerdict } from './code-verdicts.js';
import { isObjectInjectionRule, triageObjectInjection } from './object-injection.js';
import {
  DEFAULT_RULE,
  DUPLICATE,
  describeSuppression,
  matchContent,
  matchPathRule,
  SUPPRESSED,
  type TriageRule,
} from './rules.js';

export interface TriageDecision {
  finding: Finding;
  decision: Decision;
  /** The id of the rule that decided, e.g. "trust/test-code". */
  rule: string;
  justification: string;
  /** Who decided when it was not a rule (an LLM for `trust triage --llm`); a rule otherwise. */
  decidedBy?: { method: 'llm' | 'human'; model?: string };
}

const HEAD_BYTES = 8192;

/** `codemods`: the catalogue, whose triage hooks judge findings from the code (code-verdicts.ts). */
export function classifyFindings(
  findings: readonly Finding[],
  root: string,
  codemods: readonly Codemod[],
): TriageDecision[] {
  const heads = new Map<string, string | undefined>();
  const head = (path: string) => {
    if (!heads.has(path)) heads.set(path, readInRoot(root, path)?.slice(0, HEAD_BYTES));
    return heads.get(path);
  };
  // Whole files, parsed, only for findings a codemod can judge from the code (code-verdicts.ts).
  const verdictFiles = new Map<string, ParsedForVerdict | undefined>();
  const verdictFile = (path: string) => {
    if (!verdictFiles.has(path)) {
      const text = readInRoot(root, path);
      verdictFiles.set(path, text === undefined ? undefined : parseForVerdict(path, text));
    }
    return verdictFiles.get(path);
  };
  const spots = new Map<string, Finding>();
  return findings.map((f) => {
    const decided = (rule: TriageRule, match: string): TriageDecision => ({
      finding: f,
      decision: rule.decision,
      rule: rule.id,
      justification: `${rule.explain(match)} [${rule.id}]`,
    });
    if (f.suppressed) return decided(SUPPRESSED, describeSuppression(f));
    const first = firstAtSameSpot(spots, f);
    if (first) return decided(DUPLICATE, first.id);
    const path = f.location.status === 'out-of-tree' ? undefined : f.location.path;
    if (path) {
      const byPath = matchPathRule(path);
      if (byPath) return decided(byPath.rule, byPath.glob);
      const text = head(path);
      const byContent = text === undefined ? undefined : matchContent(text);
      if (byContent) return decided(byContent.rule, byContent.match);
      // One parse per file serves both kinds of code rules (code-verdicts.ts, object-injection.ts).
      const injection = isObjectInjectionRule(f.rule.id);
      const file = injection || hasCodeVerdict(f.rule.id, codemods) ? verdictFile(path) : undefined;
      const byCode = file && (injection ? triageObjectInjection(f, file) : codeVerdict(f, file, codemods));
      if (byCode) return decided(byCode.rule, byCode.match);
    }
    return decided(DEFAULT_RULE, '');
  });
}

/**
 * Ingest already merged reports of one problem; what is left here is the same spot (path,
 * line and column) flagged again by a rule of the same family (same rule id or a shared CWE).
 */
function firstAtSameSpot(spots: Map<string, Finding>, f: Finding): Finding | undefined {
  const r = f.location.region;
  if (!f.location.path || !r) return undefined;
  const key = `${f.location.path}\u0000${r.startLine}\u0000${r.startColumn ?? ''}`;
  const earlier = spots.get(key);
  if (!earlier) {
    spots.set(key, f);
    return undefined;
  }
  const sameFamily =
    earlier.rule.id.toLowerCase() === f.rule.id.toLowerCase() || earlier.cwe.some((c) => f.cwe.includes(c));
  return sameFamily ? earlier : undefined;
}
