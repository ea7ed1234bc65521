/**
 * Triage from the code, for rules whose codemod already tells a false positive from a real
 * finding: `@microsoft/sdl/no-insecure-url` (a namespace identifier, loopback, a reserved
 * example domain: never a request worth TLS) and `security/detect-possible-timing-attacks`
 * (a presence check, a value that is no string, a confirmation field, browser code). The
 * verdict is the codemod's own (`judgeUrl`, `judgeComparison`), so `trust triage` and
 * `trust fix` never disagree; a place the codemod fixes gets no decision here.
 */
import type { SgNode } from '@ast-grep/napi';
import httpsUrl, { judgeUrl } from '../../codemods/js/https-url.js';
import timingSafeEqual, { judgeComparison } from '../../codemods/js/timing-safe-equal.js';
import type { Codemod } from '../fix/codemod.js';
import { languageOf, parseSource } from '../fix/languages.js';
import { columnUnitOf, LineIndex, pickNode, regionSpan } from '../fix/locate.js';
import type { Finding } from '../sarif/finding.js';
import type { TriageRule } from './rules.js';

interface Judged {
  decision: 'false_positive' | 'needs_review';
  reason: string;
  rule: string;
}

interface Reader {
  codemod: Codemod;
  judge: (node: SgNode, file: ParsedForVerdict, region: { start: number; end: number }) => Judged | undefined;
}

const READERS: { test: RegExp; reader: Reader }[] = [
  {
    test: /(^|\/)no-insecure-url$/,
    reader: {
      codemod: httpsUrl,
      judge: (node, file, region) => {
        const v = judgeUrl({ node, source: file.source, region });
        return 'decision' in v ? v : undefined;
      },
    },
  },
  {
    test: /(^|\/)detect-possible-timing-attacks$/,
    reader: {
      codemod: timingSafeEqual,
      judge: (node, file) => {
        const v = judgeComparison({ node, root: file.root, source: file.source, path: file.path });
        return 'decision' in v ? v : undefined;
      },
    },
  },
];

export interface ParsedForVerdict {
  path: string;
  source: string;
  root: SgNode;
  lines: LineIndex;
  /** Each codemod's `match` nodes in the file, found once. */
  candidates: Map<string, SgNode[]>;
}

export function hasCodeVerdict(ruleId: string): boolean {
  return READERS.some((r) => r.test.test(ruleId));
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
): { rule: TriageRule; match: string } | undefined {
  const reader = READERS.find((r) => r.test.test(f.rule.id))?.reader;
  if (!reader) return undefined;
  const span = regionSpan(f.location.region, file.lines, columnUnitOf(f));
  if (typeof span === 'string') return undefined;
  const { id, match } = reader.codemod;
  if (!file.candidates.has(id)) file.candidates.set(id, file.root.findAll({ rule: match }));
  const located = pickNode(file.candidates.get(id)!, span, file.source);
  if (typeof located === 'string') return undefined;
  const v = reader.judge(located.node, file, span);
  if (!v) return undefined;
  return { rule: { id: v.rule, decision: v.decision, explain: () => v.reason }, match: '' };
}
