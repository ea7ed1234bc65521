/**
 * Triage from the code, for rules whose codemod already tells a false positive from a real
 * finding: `@microsoft/sdl/no-insecure-url` (a namespace identifier, loopback, a reserved
 * example domain: never a request worth TLS) and `security/detect-possible-timing-attacks`
 * (a presence check, a value that is no string, a confirmation field, browser code). The
 * verdict is the codemod's own (its `triage` hook: `judgeUrl`, `judgeComparison`), so
 * `trust triage` and `trust fix` never disagree; a place the codemod fixes gets no decision
 * here. The catalogue is the caller's (the cli passes it), so triage does not import codemods/.
 */
import type { SgNode } from '@ast-grep/napi';
import type { Codemod } from '../fix/codemod.js';
import { languageOf, parseSource } from '../fix/languages.js';
import { columnUnitOf, LineIndex, pickNode, regionSpan } from '../fix/locate.js';
import type { Finding } from '../sarif/finding.js';
import type { TriageRule } from './rules.js';

export interface ParsedForVerdict {
  path: string;
  source: string;
  root: SgNode;
  lines: LineIndex;
  /** Each codemod's `match` nodes in the file, found once. */
  candidates: Map<string, SgNode[]>;
}

/** The first codemod of the catalogue whose triage hook judges findings of `ruleId`. */
function judgeOf(codemods: readonly Codemod[], ruleId: string): Codemod | undefined {
  return codemods.find((c) => c.triage?.ruleId.test(ruleId));
}

export function hasCodeVerdict(ruleId: string, codemods: readonly Codemod[]): boolean {
  return judgeOf(codemods, ruleId) !== undefined;
}

export function parseForVerdict(path: string, source: string): ParsedForVerdict | undefined {
  const language = languageOf(path);
  if (!language) return undefined;
  const root = parseSource(language, source).root();
  return { path, source, root, lines: new LineIndex(source), candidates: new Map() };
}

/** The decision the finding's codemod would leave it with, as a triage rule, if any. */
export function codeVerdict(
  f: Finding,
  file: ParsedForVerdict,
  codemods: readonly Codemod[],
): { rule: TriageRule; match: string } | undefined {
  const codemod = judgeOf(codemods, f.rule.id);
  if (!codemod?.triage) return undefined;
  const span = regionSpan(f.location.region, file.lines, columnUnitOf(f));
  if (typeof span === 'string') return undefined;
  const { id, match } = codemod;
  if (!file.candidates.has(id)) file.candidates.set(id, file.root.findAll({ rule: match }));
  const located = pickNode(file.candidates.get(id)!, span, file.source);
  if (typeof located === 'string') return undefined;
  const v = codemod.triage.verdict({
    node: located.node,
    root: file.root,
    source: file.source,
    path: file.path,
    region: span,
  });
  if (!v) return undefined;
  return { rule: { id: v.rule, decision: v.decision, explain: () => v.reason }, match: '' };
}
