/**
 * `trust fix <sarif...>`: ingest SARIF, fix what the codemods (and any injected fixers) can,
 * write the files (or print the diff with --dry-run), print what was fixed and what was not
 * and why, and optionally write a CodeTF v2 report.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CODEMODS } from '../../../codemods/index.js';
import { fixEntry } from '../../audit/index.js';
import { UsageError } from '../../core/errors.js';
import { renderTable } from '../../core/output.js';
import { redactor } from '../../core/redact.js';
import { trustVersion } from '../../core/version.js';
import { buildCodetf } from '../../fix/codetf.js';
import type { Fixer } from '../../fix/fixer.js';
import { type FixRun, runFixes } from '../../fix/pipeline.js';
import { idMatches, selectCodemods } from '../../fix/route.js';
import type { Finding } from '../../sarif/finding.js';
import { classifyFindings } from '../../triage/index.js';
import { boolOption, type CommandHandler, type Context, listOption, stringOption } from '../context.js';
import { ingestFromOptions } from './ingest-common.js';
import { openLlm } from './llm-common.js';
import { openLog } from './log-common.js';

/** Findings deterministic triage keeps for fixing, and the others as unfixed outcomes. */
function splitByTriage(
  findings: Finding[],
  root: string,
): { fixable: Finding[]; setAside: FixRun['outcomes'] } {
  const fixable: Finding[] = [];
  const setAside: FixRun['outcomes'] = [];
  for (const d of classifyFindings(findings, root)) {
    if (d.decision === 'false_positive' || d.decision === 'wont_fix') {
      const reason = `triaged ${d.decision}: ${d.justification} (--no-triage fixes it anyway)`;
      setAside.push({ finding: d.finding, path: d.finding.location.path ?? '', status: 'unfixed', reason });
    } else fixable.push(d.finding);
  }
  return { fixable, setAside };
}

function checkIds(flag: string, patterns: string[]): void {
  for (const p of patterns) {
    if (!CODEMODS.some((c) => idMatches(p, c.id))) {
      throw new UsageError(`${flag} ${p}: no such codemod (see trust codemods list)`);
    }
  }
}

/** The command with injectable fixers: the composition root passes the LLM fixer here. */
export async function runFixCommand(
  ctx: Context,
  args: string[],
  fixers: readonly Fixer[] = [],
): Promise<number> {
  const started = performance.now();
  const only = listOption(ctx, 'only');
  const exclude = listOption(ctx, 'exclude');
  checkIds('--only', only);
  checkIds('--exclude', exclude);
  const dryRun = boolOption(ctx, 'dryRun');
  const jobs = ctx.options.jobs;
  if (jobs !== undefined && (typeof jobs !== 'number' || !Number.isInteger(jobs) || jobs < 1 || jobs > 256)) {
    throw new UsageError(`--jobs ${String(jobs)}: give a whole number of worker threads from 1 to 256`);
  }
  // A finding the scanner marked suppressed was accepted by a person: never fix it.
  const { files, findings } = await ingestFromOptions(ctx, args, { includeSuppressed: false });
  const codemods = selectCodemods(CODEMODS, { only, exclude });
  const codetfFile = stringOption(ctx, 'codetf');
  // Diffs are always computed by the command: printed, reported in CodeTF, or hashed into the log.
  // Triage comes before fixing: a finding in test code, vendored or generated code, or a
  // duplicate is not "fixed" behind the reviewer's back (users close such PRs as noise).
  const { fixable, setAside } = boolOption(ctx, 'triage')
    ? splitByTriage(findings, ctx.root)
    : { fixable: findings, setAside: [] };
  const run = await ctx.out.task(`Fixing ${fixable.length} finding${fixable.length === 1 ? '' : 's'}`, () =>
    runFixes({ root: ctx.root, findings: fixable, codemods, fixers, write: !dryRun, jobs }),
  );
  run.outcomes.push(...setAside);

  if (dryRun && !ctx.out.json) for (const f of run.files) ctx.out.result(f.diff.trimEnd());
  if (codetfFile) {
    const report = buildCodetf(run, codemods, {
      version: trustVersion(),
      commandLine: ['trust', ...process.argv.slice(2)].join(' '),
      elapsedMs: performance.now() - started,
      directory: ctx.root,
      sarifFiles: files,
    });
    writeFileSync(resolve(ctx.root, codetfFile), `${redactor.redact(JSON.stringify(report, null, 2))}\n`);
  }
  if (run.written) recordFixes(ctx, run);
  report(ctx, run, dryRun, codetfFile);
  return 0;
}

/**
 * One `fix` entry per applied change (a codemod or fixer on one file) in the audit log: the
 * fixed findings' fingerprints and the diff's hash, never the code itself.
 */
