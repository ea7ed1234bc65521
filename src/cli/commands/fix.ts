/**
 * `trust fix <sarif...>`: ingest SARIF, fix what the codemods (and any injected fixers) can,
 * write the files (or print the diff with --dry-run: stdout then holds the diff alone), print
 * what was fixed and what was not and why, and optionally write a CodeTF v2 report. Every
 * output path is checked before the first write; each written file is recorded as it is.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CODEMODS } from '../../../codemods/index.js';
import { TrustError, UsageError } from '../../core/errors.js';
import { assertWritable, writeError } from '../../core/files.js';
import { redactor } from '../../core/redact.js';
import { trustVersion } from '../../core/version.js';
import { buildCodetf } from '../../fix/codetf.js';
import type { Fixer } from '../../fix/fixer.js';
import { type FixRun, runFixes } from '../../fix/pipeline.js';
import { idMatches, selectCodemods } from '../../fix/route.js';
import { uncommittedTrackedFiles } from '../../forge/git.js';
import type { Finding } from '../../sarif/finding.js';
import { markedReason, type PersonDecision, personDecisions } from '../../triage/decisions.js';
import { classifyFindings } from '../../triage/index.js';
import { DEFAULT_RULE } from '../../triage/rules.js';
import { boolOption, type CommandHandler, type Context, listOption, stringOption } from '../context.js';
import { enforceFailOn } from './fail-on.js';
import { FixRecorder } from './fix-record.js';
import { report, type TriageNote } from './fix-report.js';
import { ingestFromOptions } from './ingest-common.js';
import { openLlm } from './llm-common.js';
import { auditCall, logPath, openLog } from './log-common.js';
import { isInGitTree, refuseDirtyTree } from './repo-common.js';

/**
 * Findings triage keeps for fixing, and the others as unfixed outcomes, with a note of why
 * (for the grouped summary). A person's newest decision (`trust triage mark`) comes first: a
 * false_positive or wont_fix is left alone and says whose it is; a true_positive is fixed even
 * where a rule would set it aside. Then the deterministic rules.
 */
function splitByTriage(
  findings: Finding[],
  root: string,
  marks: ReadonlyMap<string, PersonDecision>,
): { fixable: Finding[]; setAside: FixRun['outcomes']; notes: Map<Finding, TriageNote> } {
  const fixable: Finding[] = [];
  const setAside: FixRun['outcomes'] = [];
  const notes = new Map<Finding, TriageNote>();
  const aside = (finding: Finding, reason: string, by: string) => {
    setAside.push({ finding, path: finding.location.path ?? '', status: 'unfixed', reason });
    notes.set(finding, { kind: 'triaged', by });
  };
  for (const d of classifyFindings(findings, root)) {
    const mark = marks.get(d.finding.id);
    if (mark && (mark.decision === 'false_positive' || mark.decision === 'wont_fix'))
      aside(d.finding, markedReason(mark), 'a person');
    else if (mark?.decision === 'true_positive') fixable.push(d.finding);
    else if (d.decision === 'false_positive' || d.decision === 'wont_fix')
      aside(d.finding, `triaged ${d.decision}: ${d.justification} (--no-triage fixes it anyway)`, d.rule);
    else {
      // A rule that looked and left it for review said why; the default rule says nothing.
      if (d.decision === 'needs_review' && d.rule !== DEFAULT_RULE.id)
        notes.set(d.finding, { kind: 'needs_review', by: d.rule, justification: d.justification });
      fixable.push(d.finding);
    }
  }
  return { fixable, setAside, notes };
}

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
  // A finding the scanner marked suppressed was accepted by a person: never fix it.
  const { files, findings } = await ingestFromOptions(ctx, args, {
    includeSuppressed: false,
    nonGit: dryRun ? undefined : 'fix cannot check it for uncommitted changes, and git cannot undo its edits',
  });
  const codemods = selectCodemods(CODEMODS, { only, exclude });
  // Diffs are always computed by the command: printed, reported in CodeTF, or hashed into the log.
  // Triage comes before fixing: a finding in test code, vendored or generated code, or a
  // duplicate is not "fixed" behind the reviewer's back (users close such PRs as noise).
  // --no-triage: no rule and no recorded decision keeps a finding from its fix.
  const { fixable, setAside, notes } = boolOption(ctx, 'triage')
    ? splitByTriage(findings, ctx.root, readMarks(ctx, findings))
    : { fixable: findings, setAside: [], notes: new Map<Finding, TriageNote>() };
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
  // Left for review by a rule that looked: its justification is the true reason, first.
  for (const o of run.outcomes) {
    const note = notes.get(o.finding);
    if (o.status === 'unfixed' && note?.kind === 'needs_review' && note.justification) {
      // A codemod that judged the place with the triage rule says the same thing: once is enough.
      const own = o.reason && !note.justification.startsWith(o.reason) ? `; ${o.reason}` : '';
      o.reason = `needs_review: ${note.justification}${own}`;
    }
  }

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
  report(ctx, run, notes, dryRun, codetfFile);
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
