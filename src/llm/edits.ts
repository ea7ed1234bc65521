/**
 * llm/edits: applies a model's find/replace edits to the redacted file, refusing anything
 * that is not plainly inside the snippet: another file, text outside the region and the
 * import lines, an ambiguous or missing anchor, overlapping edits, or a placeholder touched.
 */
import type { SourceRedactor } from './redact-source.js';
import type { Snippet } from './snippet.js';

export interface ModelEdit {
  path: string;
  find: string;
  replace: string;
}

export type Rejection = { check: string; reason: string };
export type ApplyResult = { ok: true; text: string } | ({ ok: false } & Rejection);

interface Area {
  start: number;
  end: number;
  /** For a whitespace-tolerant match: the model's indentation and the file's. */
  indent?: { model: string; file: string };
}

/** Character ranges of the redacted file the model may edit: the region and each import line. */
export function editableAreas(snippet: Snippet): Area[] {
  const offsets = lineOffsets(snippet.redactedSource);
  const area = (from: number, to: number): Area => ({
    start: offsets[from - 1] ?? 0,
    end: (offsets[to] ?? snippet.redactedSource.length + 1) - 1,
  });
  return [
    area(snippet.region.startLine, snippet.region.endLine),
    ...snippet.imports.map((l) => area(l.line, l.line)),
  ];
}

function lineOffsets(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') out.push(i + 1);
  return out;
}

export function applyEdits(
  snippet: Snippet,
  redactor: SourceRedactor,
  edits: readonly ModelEdit[],
): ApplyResult {
  if (edits.length === 0) return { ok: false, check: 'no-edit', reason: 'the model proposed no edit' };
  const text = snippet.redactedSource;
  const areas = editableAreas(snippet);
  const spans: { start: number; end: number; replace: string }[] = [];
  for (const edit of edits) {
    if (normalizePath(edit.path) !== snippet.path) {
      return {
        ok: false,
        check: 'other-file',
        reason: `an edit targets ${JSON.stringify(edit.path)}, not ${snippet.path}`,
      };
    }
    if (redactor.touchesPlaceholder(edit.find) || redactor.touchesPlaceholder(edit.replace)) {
      return { ok: false, check: 'placeholder', reason: 'an edit touches a redacted value' };
    }
    if (edit.find.trim() === '')
      return { ok: false, check: 'no-anchor', reason: 'an edit has an empty find text' };
    const found = locate(text, areas, edit.find);
    if ('check' in found) return { ok: false, ...found };
    spans.push({ ...found, replace: found.indent ? reindent(edit.replace, found.indent) : edit.replace });
  }
  spans.sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.start < spans[i - 1]!.end)
      return { ok: false, check: 'overlap', reason: 'two edits overlap' };
  }
  let out = text;
  for (const s of [...spans].reverse()) out = out.slice(0, s.start) + s.replace + out.slice(s.end);
  return { ok: true, text: out };
}

function reindent(text: string, indent: { model: string; file: string }): string {
  return text
    .split('\n')
    .map((line) =>
      line.trim() === ''
        ? line
        : line.startsWith(indent.model)
          ? indent.file + line.slice(indent.model.length)
          : line,
    )
    .join('\n');
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

/** The one place `find` occurs inside an editable area, exactly or ignoring indentation. */
function locate(text: string, areas: Area[], find: string): Area | Rejection {
  const exact = occurrences(text, find);
  const inside = exact.filter((o) => areas.some((a) => o.start >= a.start && o.end <= a.end));
  if (inside.length === 1) return inside[0]!;
  if (inside.length > 1)
    return { check: 'ambiguous', reason: "an edit's find text occurs more than once in the snippet" };
  if (exact.length > 0)
    return { check: 'outside-region', reason: "an edit changes code outside the snippet's region" };
  const loose = looseOccurrences(text, find).filter((o) =>
    areas.some((a) => o.start >= a.start && o.end <= a.end),
  );
  if (loose.length === 1) return loose[0]!;
  if (loose.length > 1)
    return { check: 'ambiguous', reason: "an edit's find text occurs more than once in the snippet" };
  if (looseOccurrences(text, find).length > 0) {
    return { check: 'outside-region', reason: "an edit changes code outside the snippet's region" };
  }
  return { check: 'no-anchor', reason: "an edit's find text does not occur in the file" };
}

function occurrences(text: string, find: string): Area[] {
  const out: Area[] = [];
  for (let i = text.indexOf(find); i >= 0; i = text.indexOf(find, i + 1))
    out.push({ start: i, end: i + find.length });
  return out;
}

/** Whole-line matches that ignore leading/trailing whitespace on each line (models re-indent). */
function looseOccurrences(text: string, find: string): Area[] {
  const raw = find.split('\n');
  while (raw.length && raw[raw.length - 1]!.trim() === '') raw.pop();
  while (raw.length && raw[0]!.trim() === '') raw.shift();
  if (raw.length === 0) return [];
  const want = raw.map((l) => l.trim());
  const model = /^\s*/.exec(raw[0]!)![0];
  const lines = text.split('\n');
  const offsets = lineOffsets(text);
  const out: Area[] = [];
  for (let i = 0; i + want.length <= lines.length; i++) {
    if (want.every((w, k) => lines[i + k]!.trim() === w)) {
      const last = i + want.length - 1;
      out.push({
        start: offsets[i]!,
        end: offsets[last]! + lines[last]!.length,
        indent: { model, file: /^\s*/.exec(lines[i]!)![0] },
      });
    }
  }
  return out;
}
