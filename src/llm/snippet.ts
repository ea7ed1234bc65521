/**
 * llm/snippet: the least code that lets a model understand a finding — the enclosing function
 * or block (at most MAX_REGION_LINES, found on the same syntax trees the codemods use), the
 * file's import lines, three-line excerpts at each code-flow step, the rule's help text and
 * the repository-relative path. Everything is redacted (redact-source.ts) before it is built;
 * the raw text never leaves this module except as the caller's own file contents.
 */
import type { SgNode } from '@ast-grep/napi';
import { readInRoot } from '../core/paths.js';
import type { LanguageId } from '../fix/codemod.js';
import { languageOf, parseSource } from '../fix/languages.js';
import type { Finding } from '../sarif/finding.js';
import type { SourceRedactor } from './redact-source.js';

export const MAX_REGION_LINES = 80;
const MAX_IMPORT_LINES = 30;
const MAX_FLOW_STEPS = 8;
const MAX_HELP_CHARS = 2000;
const WINDOW = 10;

export interface SnippetLine {
  line: number;
  text: string;
}

export interface FlowExcerpt {
  path: string;
  line: number;
  message?: string;
  lines: SnippetLine[];
}

export interface Snippet {
  /** The repository-relative path as the model sees it (redacted like everything else). */
  path: string;
  language?: LanguageId;
  /** 1-based, inclusive lines of the file the model may edit. */
  region: { startLine: number; endLine: number };
  /** The finding's own lines (1-based, inclusive). */
  flagged: { startLine: number; endLine: number };
  regionText: string;
  imports: SnippetLine[];
  flow: FlowExcerpt[];
  rule: { id: string; name?: string; help?: string; cwe: number[] };
  message: string;
  /** The whole file, redacted; never sent, used to apply the model's edits. */
  redactedSource: string;
  /** UTF-8 bytes of code in the snippet (region, imports, excerpts). */
  codeBytes: number;
  /** UTF-8 bytes of the files involved. */
  fileBytes: number;
}

export interface SnippetInput {
  root: string;
  finding: Finding;
  /** The file's current text (the caller may already hold it); read from the root otherwise. */
  source?: string;
  redactor: SourceRedactor;
}

export type SnippetResult = { snippet: Snippet } | { unavailable: string };

const FUNCTION_KINDS = new Set([
  'function_declaration',
  'function_expression',
  'generator_function_declaration',
  'arrow_function',
  'method_definition',
  'function_definition',
  'decorated_definition',
  'method_declaration',
  'constructor_declaration',
  'lambda_expression',
]);

const IMPORT_KINDS = new Set([
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'import_declaration',
]);

export function buildSnippet(input: SnippetInput): SnippetResult {
  const { finding, redactor } = input;
  const path = finding.location.path;
  if (!path || (finding.location.status !== 'in-tree' && finding.location.status !== 'suffix-match')) {
    return { unavailable: 'the finding has no location inside the repository' };
  }
  const source = input.source ?? readInRoot(input.root, path);
  if (source === undefined) return { unavailable: `${path} cannot be read inside the repository` };
  const lines = source.split('\n');
  const start = clamp(finding.location.region?.startLine ?? 1, 1, lines.length);
  const end = clamp(finding.location.region?.endLine ?? start, start, lines.length);
  const language = languageOf(path);
  const tree = language ? safeParse(language, source) : undefined;
  const region = tree
    ? regionFromTree(tree, start, end, lines.length)
    : windowAround(start, end, lines.length);
  const redactedSource = redactor.redact(source);
  const redactedLines = redactedSource.split('\n');
  const slice = (a: number, b: number) => redactedLines.slice(a - 1, b).join('\n');
  const regionText = slice(region.startLine, region.endLine);
  const imports = tree ? importLines(tree, redactedLines, region) : [];
  const files = new Map<string, number>([[path, Buffer.byteLength(source)]]);
  const flow = flowExcerpts(input, path, redactedLines, region, files);
  const codeBytes =
    Buffer.byteLength(regionText) +
    imports.reduce((n, l) => n + Buffer.byteLength(l.text) + 1, 0) +
    flow.reduce((n, f) => n + f.lines.reduce((m, l) => m + Buffer.byteLength(l.text) + 1, 0), 0);
  const help = finding.rule.help ?? finding.rule.shortDescription;
  // Every string that leaves goes through the redactor: scanner text often quotes the value.
  const r = (text: string | undefined) => (text === undefined ? undefined : redactor.redact(text));
  return {
    snippet: {
      path: redactor.redact(path),
      language,
      region,
      flagged: { startLine: start, endLine: end },
      regionText,
      imports,
      flow,
      rule: {
        id: redactor.redact(finding.rule.id),
        name: r(finding.rule.name),
        // Redacted before it is cut, so a secret astride the cut is still seen whole.
        help: help ? redactor.redact(help).slice(0, MAX_HELP_CHARS) : undefined,
        cwe: finding.cwe,
      },
      message: redactor.redact(finding.message),
      redactedSource,
      codeBytes,
      fileBytes: [...files.values()].reduce((a, b) => a + b, 0),
    },
  };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(n, lo), Math.max(lo, hi));
}

