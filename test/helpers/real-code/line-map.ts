/**
 * test/helpers/real-code/line-map: where a line of the original file stands after an edit, so a
 * scanner result after `trust fix` can be compared with the one before at "its place". An
 * unchanged line maps to its new line; a line inside a changed hunk maps to every line that
 * replaced the hunk (a fix may split one line into several); a deleted line maps to nothing.
 */
import { diffArrays } from 'diff';

/** 1-based inclusive range of new lines; `end < start` when the line was deleted. */
export interface LineRange {
  start: number;
  end: number;
}

export type LineMap = (line: number) => LineRange;

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function lineMap(before: string, after: string): LineMap {
  const map = new Map<number, LineRange>();
  const parts = diffArrays(splitLines(before), splitLines(after));
  let oldLine = 1;
  let newLine = 1;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part.added && !part.removed) {
      for (let k = 0; k < part.count!; k++) map.set(oldLine++, { start: newLine, end: newLine++ });
      continue;
    }
    // A change is a removed run and an added run next to each other, in either order.
    const next = parts[i + 1];
    const paired = next && (part.removed ? next.added : next.removed) ? next : undefined;
    const removed = part.removed ? part : paired;
    const added = part.added ? part : paired;
    if (paired) i++;
    const range = { start: newLine, end: newLine + (added?.count ?? 0) - 1 };
    for (let k = 0; k < (removed?.count ?? 0); k++) map.set(oldLine++, range);
    newLine += added?.count ?? 0;
  }
  return (line) => map.get(line) ?? { start: line, end: line - 1 };
}

/** The new lines that were added or rewritten (1-based). */
export function changedNewLines(before: string, after: string): Set<number> {
  const lines = new Set<number>();
  let newLine = 1;
  for (const part of diffArrays(splitLines(before), splitLines(after))) {
    if (part.removed) continue;
    for (let k = 0; k < part.count!; k++, newLine++) if (part.added) lines.add(newLine);
  }
  return lines;
}

export function inRange(line: number, r: LineRange): boolean {
  return line >= r.start && line <= r.end;
}
