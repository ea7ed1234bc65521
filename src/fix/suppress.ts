/**
 * fix/suppress: the scanner's own suppression comment for a mitigated finding (a fix the
 * scanner's rule still reports, because the rule matches a shape the fix keeps). The comment is
 * the one the reporting tool reads, chosen by its SARIF driver name:
 *   ESLint   `// eslint-disable-next-line <rule> -- <why>`   on the line before
 *   Semgrep  `// <why>` + `// nosemgrep: <rule>`            on the lines before (a reason after
 *            the id would be read as more rule ids)
 *   CodeQL   `// codeql[<rule>] <why>`                       on the line before
 *   Bandit   `  # nosec <B###> # <why>`                      at the end of the reported line:
 *            Bandit reads nosec on the issue's own line only; the second `#` ends its id list
 * written with the reported line's indentation, the file's line ending and its language's line
 * comment. No comment is written where it would change the code or another directive: inside a
 * string, template, regular expression or JSX text, under a comment that governs the next line,
 * or after a Bandit line that already has a comment. The comment-style detection is kept small
 * and local on purpose (a shared style module may take it over).
 */
import type { SgNode } from '@ast-grep/napi';
import type { Finding } from '../sarif/finding.js';
import type { Codemod, Edit, LanguageId, ToolKey } from './codemod.js';
import type { LineIndex } from './locate.js';
import { normalizeTool, ruleMatches } from './route.js';

/** One scanner rule that still reports a fixed finding's place. */
export interface Residual {
  tool: ToolKey;
  /** The SARIF driver name as the scanner wrote it. */
  toolName: string;
  rule: string;
}

/** The (tool, rule) pairs of a finding and its merged sources that the codemod says still report it. */
export function stillReporting(codemod: Codemod, finding: Finding): Residual[] {
  const declared = codemod.stillReported?.rules;
  if (!declared) return [];
  const pairs = [
    { toolName: finding.tool.name, rule: finding.rule.id },
    ...finding.sources.flatMap((s) => (s.ruleId ? [{ toolName: s.tool, rule: s.ruleId }] : [])),
  ];
  const out: Residual[] = [];
  for (const p of pairs) {
    const tool = normalizeTool(p.toolName);
    if (!(declared[tool] ?? []).some((d) => ruleMatches(tool, d, p.rule))) continue;
    if (!out.some((o) => o.tool === tool && o.rule === p.rule)) out.push({ tool, ...p });
  }
  return out;
}

export type SuppressionPlan = { edit: Edit; text: string } | { reason: string };

export interface SuppressionSite {
  language: LanguageId;
  source: string;
  root: SgNode;
  lines: LineIndex;
  /** 1-based reported line. */
  line: number;
}

