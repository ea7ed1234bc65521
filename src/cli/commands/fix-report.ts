/**
 * What `trust fix` prints. A CI log gets a grouped summary (how many findings ended which way,
 * by rule), not one line per finding: on a real project that list ran to 158 lines. The full
 * list, each finding with its reason, is in --json, the CodeTF report and --verbose.
 * Outcome kinds are open: a status the pipeline adds (e.g. mitigated) gets its own column.
 */
import { renderTable } from '../../core/output.js';
import type { FindingOutcome } from '../../fix/engine.js';
import type { FixRun } from '../../fix/pipeline.js';
import type { Finding } from '../../sarif/finding.js';
import type { Context } from '../context.js';
import { codemodTable, mitigatedData, mitigatedLines, totalsSentence } from './fix-mitigated.js';

/** Why triage kept a finding from being fixed, or left it for review. */
export interface TriageNote {
  kind: 'triaged' | 'needs_review';
  /** The rule that decided, or "a person". */
  by: string;
  /** needs_review: why the rule left it for review (put before the fixer's reason). */
  justification?: string;
}

/** Known kinds first, in this order; any other kind after them, alphabetically. */
const KIND_ORDER = ['fixed', 'mitigated', 'triaged', 'needs_review', 'unfixed'];
const RULE_ROWS = 15;
const MARKS_SHOWN = 10;
const PERSON = 'a person';

export interface FixSummary {
  byOutcome: Record<string, number>;
  byRule: Record<string, Record<string, number>>;
}

export function outcomeKind(o: FindingOutcome, notes: ReadonlyMap<Finding, TriageNote>): string {
  if (o.status !== 'unfixed') return o.mitigation ? 'mitigated' : o.status;
  return notes.get(o.finding)?.kind ?? 'unfixed';
}

export function summarize(
  outcomes: readonly FindingOutcome[],
  notes: ReadonlyMap<Finding, TriageNote>,
): FixSummary {
  // Maps, not object keys: a rule id is input ("constructor" must not find Object's).
  const byOutcome = new Map<string, number>();
  const byRule = new Map<string, Map<string, number>>();
  for (const o of outcomes) {
    const kind = outcomeKind(o, notes);
    byOutcome.set(kind, (byOutcome.get(kind) ?? 0) + 1);
    const row = byRule.get(o.finding.rule.id) ?? new Map<string, number>();
    byRule.set(o.finding.rule.id, row);
    row.set(kind, (row.get(kind) ?? 0) + 1);
  }
  return {
    byOutcome: Object.fromEntries(byOutcome),
    byRule: Object.fromEntries([...byRule].map(([rule, row]) => [rule, Object.fromEntries(row)])),
  };
}

