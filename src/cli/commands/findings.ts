/**
 * `trust findings <sarif...>`: ingest SARIF and print normalized findings — a table for
 * people, warnings on stderr, a one-line total; a step summary on GitHub Actions; with
 * --json an array of Finding (schema/finding.schema.json) on stdout.
 */
import type { Finding } from '../../sarif/finding.js';
import type { IngestStats } from '../../sarif/index.js';
import { findingWhere, renderFindingsTable, summarizeFindings } from '../../sarif/render.js';
import type { CommandHandler, Context } from '../context.js';
import { enforceFailOn } from './fail-on.js';
import { ingestFromOptions } from './ingest-common.js';

const findings: CommandHandler = async (ctx, args) => {
  const { ingest: result, findings: selected } = await ingestFromOptions(ctx, args, {
    includeSuppressed: ctx.options.includeSuppressed !== false,
    // It only reads: a plain folder of sources and SARIF is a fine thing to list.
    nonGit: false,
  });
  ctx.out.data(selected);
  if (!ctx.out.json && selected.length > 0) {
    const width = process.stdout.isTTY ? process.stdout.columns : 200;
    ctx.out.result(renderFindingsTable(selected, { color: ctx.out.c, width }));
  }
  const total = totalLine(selected, result.stats);
  if (ctx.out.json) ctx.out.info(total);
  else ctx.out.result(total);
  if (ctx.out.mode === 'github') annotate(ctx, selected);
  ctx.out.summary(stepSummary(selected, total));
  // Nothing is triaged or fixed here: every finding the scanner did not suppress is unresolved.
  enforceFailOn(
    ctx,
    selected.filter((f) => !f.suppressed),
  );
  return 0;
};

export default findings;

function totalLine(list: Finding[], stats: IngestStats): string {
  const parts = [
    `${summarizeFindings(list)} from ${stats.results} result${stats.results === 1 ? '' : 's'} in ${stats.files} file${stats.files === 1 ? '' : 's'}`,
  ];
  if (list.length !== stats.findings) parts.push(`${stats.findings - list.length} filtered out`);
  const suppressed = list.filter((f) => f.suppressed).length;
  if (suppressed) parts.push(`${suppressed} suppressed by the scanner`);
  if (stats.duplicates)
    parts.push(`${stats.duplicates} duplicate${stats.duplicates === 1 ? '' : 's'} merged`);
  if (stats.skipped) parts.push(`${stats.skipped} malformed skipped`);
  if (stats.outOfTree) parts.push(`${stats.outOfTree} out of tree`);
  return parts.join('; ');
}

/** GitHub shows at most 10 annotations of each level per step; the summary lists the rest. */
const ANNOTATIONS_PER_LEVEL = 10;

/** Workflow annotations on the flagged lines (in-tree findings the scanner did not suppress). */
function annotate(ctx: Context, list: Finding[]): void {
  const used = { error: 0, warning: 0, notice: 0 };
  for (const f of list) {
    if (f.suppressed || !f.location.path || f.location.status === 'out-of-tree') continue;
    const level = f.level === 'error' ? 'error' : f.level === 'warning' ? 'warning' : 'notice';
    if (used[level]++ >= ANNOTATIONS_PER_LEVEL) continue;
    const region = f.location.region;
    ctx.out.annotate(level, f.message, {
      file: f.location.path,
      line: region?.startLine,
      endLine: region?.endLine,
      title: `${f.tool.name} ${f.rule.id}`,
    });
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

const SUMMARY_ROWS = 50;

function stepSummary(list: Finding[], total: string): string {
  const lines = ['### trust findings', '', total, ''];
  if (list.length > 0) {
    lines.push('| level | tool | rule | location | message |', '|---|---|---|---|---|');
    for (const f of list.slice(0, SUMMARY_ROWS)) {
      const level = f.suppressed ? `${f.level} (suppressed)` : f.level;
      const tools = [...new Set(f.sources.map((s) => s.tool))].join('+');
      const cells = [level, tools, f.rule.id, findingWhere(f), f.message.slice(0, 200)];
      lines.push(`| ${cells.map(cell).join(' | ')} |`);
    }
    if (list.length > SUMMARY_ROWS)
      lines.push('', `…and ${list.length - SUMMARY_ROWS} more (run with --json for all).`);
  }
  return lines.join('\n');
}