/** A line comment's text, single-line and unable to close a comment or start a directive. */
function oneLine(why: string): string {
  return why.replace(/\s+/g, ' ').replace(/\*\//g, '* /').trim();
}

function commentLines(r: Residual, why: string, lead: string): string[] | undefined {
  if (r.tool === 'eslint') return [`${lead} eslint-disable-next-line ${r.rule} -- ${why}`];
  if (r.tool === 'semgrep') return [`${lead} ${why}`, `${lead} nosemgrep: ${r.rule}`];
  if (r.tool === 'codeql') return [`${lead} codeql[${r.rule}] ${why}`];
  return undefined;
}

/** Comments that govern the line after them: a comment inserted below one would take its place. */
const NEXT_LINE_DIRECTIVE =
  /(disable-next-line|nosemgrep|nosem\b|codeql\[|lgtm|@ts-(ignore|expect-error)|ignore next|prettier-ignore|biome-ignore|deno-lint-ignore|noqa|nosec|NOSONAR|type:\s*ignore)/i;

/** The suppression edit for `residuals` at the site, or why there is none. */
export function suppressionEdit(
  site: SuppressionSite,
  residuals: readonly Residual[],
  why: string,
): SuppressionPlan {
  const reason = oneLine(why);
  const bandit = residuals.filter((r) => r.tool === 'bandit');
  const unsupported = residuals.find((r) => r.tool !== 'bandit' && !commentLines(r, reason, '//'));
  if (unsupported) return { reason: `trust writes no suppression comment for ${unsupported.toolName}` };
  if (bandit.length > 0 && bandit.length < residuals.length)
    return {
      reason: 'Bandit and another scanner report this line; trust writes one kind of suppression per line',
    };
  const start = site.lines.lineStart(site.line);
  if (start === undefined) return { reason: `line ${site.line} is past the end of the file` };
  const text = site.source.slice(start, site.lines.lineEnd(site.line));
  const indent = /^[ \t]*/.exec(text)![0];
  const inside = codeContext(site.root, start + indent.length);
  if (inside)
    return { reason: `line ${site.line} starts inside ${inside}, where a comment would change the code` };
  if (bandit.length > 0) return banditEdit(site, bandit, reason);
  const lead = site.language === 'python' ? '#' : '//';
  const previous = site.line > 1 ? site.source.slice(site.lines.lineStart(site.line - 1)!, start - 1) : '';
  if (NEXT_LINE_DIRECTIVE.test(previous) && /^\s*(\/\/|\/\*|\*|#)/.test(previous))
    return {
      reason: `line ${site.line - 1} holds a comment that governs line ${site.line}; trust does not put another between them`,
    };
  const eol = site.source.includes('\r\n') ? '\r\n' : '\n';
  const comments = residuals.flatMap((r) => commentLines(r, reason, lead)!);
  const inserted = comments.map((c) => `${indent}${c}${eol}`).join('');
  return { edit: { start, end: start, text: inserted }, text: comments.join('\n') };
}

function banditEdit(site: SuppressionSite, bandit: readonly Residual[], why: string): SuppressionPlan {
  const end = site.lines.lineEnd(site.line);
  const at = site.source[end - 1] === '\r' ? end - 1 : end;
  // The line break itself inside a node: a string or call that goes on past this line.
  const tail = codeContext(site.root, at);
  if (tail) return { reason: `line ${site.line} ends inside ${tail}` };
  if (at > 0 && codeContext(site.root, at - 1) === 'a comment')
    return { reason: `line ${site.line} already ends with a comment` };
  if (/\\\s*$/.test(site.source.slice(0, at)))
    return { reason: `line ${site.line} continues on the next line` };
  const ids = [...new Set(bandit.map((r) => r.rule.toUpperCase()))].join(', ');
  const comment = `# nosec ${ids} # ${why.replace(/#/g, '')}`;
  return { edit: { start: at, end: at, text: `  ${comment}` }, text: comment };
}

const INSIDE =
  /^(string|template_string|string_literal|text_block|regex|comment|line_comment|block_comment|jsx_text)$/;

/**
 * What non-code construct `offset` lies in (a string, a template, a regular expression, a
 * comment, JSX), or undefined when a comment may go there.
 */
function codeContext(root: SgNode, offset: number): string | undefined {
  let node = root;
  const chain: SgNode[] = [root];
  for (;;) {
    const next = node.children().find((c) => {
      const r = c.range();
      return r.start.index <= offset && offset < r.end.index;
    });
    if (!next) break;
    chain.push(next);
    node = next;
  }
  let jsxOk = false;
  for (const n of chain.reverse()) {
    const k = String(n.kind());
    const s = n.range().start.index;
    if (INSIDE.test(k) && (s < offset || k.includes('comment')))
      return k.includes('comment') ? 'a comment' : `a ${k.replace(/_/g, ' ')}`;
    if (k === 'jsx_expression' && s < offset) jsxOk = true;
    if (!jsxOk && k.startsWith('jsx_')) return 'JSX';
  }
  return undefined;
}

/** A fix the scanner still reports: recorded as mitigated, with the suppression written or why not. */
export interface Mitigation {
  /** "<tool> <rule>" of each scanner rule that still reports the place. */
  rules: string[];
  why: string;
  /** The suppression comment written (fix.suppressions on). */
  suppression?: string;
  /** Why no suppression comment was written. */
  unsuppressed?: string;
  /** The fix was already in place (an earlier run); only the decision (and comment) is new. */
  already?: boolean;
}

/**
 * The mitigation of a kept fix whose rule still reports its place (undefined when none does),
 * and the suppression edit when `suppress` and the site allow one.
 */
export function planMitigation(
  codemod: Codemod,
  finding: Finding,
  site: Omit<SuppressionSite, 'line'>,
  suppress: boolean,
  already = false,
): { mitigation: Mitigation; edit?: Edit } | undefined {
  const residuals = stillReporting(codemod, finding);
  if (residuals.length === 0 || !codemod.stillReported) return undefined;
  const mitigation: Mitigation = {
    rules: residuals.map((r) => `${r.toolName} ${r.rule}`),
    why: codemod.stillReported.why,
    ...(already ? { already: true } : {}),
  };
  if (!suppress) {
    mitigation.unsuppressed = 'suppression comments are off (fix.suppressions, --suppress)';
    return { mitigation };
  }
  const line = finding.location.region?.startLine;
  if (line === undefined) {
    mitigation.unsuppressed = 'the finding names no line';
    return { mitigation };
  }
  const plan = suppressionEdit({ ...site, line }, residuals, mitigation.why);
  if ('reason' in plan) {
    mitigation.unsuppressed = plan.reason;
    return { mitigation };
  }
  mitigation.suppression = plan.text;
  return { mitigation, edit: plan.edit };
}