function kindsOf(summary: FixSummary): string[] {
  const rank = (k: string) => (KIND_ORDER.includes(k) ? KIND_ORDER.indexOf(k) : KIND_ORDER.length);
  return Object.keys(summary.byOutcome).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Rules by number of findings, most first. */
function ruleRows(summary: FixSummary, kinds: string[]): string[][] {
  return Object.entries(summary.byRule)
    .map(([rule, counts]) => ({ rule, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || a.rule.localeCompare(b.rule))
    .map((r) => [r.rule, String(r.total), ...kinds.map((k) => String(r.counts[k] ?? '-'))]);
}

/** The grouped summary lines (no per-finding lines except a person's decisions). */
export function summaryLines(
  run: FixRun,
  notes: ReadonlyMap<Finding, TriageNote>,
  summary: FixSummary,
  verbose = false,
): string[] {
  const kinds = kindsOf(summary);
  if (run.outcomes.length === 0) return [];
  const lines = [`Outcomes: ${kinds.map((k) => `${summary.byOutcome[k]} ${k}`).join(', ')}`];
  const rows = ruleRows(summary, kinds);
  const shown = rows.slice(0, RULE_ROWS);
  lines.push(renderTable(['rule', 'findings', ...kinds], shown));
  if (rows.length > shown.length)
    lines.push(`  ... and ${rows.length - shown.length} more rules (--verbose)`);
  const deciders = new Map<string, number>();
  for (const o of run.outcomes) {
    const note = notes.get(o.finding);
    if (o.status === 'unfixed' && note?.kind === 'triaged')
      deciders.set(note.by, (deciders.get(note.by) ?? 0) + 1);
  }
  if (deciders.size > 0) {
    const parts = [...deciders].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    lines.push(
      `Triaged by: ${parts.map(([by, n]) => `${n} ${by === PERSON ? 'marked by a person' : by}`).join(', ')}`,
    );
  }
  // A person's decision is rare and is what a reviewer looks for: each one is shown with its why.
  const marked = run.outcomes.filter((o) => o.status === 'unfixed' && notes.get(o.finding)?.by === PERSON);
  if (verbose) return lines; // the full list follows
  for (const o of marked.slice(0, MARKS_SHOWN)) lines.push(`  ${findingLine(o)}`);
  if (marked.length > MARKS_SHOWN)
    lines.push(`  ... and ${marked.length - MARKS_SHOWN} more marked (--verbose)`);
  return lines;
}

export function findingLine(o: FindingOutcome): string {
  const line = o.finding.location.region?.startLine;
  return `${o.path}${line ? `:${line}` : ''}  ${o.finding.rule.id}  ${o.reason ?? ''}`.trimEnd();
}

export function report(
  ctx: Context,
  run: FixRun,
  notes: ReadonlyMap<Finding, TriageNote>,
  dryRun: boolean,
  codetf: string | undefined,
): void {
  // With --dry-run stdout carries the diff alone (`trust fix --dry-run > fix.patch`).
  const out = dryRun && !ctx.out.json ? ctx.out.toStderr() : ctx.out;
  const fixed = run.outcomes.filter((o) => o.status === 'fixed');
  const notFixed = run.outcomes.filter((o) => o.status !== 'fixed');
  const byCodemod = new Map<string, { findings: number; mitigated: number; files: Set<string> }>();
  for (const o of fixed) {
    const row = byCodemod.get(o.codemod!) ?? { findings: 0, mitigated: 0, files: new Set<string>() };
    row.findings++;
    if (o.mitigation) row.mitigated++;
    row.files.add(o.path);
    byCodemod.set(o.codemod!, row);
  }
  const summary = summarize(run.outcomes, notes);
  const packages = run.files.flatMap((f) => f.stages.flatMap((s) => s.packageActions));
  out.data({
    written: run.written,
    workers: run.workers,
    fixed: fixed.map((o) => ({
      id: o.finding.id,
      rule: o.finding.rule.id,
      path: o.path,
      line: o.line,
      codemod: o.codemod,
      ...mitigatedData(o),
    })),
    unfixed: notFixed.map((o) => ({
      id: o.finding.id,
      rule: o.finding.rule.id,
      path: o.path,
      line: o.finding.location.region?.startLine,
      codemod: o.codemod,
      outcome: outcomeKind(o, notes),
      reason: o.reason,
    })),
    summary,
    byCodemod: Object.fromEntries(
      [...byCodemod].map(([id, r]) => [
        id,
        { findings: r.findings, mitigated: r.mitigated, files: r.files.size },
      ]),
    ),
    files: run.files.map((f) => ({ path: f.path, diff: f.diff })),
    dropped: run.dropped,
    packageActions: packages,
  });
  const say = (text: string) => (out.json ? out.info(text) : out.result(text));
  if (byCodemod.size > 0) {
    say(renderTable(...codemodTable(byCodemod)));
  }
  for (const line of mitigatedLines(fixed, ctx.out.verbose)) say(line);
  if (notFixed.length > 0) {
    for (const line of summaryLines(run, notes, summary, ctx.out.verbose)) say(line);
    if (ctx.out.verbose) {
      say(`Not fixed (${notFixed.length}):`);
      for (const o of notFixed) say(`  ${findingLine(o)}`);
    } else say('Each finding with its reason: --verbose, --json or --codetf <file>.');
  }
  for (const d of run.dropped) out.warn(`${d.path}: ${d.reason}`, { file: d.path });
  for (const p of packages)
    out.warn(
      `the fix needs a dependency: ${p.action} ${p.package} (${p.reason}); trust did not edit any manifest`,
    );
  const fileCount = new Set(fixed.map((o) => o.path)).size;
  const tail = dryRun ? ' (dry run: nothing written)' : '';
  // One sentence for the log and the job summary, so the two never disagree (or say "1 files").
  const totals = `${totalsSentence(fixed, run.outcomes.length)} in ${fileCount} file${fileCount === 1 ? '' : 's'}${tail}`;
  say(totals);
  if (codetf) out.info(`CodeTF report written to ${codetf}`);
  if (run.workers > 0) out.info(`The codemods ran on ${run.workers} worker threads (--jobs).`);
  out.summary(jobSummary(totals, summary, notFixed));
}

/** The Markdown job summary: the totals, the table by rule, and the first findings not fixed. */
function jobSummary(totals: string, summary: FixSummary, notFixed: readonly FindingOutcome[]): string {
  const kinds = kindsOf(summary);
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = ruleRows(summary, kinds).slice(0, 30);
  return [
    '### trust fix',
    '',
    `${totals}.`,
    ...(rows.length > 0
      ? [
          '',
          `| rule | findings | ${kinds.join(' | ')} |`,
          `|---|${kinds.map(() => '---:|').join('')}---:|`,
          ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
        ]
      : []),
    ...(notFixed.length > 0
      ? [
          '',
          `<details><summary>Findings not fixed (${notFixed.length}${notFixed.length > 50 ? ', first 50' : ''})</summary>`,
          '',
          '| location | rule | reason |',
          '|---|---|---|',
          ...notFixed
            .slice(0, 50)
            .map(
              (o) =>
                `| ${o.path}:${o.finding.location.region?.startLine ?? ''} | ${cell(o.finding.rule.id)} | ${cell(o.reason ?? '')} |`,
            ),
          '',
          '</details>',
        ]
      : []),
  ].join('\n');
}
