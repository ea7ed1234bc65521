/**
 * `trust fix <sarif...>`: ingest SARIF, fix what the codemods (and any injected fixers) can,
 * write the files (or print the diff with --dry-run: stdout then holds the diff alone), print
 * what was fixed and what was not and why, and optionally write a CodeTF v2 report. Every
 * output path is checked before the first write; each written file is recorded as it is.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CATALOGUE, CODEMODS } from '../../../codemods/index.js';
import { TrustError, UsageError } from '../../core/errors.js';
import { assertWritable, writeError } from '../../core/files.js';
import { redactor } from '../../core/redact.js';
import { trustVersion } from '../../core/version.js';
import { buildCodetf } from '../../fix/codetf.js';
import type { Fixer } from '../../fix/fixer.js';
import { idMatches, selectCodemods } from '../../fix/route.js';
import { uncommittedTrackedFiles } from '../../forge/git.js';
import { type JobResult, runJob } from '../../run/job.js';
import type { Finding } from '../../sarif/finding.js';
import { type PersonDecision, personDecisions } from '../../triage/decisions.js';
import { verdictLines, verificationData } from '../../verify/report.js';
import { boolOption, type CommandHandler, type Context, listOption, stringOption } from '../context.js';
import { enforceFailOn } from './fail-on.js';
import { FixRecorder } from './fix-record.js';
import { report } from './fix-report.js';
import { ingestFromOptions } from './ingest-common.js';
import { openLlm } from './llm-common.js';
import { auditCall, logPath, openLog } from './log-common.js';
import { isInGitTree, refuseDirtyTree } from './repo-common.js';
import { verifyConfigOf, verifyProgress, withPresets } from './verify-common.js';

/** The newest decisions people recorded for these findings; none when there is no log yet. */
function readMarks(ctx: Context, findings: readonly Finding[]): Map<string, PersonDecision> {
  if (!existsSync(logPath(ctx))) return new Map();
  const log = openLog(ctx, false);
  try {
    return auditCall(() =>
      personDecisions(
        log,
        findings.map((f) => f.id),
      ),
    );
  } finally {
    log.close();
  }
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
  const verify = verifyConfigOf(ctx);
  // A finding the scanner marked suppressed was accepted by a person: never fix it.
  const { files, findings, ingest } = await ingestFromOptions(ctx, args, {
    includeSuppressed: false,
    nonGit: dryRun ? undefined : 'fix cannot check it for uncommitted changes, and git cannot undo its edits',
  });
  const codemods = selectCodemods(CODEMODS, { only, exclude });
  // Diffs are always computed by the command: printed, reported in CodeTF, or hashed into the log.
  // Triage comes before fixing: a finding in test code, vendored or generated code, or a
  // duplicate is not "fixed" behind the reviewer's back (users close such PRs as noise).
  // --no-triage: no rule and no recorded decision keeps a finding from its fix.
  const recorder = new FixRecorder(ctx);
  const verifyConfig = verify ? withPresets(ctx, verify, ingest.findings) : undefined;
  const progress = verify ? await verifyProgress(ctx) : undefined;
  let job: JobResult;
  try {
    // The one job `trust pr` and `trust run` also call (src/run/job.ts), stopping at the fix.
    const work = () =>
      runJob({
        root: ctx.root,
        findings,
        codemods,
        catalogue: CATALOGUE,
        fixers,
        triage: boolOption(ctx, 'triage'),
        marks: boolOption(ctx, 'triage') ? readMarks(ctx, findings) : new Map(),
        fix: {
          // --verify writes the fixes itself, a set at a time, and leaves the kept ones.
          write: !dryRun && !verify,
          suppress: boolOption(ctx, 'suppress'),
          jobs,
          beforeWrite: recorder.beforeWrite,
          onWritten: recorder.written,
        },
        ...(verifyConfig && progress
          ? {
              verify: {
                config: verifyConfig,
                before: ingest.findings,
                env: ctx.env,
                keep: !dryRun,
                progress,
              },
            }
          : {}),
      });
    // With --verify its own progress line shows each command: a second spinner would draw over it.
    const title = `Fixing ${findings.length} finding${findings.length === 1 ? '' : 's'}`;
    job = verify ? await work() : await ctx.out.task(title, work);
    if (job.verification && !dryRun) recorder.verified(job.run.files, job.verification);
    if (!dryRun) recorder.unchanged(job.run.outcomes);
  } catch (error) {
    throw withNote(error, recorder);
  } finally {
    recorder.close();
  }
  const { run, fixable, notes } = job;

  // Only the final newline goes (result() adds one): a diff can end in a blank context line, " ".
  if (dryRun && !ctx.out.json) for (const f of run.files) ctx.out.result(f.diff.replace(/\n$/, ''));
  if (codetfPath) {
    const report = buildCodetf(
      run,
      codemods,
      {
        version: trustVersion(),
        commandLine: ['trust', ...process.argv.slice(2)].join(' '),
        elapsedMs: performance.now() - started,
        directory: ctx.root,
        sarifFiles: files,
      },
      job.verification?.outcomes,
    );
    try {
      writeFileSync(codetfPath, `${redactor.redact(JSON.stringify(report, null, 2))}\n`);
    } catch (error) {
      throw withNote(writeError('the CodeTF report', codetfPath, error), recorder);
    }
  }
  report(ctx, run, notes, dryRun, codetfFile);
  if (job.verification) {
    for (const line of verdictLines(job.verification)) ctx.out.info(line);
    ctx.out.data({ verification: verificationData(job.verification) });
  }
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
    await llm?.close();
  }
};
export default fix;
