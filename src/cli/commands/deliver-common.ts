/**
 * Shared by `trust pr` and `trust run`: options -> one call of the job (src/run/job.ts) with
 * delivery -> what both render. Checks come first: a git repository with a commit, a
 * working tree whose tracked files are as committed (the fixes are computed from it and
 * committed on HEAD, so a person's uncommitted edits would ride along), the audit log's place.
 * The checkout itself is never touched: branches are built with git plumbing.
 */
import { resolve } from 'node:path';
import { CATALOGUE, CODEMODS } from '../../../codemods/index.js';
import { InputError, UsageError } from '../../core/errors.js';
import { assertWritable } from '../../core/files.js';
import { idMatches, selectCodemods } from '../../fix/route.js';
import { createForge, type ForgeKind } from '../../forge/factory.js';
import type { Forge } from '../../forge/forge.js';
import { headOf, openRepository, remoteUrlOf, uncommittedTrackedFiles } from '../../forge/git.js';
import { DEFAULT_FORGE_RETRY } from '../../forge/retry-rules.js';
import type { GroupBy } from '../../run/groups.js';
import { type JobResult, runJob } from '../../run/job.js';
import type { Finding } from '../../sarif/finding.js';
import { boolOption, type Context, listOption, stringOption } from '../context.js';
import { ingestFromOptions } from './ingest-common.js';
import { openLlm } from './llm-common.js';
import { logPath, openLog } from './log-common.js';
import { refuseDirtyTree } from './repo-common.js';
import { verifyConfigOf, verifyProgress, withPresets } from './verify-common.js';

export interface DeliveryRun {
  job: JobResult & { delivery: NonNullable<JobResult['delivery']> };
  /** Every finding read (after the filters), fixed or not. */
  findings: Finding[];
  forge: Forge;
  forgeReason: string;
  sarifFiles: string[];
  base: string;
}

function number(ctx: Context, name: string, flag: string, min: number): number {
  const v = ctx.options[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new UsageError(`${flag} ${String(v)}: give a whole number, at least ${min}`);
  }
  return v;
}

export async function runDeliveryJob(ctx: Context, sarifFiles: string[]): Promise<DeliveryRun> {
  for (const flag of ['only', 'exclude']) {
    for (const p of listOption(ctx, flag)) {
      if (!CODEMODS.some((c) => idMatches(p, c.id)))
        throw new UsageError(`--${flag} ${p}: no such codemod (see trust codemods list)`);
    }
  }
  const maxOpen = number(ctx, 'maxOpen', '--max-open', 0);
  const retries = number(ctx, 'forgeRetries', '--forge-retries', 0);
  const repo = await openRepository(ctx.root).catch(() => {
    throw new InputError(`${ctx.root} is not a git repository: trust delivers fixes as branches of one`);
  });
  const head = await headOf(repo).catch(() => {
    throw new InputError(`${ctx.root} has no commit yet: commit the code the SARIF was produced from`);
  });
  refuseDirtyTree(await uncommittedTrackedFiles(ctx.root));
  assertWritable('the audit log', logPath(ctx), { parents: true });
  const verify = verifyConfigOf(ctx);
  const { findings, ingest } = await ingestFromOptions(ctx, sarifFiles, {
    includeSuppressed: false,
    nonGit: false,
  });
  const remote = stringOption(ctx, 'remote') ?? 'origin';
  const { forge, reason } = createForge({
    kind: (stringOption(ctx, 'forge') ?? 'auto') as ForgeKind,
    env: ctx.env,
    repository: stringOption(ctx, 'repository'),
    project: stringOption(ctx, 'project'),
    apiUrl: stringOption(ctx, 'apiUrl'),
    remote,
    remoteUrl: await remoteUrlOf(repo, remote),
    patchesDir: resolve(ctx.root, stringOption(ctx, 'patchesDir') ?? '.trust/patches'),
    localBranch: head.branch === 'HEAD' ? 'main' : head.branch,
    retry: { ...DEFAULT_FORGE_RETRY, retries },
  });
  ctx.out.info(`Delivering to ${forge.name} (${reason})`);
  const log = openLog(ctx, true);
  const llm = await openLlm(ctx, log);
  try {
    const codemods = selectCodemods(CODEMODS, {
      only: listOption(ctx, 'only'),
      exclude: listOption(ctx, 'exclude'),
    });
    const verifyConfig = verify ? withPresets(ctx, verify, ingest.findings) : undefined;
    const job = await runJob({
      root: ctx.root,
      findings,
      codemods,
      catalogue: CATALOGUE,
      fixers: llm ? [llm.setup.fixer()] : [],
      triage: boolOption(ctx, 'triage'),
      fix: { write: false, jobs: ctx.options.jobs as number | undefined },
      // The checks run in the checkout, which is restored as scanned before delivery (from git).
      ...(verifyConfig
        ? {
            verify: {
              config: verifyConfig,
              before: ingest.findings,
              env: ctx.env,
              groupBy: (stringOption(ctx, 'groupBy') ?? 'codemod') as GroupBy,
              keep: false,
              progress: await verifyProgress(ctx),
            },
          }
        : {}),
      log,
      deliver: {
        repo,
        forge,
        base: head.commit,
        baseDate: head.date,
        settings: {
          groupBy: (stringOption(ctx, 'groupBy') ?? 'codemod') as GroupBy,
          labels: listOption(ctx, 'label'),
          reviewers: listOption(ctx, 'reviewer'),
          draft: boolOption(ctx, 'draft'),
          titlePrefix: stringOption(ctx, 'titlePrefix') ?? '',
          // The cap keeps a first run from opening hundreds of requests; patches open none.
          maxOpen: forge.kind === 'patches' ? Number.POSITIVE_INFINITY : maxOpen,
          closeStale: boolOption(ctx, 'closeStale'),
          identity: {
            name: stringOption(ctx, 'gitName') ?? 'trust[bot]',
            email: stringOption(ctx, 'gitEmail') ?? 'trust-bot@users.noreply.github.com',
          },
        },
      },
    });
    return {
      job: job as DeliveryRun['job'],
      findings,
      forge,
      forgeReason: reason,
      sarifFiles,
      base: head.commit,
    };
  } finally {
    llm?.close();
    log.close();
  }
}
