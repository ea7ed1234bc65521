/**
 * llm/diff: the diffs the LLM steps need, on jsdiff (the library `trust fix` already uses for
 * its unified diffs): the unified diff the evaluator reads, where surviving lines moved, and
 * the lines a diff adds.
 */
import { createTwoFilesPatch, diffLines, FILE_HEADERS_ONLY } from 'diff';

export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, {
    context,
    headerOptions: FILE_HEADERS_ONLY,
  });
}

/**
 * Where each line of `before` is in `after` (1-based), for lines that survived unchanged; a
 * changed line maps to the nearest surviving line above it, shifted by one.
 */
export function lineMap(before: string, after: string): (line: number) => number {
  if (before === after) return (line) => line;
  const map = new Map<number, number>();
  let a = 1;
  let b = 1;
  for (const part of diffLines(before, after)) {
    const count = part.count ?? 0;
    if (part.added) b += count;
    else if (part.removed) a += count;
    else for (let i = 0; i < count; i++) map.set(a++, b++);
  }
  return (line) => {
    for (let l = line; l > 0; l--) {
      const to = map.get(l);
      if (to !== undefined) return to + (line - l);
    }
    return line;
  };
}

/** The lines a diff adds (without the leading "+"). */
export function addedLines(diff: string): string[] {
  return diff
    .split('\n')
    .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
    .map((l) => l.slice(1));
}
