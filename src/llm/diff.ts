/**
 * llm/diff: a small unified diff (what the evaluator reads and --dry-run prints). Common
 * leading and trailing lines are trimmed first, so the LCS runs only on the changed middle.
 */

type Op = { type: ' ' | '-' | '+'; text: string; a: number; b: number };

export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const ops: Op[] = [];
  for (let i = 0; i < head; i++) ops.push({ type: ' ', text: a[i]!, a: i, b: i });
  ops.push(...middle(a.slice(head, a.length - tail), b.slice(head, b.length - tail), head));
  for (let i = tail; i > 0; i--)
    ops.push({ type: ' ', text: a[a.length - i]!, a: a.length - i, b: b.length - i });
  return `--- a/${path}\n+++ b/${path}\n${hunks(ops, context)}`;
}

function middle(a: string[], b: string[], offset: number): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ type: ' ', text: a[i]!, a: offset + i++, b: offset + j++ });
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      ops.push({ type: '+', text: b[j]!, a: offset + i, b: offset + j++ });
    } else {
      ops.push({ type: '-', text: a[i]!, a: offset + i++, b: offset + j });
    }
  }
  return ops;
}

function hunks(ops: Op[], context: number): string {
  const changed = ops.map((o, i) => (o.type === ' ' ? -1 : i)).filter((i) => i >= 0);
  let out = '';
  let k = 0;
  while (k < changed.length) {
    const from = Math.max(0, changed[k]! - context);
    let to = Math.min(ops.length - 1, changed[k]! + context);
    while (k + 1 < changed.length && changed[k + 1]! - context <= to + 1) {
      k++;
      to = Math.min(ops.length - 1, changed[k]! + context);
    }
    const slice = ops.slice(from, to + 1);
    const aCount = slice.filter((o) => o.type !== '+').length;
    const bCount = slice.filter((o) => o.type !== '-').length;
    const aStart = (slice[0]?.a ?? 0) + (aCount ? 1 : 0);
    const bStart = (slice[0]?.b ?? 0) + (bCount ? 1 : 0);
    out += `@@ -${aStart},${aCount} +${bStart},${bCount} @@\n`;
    for (const o of slice) out += `${o.type}${o.text}\n`;
    k++;
  }
  return out;
}

/**
 * Where each line of `before` is in `after` (1-based), for lines that survived unchanged; a
 * changed line maps to the nearest surviving line above it, shifted by one.
 */
export function lineMap(before: string, after: string): (line: number) => number {
  if (before === after) return (line) => line;
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const map = new Map<number, number>();
  for (const op of middle(a.slice(head, a.length - tail), b.slice(head, b.length - tail), head)) {
    if (op.type === ' ') map.set(op.a + 1, op.b + 1);
  }
  const shift = b.length - a.length;
  return (line) => {
    if (line <= head) return line;
    if (line > a.length - tail) return line + shift;
    for (let l = line; l > head; l--) {
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
