/**
 * sarif/render: findings as text for people — the aligned table of `trust findings` (and
 * `trust demo`), the "where" of a finding, and a one-phrase count by level. Colour is
 * optional (pass picocolors' createColors result) and applied after padding so columns
 * stay aligned.
 */
import type { Finding, Level } from './finding.js';

export interface Colors {
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
}

export interface RenderOptions {
  color?: Colors;
  /** Total width to fit (default 160); the message column takes what is left. */
  width?: number;
}

const LEVELS: Level[] = ['error', 'warning', 'note', 'none'];

/** "src/app.js:12", or why there is no usable path. */
export function findingWhere(f: Finding): string {
  const loc = f.location;
  const line = loc.region?.startLine;
  if (loc.path && loc.status !== 'out-of-tree') return line ? `${loc.path}:${line}` : loc.path;
  if (loc.status === 'out-of-tree') return `(out of tree) ${loc.uri ?? ''}`.trim();
  // A web scanner's location (trust scan, ZAP) is the URL itself: nothing is unresolved about it.
  if (loc.uri && /^https?:\/\//i.test(loc.uri)) return loc.uri;
  return loc.uri ? `(unresolved) ${loc.uri}` : '(no location)';
}

/** "6 findings (3 error, 2 warning, 1 note)". */
export function summarizeFindings(findings: Finding[]): string {
  const n = findings.length;
  const head = `${n} finding${n === 1 ? '' : 's'}`;
  if (n === 0) return head;
  const parts = LEVELS.map((l) => [l, findings.filter((f) => f.level === l).length] as const)
    .filter(([, c]) => c > 0)
    .map(([l, c]) => `${c} ${l}`);
  return `${head} (${parts.join(', ')})`;
}

function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cut to `width`, keeping the start (messages) or the end (paths, dotted rule ids). */
function clip(text: string, width: number, keep: 'start' | 'end'): string {
  if (text.length <= width) return text;
  if (width <= 1) return '…';
  return keep === 'start' ? `${text.slice(0, width - 1)}…` : `…${text.slice(text.length - width + 1)}`;
}

interface Column {
  header: string;
  max: number;
  keep: 'start' | 'end';
}

const COLUMNS: Column[] = [
  { header: 'id', max: 10, keep: 'start' },
  { header: 'level', max: 20, keep: 'start' },
  { header: 'tool', max: 16, keep: 'start' },
  { header: 'rule', max: 44, keep: 'end' },
  { header: 'location', max: 56, keep: 'end' },
  { header: 'message', max: 200, keep: 'start' },
];

export function renderFindingsTable(findings: Finding[], options: RenderOptions = {}): string {
  if (findings.length === 0) return '';
  const rows = findings.map((f) => [
    f.id.slice(0, 10),
    f.suppressed ? `${f.level} (suppressed)` : f.level,
    [...new Set(f.sources.map((s) => s.tool))].join('+'),
    f.rule.id,
    findingWhere(f),
    flat(f.message),
  ]);
  const widths = COLUMNS.map((c, i) =>
    Math.min(c.max, Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length))),
  );
  const fixed = widths.slice(0, -1).reduce((a, b) => a + b + 2, 0);
  widths[widths.length - 1] = Math.max(20, Math.min(widths.at(-1) ?? 20, (options.width ?? 160) - fixed));
  const paint = (level: string, text: string): string => {
    const c = options.color;
    if (!c) return text;
    if (level.startsWith('error')) return c.red(text);
    if (level.startsWith('warning')) return c.yellow(text);
    if (level.startsWith('note')) return c.cyan(text);
    return c.dim(text);
  };
  const line = (cells: string[], colour: boolean) =>
    cells
      .map((cell, i) => {
        const last = i === cells.length - 1;
        const cut = clip(cell, widths[i] ?? 0, COLUMNS[i]?.keep ?? 'start');
        const padded = last ? cut : cut.padEnd(widths[i] ?? 0);
        return colour && i === 1 ? paint(cell, padded) : padded;
      })
      .join('  ')
      .trimEnd();
  return [
    line(
      COLUMNS.map((c) => c.header),
      false,
    ),
    line(
      widths.map((w) => '-'.repeat(w)),
      false,
    ),
    ...rows.map((r) => line(r, true)),
  ].join('\n');
}
