/**
 * `trust run [sarif...]`: the one command a CI job calls. The SARIF comes from the arguments
 * or --sarif globs; then the same job as `trust pr`; then what CI needs around it: a run
 * entry in the audit log (and a signed checkpoint when TRUST_SIGNING_KEY is set), the
 * Markdown summary (--summary-file, and $GITHUB_STEP_SUMMARY on GitHub), the step outputs
 * ($GITHUB_OUTPUT), an annotation per unfixed finding, and the exit code of --fail-on.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { checkpointLog } from '../../audit/index.js';
import { UsageError } from '../../core/errors.js';
import { assertWritable, writeError } from '../../core/files.js';
import { expandGlobs } from '../../core/globs.js';
import { redactor } from '../../core/redact.js';
import { prepareFolderOf } from '../../core/trust-dir.js';
import { trustVersion } from '../../core/version.js';
import { type CommandHandler, type Context, listOption, stringOption } from '../context.js';
import { type DeliveryRun, runDeliveryJob } from './deliver-common.js';
import {
  type DeliveryTotals,
  deliverySummary,
  deliveryTotals,
  renderDelivery,
  throwIfIncomplete,
} from './deliver-render.js';
import { enforceFailOn } from './fail-on.js';
import { auditCall, checkpointPath, inRoot, openLog, signersFromEnv } from './log-common.js';

/** Annotations beyond this many are summed up in one line (GitHub shows only the first few anyway). */
const ANNOTATED = 50;

const run: CommandHandler = async (ctx, args) => {
  const sarif = sarifFiles(ctx, args);
  const summaryFile = inRoot(ctx, stringOption(ctx, 'summaryFile') ?? '.trust/summary.md');
  assertWritable('the summary', summaryFile, { parents: true });
  const signers = signersFromEnv(ctx);
  ctx.out.info(
    `trust run on ${environmentName(ctx.env)}: ${sarif.length} SARIF file${sarif.length === 1 ? '' : 's'}`,
  );
  const delivery = await runDeliveryJob(ctx, sarif);
  const totals = deliveryTotals(delivery);
  renderDelivery(ctx, delivery, totals);
  annotate(ctx, totals);
  const checkpoint = recordRun(ctx, signers !== undefined);
  const summary = `${deliverySummary(delivery, totals, 'trust run')}${checkpoint ? `\nAudit log checkpoint: ${checkpoint}\n` : ''}`;
  try {
    prepareFolderOf(summaryFile, ctx.root);
    writeFileSync(summaryFile, redactor.redact(summary));
  } catch (error) {
    throw writeError('the summary', summaryFile, error);
  }
  ctx.out.summary(summary);
  setOutputs(ctx, delivery, totals, summaryFile);
  throwIfIncomplete(delivery);
  enforceFailOn(ctx, totals.unresolved);
  return 0;
};

export default run;

function sarifFiles(ctx: Context, args: string[]): string[] {
  if (args.length > 0) return args;
  const patterns = listOption(ctx, 'sarif');
  if (patterns.length === 0) {
    throw new UsageError(
      'no SARIF to read: give files (trust run results.sarif) or set --sarif, TRUST_SARIF or run.sarif in trust.config.json',
    );
  }
  const { files, empty } = expandGlobs(ctx.root, patterns);
  for (const pattern of empty) ctx.out.warn(`--sarif ${pattern}: no file matches`);
  if (files.length === 0) throw new UsageError(`--sarif ${patterns.join(' ')}: no SARIF file matches`);
  return files;
}

function environmentName(env: NodeJS.ProcessEnv): string {
  if (env.GITHUB_ACTIONS === 'true') return 'GitHub Actions';
  if (env.GITLAB_CI === 'true') return 'GitLab CI';
  return 'a plain shell';
}

/** Unfixed findings, on their lines: errors as errors, the rest as warnings. */
function annotate(ctx: Context, totals: DeliveryTotals): void {
  for (const f of totals.unresolved.slice(0, ANNOTATED)) {
    const at = {
      file: f.location.path,
      line: f.location.region?.startLine,
      endLine: f.location.region?.endLine,
      title: `trust: ${f.rule.id} (unfixed)`,
    };
    const message = `${f.message.split('\n')[0]} [${f.rule.id}]`;
    if (f.level === 'error') ctx.out.error(message, at);
    else ctx.out.warn(message, at);
  }
  const more = totals.unresolved.length - ANNOTATED;
  if (more > 0) ctx.out.warn(`…and ${more} more unfixed finding${more === 1 ? '' : 's'} (see the summary)`);
}

/** The run entry; with a signing key, the checkpoint over it, written to --checkpoint-file. */
function recordRun(ctx: Context, sign: boolean): string | undefined {
  const log = openLog(ctx, true);
  try {
    const signers = sign ? signersFromEnv(ctx) : undefined;
    if (!signers) {
      auditCall(() => log.append({ kind: 'run', command: 'run', trustVersion: trustVersion(), ci: log.ci }));
      return undefined;
    }
    const file = checkpointPath(ctx);
    assertWritable('the checkpoint', file, { parents: true });
    const head = auditCall(() =>
      checkpointLog(log, signers, { command: 'run', trustVersion: trustVersion() }),
    );
    try {
      prepareFolderOf(file, ctx.root);
      writeFileSync(file, head.note);
    } catch (error) {
      throw writeError('the checkpoint', file, error);
    }
    ctx.out.info(`Signed checkpoint: ${head.size} entries, written to ${relative(ctx.root, file) || file}`);
    return `${head.size} entries, root \`${head.root.toString('base64')}\``;
  } finally {
    log.close();
  }
}

/** Step outputs: $GITHUB_OUTPUT on GitHub Actions; in JSON (--json) everywhere. */
function setOutputs(ctx: Context, run: DeliveryRun, totals: DeliveryTotals, summaryFile: string): void {
  const outputs: Record<string, string> = {
    'prs-opened': String(totals.prsOpened),
    'prs-updated': String(totals.prsUpdated),
    'findings-fixed': String(totals.findingsFixed),
    'findings-unfixed': String(totals.findingsUnfixed),
    'summary-path': summaryFile,
  };
  const file = ctx.env.GITHUB_OUTPUT;
  if (file) {
    try {
      appendFileSync(
        file,
        Object.entries(outputs)
          .map(([k, v]) => `${k}=${v}\n`)
          .join(''),
      );
    } catch (error) {
      throw writeError('the step outputs ($GITHUB_OUTPUT)', file, error);
    }
  }
  ctx.out.debug(`outputs for ${run.forge.name}: ${JSON.stringify(outputs)}`);
}
