/** Unified diffs (git style a/ b/ headers) via jsdiff, the well-kept standard for this. */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

export function unifiedDiff(path: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
}

/** 1-based line numbers (in `after`) of lines added or changed by a diff. */
export function changedLines(diff: string): number[] {
  const lines: number[] = [];
  let right = 0;
  for (const line of diff.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      right = Number(hunk[1]);
      continue;
    }
    if (line.startsWith('+++') || line.startsWith('---')) continue;
    if (line.startsWith('+')) lines.push(right++);
    else if (line.startsWith(' ')) right++;
  }
  return lines;
}