function safeParse(language: LanguageId, source: string): SgNode | undefined {
  try {
    return parseSource(language, source).root();
  } catch {
    return undefined;
  }
}

type Span = { startLine: number; endLine: number };

const spanOf = (n: SgNode): Span => ({
  startLine: n.range().start.line + 1,
  endLine: n.range().end.line + 1,
});
const size = (s: Span) => s.endLine - s.startLine + 1;

function windowAround(start: number, end: number, total: number): Span {
  const startLine = Math.max(1, start - WINDOW);
  return {
    startLine,
    endLine: Math.min(total, Math.max(end + WINDOW, startLine), startLine + MAX_REGION_LINES - 1),
  };
}

/** The innermost named node covering lines start..end. */
function innermost(root: SgNode, start: number, end: number): SgNode {
  let node = root;
  for (;;) {
    const child = node.children().find((c) => {
      const s = spanOf(c);
      return c.isNamed() && s.startLine <= start && s.endLine >= end;
    });
    if (!child) return node;
    node = child;
  }
}

function regionFromTree(root: SgNode, start: number, end: number, total: number): Span {
  const inner = innermost(root, start, end);
  const chain: SgNode[] = [];
  for (let n: SgNode | null = inner; n && n.kind() !== root.kind(); n = n.parent()) chain.push(n);
  const fn = chain.find((n) => FUNCTION_KINDS.has(String(n.kind())));
  if (fn) {
    // Decorators and annotations are part of the function (an auth decorator is a check).
    const whole = fn.parent()?.kind() === 'decorated_definition' ? fn.parent()! : fn;
    if (size(spanOf(whole)) <= MAX_REGION_LINES) return spanOf(whole);
  }
  // Too long, or top-level code: the largest enclosing block that still fits.
  let best: Span | undefined;
  for (const n of chain) {
    const s = spanOf(n);
    if (size(s) > MAX_REGION_LINES) break;
    best = s;
  }
  if (!best || size(best) < 3) return windowAround(start, end, total);
  return best;
}

function importLines(root: SgNode, redacted: string[], region: Span): SnippetLine[] {
  const out: SnippetLine[] = [];
  for (const child of root.children()) {
    if (!isImport(child)) continue;
    const s = spanOf(child);
    for (let line = s.startLine; line <= s.endLine && out.length < MAX_IMPORT_LINES; line++) {
      if (line >= region.startLine && line <= region.endLine) continue;
      out.push({ line, text: redacted[line - 1] ?? '' });
    }
  }
  return out;
}

function isImport(node: SgNode): boolean {
  if (IMPORT_KINDS.has(String(node.kind()))) return true;
  // CommonJS: const x = require('y') at the top level.
  return (
    /^(lexical|variable)_declaration$/.test(String(node.kind())) &&
    /\brequire\s*\(/.test(node.text()) &&
    spanOf(node).endLine - spanOf(node).startLine < 5
  );
}

function flowExcerpts(
  input: SnippetInput,
  path: string,
  redacted: string[],
  region: Span,
  files: Map<string, number>,
): FlowExcerpt[] {
  const steps = input.finding.codeFlows[0]?.threadFlows[0] ?? [];
  const out: FlowExcerpt[] = [];
  for (const step of steps) {
    if (out.length >= MAX_FLOW_STEPS) break;
    const loc = step.location;
    const line = loc.region?.startLine;
    if (!loc.path || !line || (loc.status !== 'in-tree' && loc.status !== 'suffix-match')) continue;
    let lines = redacted;
    if (loc.path !== path) {
      const other = readInRoot(input.root, loc.path);
      if (other === undefined) continue;
      files.set(loc.path, Buffer.byteLength(other));
      lines = input.redactor.redact(other).split('\n');
    } else if (line >= region.startLine && line <= region.endLine) continue;
    const from = Math.max(1, line - 1);
    const to = Math.min(lines.length, line + 1);
    const excerpt: SnippetLine[] = [];
    for (let l = from; l <= to; l++) excerpt.push({ line: l, text: lines[l - 1] ?? '' });
    const message = step.message ?? loc.message;
    out.push({
      path: input.redactor.redact(loc.path),
      line,
      message: message === undefined ? undefined : input.redactor.redact(message),
      lines: excerpt,
    });
  }
  return out;
}
