/**
 * `trust fix <sarif...>`: ingest SARIF, fix what the codemods (and any injected fixers) can,
 * write the files (or print the diff with --dry-run: stdout then holds the diff alone), print
 * what was fixed and what was not and why, and optionally write a CodeTF v2 report. Every
 * output path is checked before the first write; each written file is recorded as it is.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CODEMODS } from '../../../codemods/index.js';
import { TrustError, UsageError } from '../../core/errors.js';
import { assertWritable, writeError } from '../../core/files.js';
import { renderTable } from '../../core/output.js';
import { redactor } from '../../core/redact.js';
import { trustVersion } from '../../core/version.js';
import { buildCodetf } from '../../fix/codetf.js';
import type { Fixer } from '../../fix/fixer.js';
import { type FixRun, runFixes } from '../../fix/pipeline.js';
import { idMatches, selectCodemods } from '../../fix/route.js';
import { uncommittedTrackedFiles } from '../../forge/git.js';
import type { Finding } from '../../sarif/finding.js';
import { classifyFindings } from '../../triage/index.js';
import { boolOption, type CommandHandler, type Context, listOption, stringOption } from '../context.js';
import { enforceFailOn } from './fail-on.js';
import { FixRecorder } from './fix-record.js';
import { ingestFromOptions } from './ingest-common.js';
import { openLlm } from './llm-common.js';
import { logPath } from './log-common.js';
import { isInGitTree, refuseDirtyTree } from './repo-common.js';

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
  const codetfFile = stringOption(ctx, 'codetf');
  const codetfPath = codetfFile ? resolve(ctx.root, codetfFile) : undefined;
  await checkBeforeWriting(ctx, dryRun, codetfPath);
  // A finding the scanner marked suppressed was accepted by a person: never fix it.
  const { files, findings } = await ingestFromOptions(ctx, args, {
    includeSuppressed: false,
    nonGit: dryRun ? undefined : 'fix cannot check it for uncommitted changes, and git cannot undo its edits',
  });
  const codemods = selectCodemods(CODEMODS, { only, exclude });
  // Diffs are always computed by the command: printed, reported in CodeTF, or hashed into the log.
  // Triage comes before fixing: a finding in test code, vendored or generated code, or a
  // duplicate is not "fixed" behind the reviewer's back (users close such PRs as noise).
  const { fixable, setAside } = boolOption(ctx, 'triage')
    ? splitByTriage(findings, ctx.root)
    : { fixable: findings, setAside: [] };
  const recorder = new FixRecorder(ctx);
  let run: FixRun;
  try {
    run = await ctx.out.task(`Fixing ${fixable.length} finding${fixable.length === 1 ? '' : 's'}`, () =>
      runFixes({
        root: ctx.root,
        findings: fixable,
        codemods,
        fixers,
        write: !dryRun,
        jobs,
        beforeWrite: recorder.beforeWrite,
        onWritten: recorder.written,
      }),
    );
  } catch (error) {
    throw withNote(error, recorder);
  } finally {
    recorder.close();
  }
  run.outcomes.push(...setAside);

  if (dryRun && !ctx.out.json) for (const f of run.files) ctx.out.result(f.diff.trimEnd());
  if (codetfPath) {
    const report = buildCodetf(run, codemods, {
      version: trustVersion(),
      commandLine: ['trust', ...process.argv.slice(2)].join(' '),
      elapsedMs: performance.now() - started,
      directory: ctx.root,
      sarifFiles: files,
    });
    try {
      writeFileSync(codetfPath, `${redactor.redact(JSON.stringify(report, null, 2))}\n`);
    } catch (error) {
      throw withNote(writeError('the CodeTF report', codetfPath, error), recorder);
    }
  }
  report(ctx, run, dryRun, codetfFile);
  // In a dry run nothing was fixed: what the diff would fix still counts as remaining.
  const fixed = new Set(dryRun ? [] : run.outcomes.filter((o) => o.status === 'fixed').map((o) => o.finding));
  enforceFailOn(
    ctx,
    fixable.filter((f) => !fixed.has(f)),
  );
  return 0;
}

/**
 * Everything that could stop the run part-way is checked before the first write: the report
 * path (also in a dry run), the audit log's place, and that the work tree holds no uncommitted
 * changes to tracked files (unless --allow-dirty).
 */
async function checkBeforeWriting(ctx: Context, dryRun: boolean, codetf: string | undefined): Promise<void> {
  if (codetf) assertWritable('the CodeTF report', codetf);
  if (dryRun) return;
  assertWritable('the audit log', logPath(ctx), { parents: true });
  // Outside a git work tree there is nothing to check; ingest says so once.
  if (isInGitTree(ctx.root) && !boolOption(ctx, 'allowDirty'))
    refuseDirtyTree(await uncommittedTrackedFiles(ctx.root));
}

/** An error that stops the run, with what was already written and recorded (exit 2 stays exit 2). */
function withNote(error: unknown, recorder: FixRecorder): unknown {
  if (!(error instanceof TrustError) || recorder.files === 0) return error;
  return new TrustError(`${error.message}; ${recorder.note()}`, error.exitCode, { cause: error });
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
  // With --dry-run stdout carries the diff alone (`trust fix --dry-run > fix.patch`).
  const out = dryRun && !ctx.out.json ? ctx.out.toStderr() : ctx.out;
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
  out.data({
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
  const say = (text: string) => (out.json ? out.info(text) : out.result(text));
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
  for (const d of run.dropped) out.warn(`${d.path}: ${d.reason}`, { file: d.path });
  for (const p of packages)
    out.warn(
      `the fix needs a dependency: ${p.action} ${p.package} (${p.reason}); trust did not edit any manifest`,
    );
  const fileCount = new Set(fixed.map((o) => o.path)).size;
  const tail = dryRun ? ' (dry run: nothing written)' : '';
  // One sentence for the log and the job summary, so the two never disagree (or say "1 files").
  const totals = `Fixed ${fixed.length} of ${run.outcomes.length} finding${run.outcomes.length === 1 ? '' : 's'} in ${fileCount} file${fileCount === 1 ? '' : 's'}${tail}`;
  say(totals);
  if (codetf) out.info(`CodeTF report written to ${codetf}`);
  if (run.workers > 0) out.info(`The codemods ran on ${run.workers} worker threads (--jobs).`);
  out.summary(
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