function recordFixes(ctx: Context, run: FixRun): void {
  const stages = run.files.flatMap((f) => f.stages);
  if (stages.length === 0) return;
  const log = openLog(ctx, true);
  try {
    log.appendMany(
      stages.map((stage) => {
        const quality = stage.fixer?.fixQuality;
        return fixEntry({
          fingerprints: stage.findings.map((f) => f.id),
          method: stage.fixer?.ai ? 'llm' : 'codemod',
          codemod: stage.codemod,
          files: [stage.path],
          diff: stage.diff,
          outcome: 'applied',
          ...(quality
            ? {
                evaluation: {
                  safety: quality.safetyRating,
                  effectiveness: quality.effectivenessRating,
                  cleanliness: quality.cleanlinessRating,
                },
              }
            : {}),
        });
      }),
    );
  } finally {
    log.close();
  }
}

const fix: CommandHandler = async (ctx, args) => {
  // --llm: findings no codemod fixed go to the LLM fixer (src/llm); codemod-fixed ones never do.
  const llm = await openLlm(ctx);
  try {
    return await runFixCommand(ctx, args, llm ? [llm.setup.fixer()] : []);
  } finally {
    llm?.close();
  }
};
export default fix;

function report(ctx: Context, run: FixRun, dryRun: boolean, codetf: string | undefined): void {
  const fixed = run.outcomes.filter((o) => o.status === 'fixed');
  const unfixed = run.outcomes.filter((o) => o.status === 'unfixed');
  const byCodemod = new Map<string, { findings: number; files: Set<string> }>();
  for (const o of fixed) {
    const row = byCodemod.get(o.codemod!) ?? { findings: 0, files: new Set<string>() };
    row.findings++;
    row.files.add(o.path);
    byCodemod.set(o.codemod!, row);
  }
  const packages = run.files.flatMap((f) => f.stages.flatMap((s) => s.packageActions));
  ctx.out.data({
    written: run.written,
    workers: run.workers,
    fixed: fixed.map((o) => ({
      id: o.finding.id,
      rule: o.finding.rule.id,
      path: o.path,
      line: o.line,
      codemod: o.codemod,
    })),
    unfixed: unfixed.map((o) => ({
      id: o.finding.id,
      rule: o.finding.rule.id,
      path: o.path,
      line: o.finding.location.region?.startLine,
      codemod: o.codemod,
      reason: o.reason,
    })),
    byCodemod: Object.fromEntries(
      [...byCodemod].map(([id, r]) => [id, { findings: r.findings, files: r.files.size }]),
    ),
    files: run.files.map((f) => ({ path: f.path, diff: f.diff })),
    dropped: run.dropped,
    packageActions: packages,
  });
  const say = (text: string) => (ctx.out.json ? ctx.out.info(text) : ctx.out.result(text));
  if (byCodemod.size > 0) {
    say(
      renderTable(
        ['codemod', 'fixed', 'files'],
        [...byCodemod].map(([id, r]) => [id, String(r.findings), String(r.files.size)]),
      ),
    );
  }
  if (unfixed.length > 0) {
    say(`Unfixed (${unfixed.length}):`);
    for (const o of unfixed) {
      const line = o.finding.location.region?.startLine;
      say(`  ${o.path}${line ? `:${line}` : ''}  ${o.finding.rule.id}  ${o.reason ?? ''}`);
    }
  }
  for (const d of run.dropped) ctx.out.warn(`${d.path}: ${d.reason}`, { file: d.path });
  for (const p of packages)
    ctx.out.warn(
      `the fix needs a dependency: ${p.action} ${p.package} (${p.reason}); trust did not edit any manifest`,
    );
  const fileCount = new Set(fixed.map((o) => o.path)).size;
  const tail = dryRun ? ' (dry run: nothing written)' : '';
  // One sentence for the log and the job summary, so the two never disagree (or say "1 files").
  const totals = `Fixed ${fixed.length} of ${run.outcomes.length} finding${run.outcomes.length === 1 ? '' : 's'} in ${fileCount} file${fileCount === 1 ? '' : 's'}${tail}`;
  say(totals);
  if (codetf) ctx.out.info(`CodeTF report written to ${codetf}`);
  if (run.workers > 0) ctx.out.info(`The codemods ran on ${run.workers} worker threads (--jobs).`);
  ctx.out.summary(
    [
      '### trust fix',
      '',
      `${totals}.`,
      ...(unfixed.length > 0 ? ['', '| location | rule | reason |', '|---|---|---|'] : []),
      ...unfixed
        .slice(0, 50)
        .map(
          (o) =>
            `| ${o.path}:${o.finding.location.region?.startLine ?? ''} | ${o.finding.rule.id} | ${(o.reason ?? '').replace(/\|/g, '\\|')} |`,
        ),
    ].join('\n'),
  );
}
