/** Applying and merging edits: overlaps are detected, identical edits collapse into one. */
import type { Edit } from './codemod.js';

export function overlaps(a: Edit, b: Edit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

export function sameEdit(a: Edit, b: Edit): boolean {
  return a.start === b.start && a.end === b.end && a.text === b.text;
}

/** Apply non-overlapping edits. Insertions sort before replacements at the same offset. */
export function applyEdits(source: string, edits: readonly Edit[]): string {
  return applyEditsMapped(source, edits).text;
}

/** Apply edits and say where each replacement text landed in the result. */
export function applyEditsMapped(
  source: string,
  edits: readonly Edit[],
): { text: string; ranges: { start: number; end: number }[] } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - a.start - (b.end - b.start));
  let out = '';
  let at = 0;
  const ranges: { start: number; end: number }[] = [];
  for (const e of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at offset ${e.start}`);
    out += source.slice(at, e.start);
    ranges.push({ start: out.length, end: out.length + e.text.length });
    out += e.text;
    at = e.end;
  }
  return { text: out + source.slice(at), ranges };
}

/** Check a group of edits is well-formed against a file of `length` characters. */
export function invalidEdits(edits: readonly Edit[], length: number): string | undefined {
  for (const [i, e] of edits.entries()) {
    if (
      !Number.isInteger(e.start) ||
      !Number.isInteger(e.end) ||
      e.start < 0 ||
      e.end < e.start ||
      e.end > length
    ) {
      return `edit ${i} is outside the file (${e.start}..${e.end})`;
    }
    for (const other of edits.slice(i + 1)) {
      if (overlaps(e, other) && !sameEdit(e, other)) return 'the fix produced overlapping edits';
    }
  }
  return undefined;
}
