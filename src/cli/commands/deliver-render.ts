/**
 * What `trust pr` and `trust run` show: one row per fix group (status, branch, findings,
 * link), the totals CI outputs are made of, the Markdown summary a person reads on the job
 * page, and, when delivery stopped part-way, one line saying which groups went and which did not.
 */
import { relative } from 'node:path';
import { TrustError } from '../../core/errors.js';
import { renderTable } from '../../core/output.js';
import type { Finding } from '../../sarif/finding.js';
import { findingWhere } from '../../sarif/render.js';
import { summarySection, verdictLines, verificationData } from '../../verify/report.js';
import type { Context } from '../context.js';
import type { DeliveryRun } from './deliver-common.js';

export interface DeliveryTotals {
  prsOpened: number;
  prsUpdated: number;
  prsUnchanged: number;
  prsClosed: number;
  deferred: number;
  findingsFixed: number;
  findingsUnfixed: number;
  /** Findings triage kept that no delivered request fixes (what --fail-on looks at). */
  unresolved: Finding[];
}

const DELIVERED = new Set(['opened', 'updated', 'unchanged']);

export function deliveryTotals(run: DeliveryRun): DeliveryTotals {
  const { delivery } = run.job;
  const count = (status: string) => delivery.groups.filter((g) => g.status === status).length;
  const delivered = new Set(delivery.groups.filter((g) => DELIVERED.has(g.status)).map((g) => g.key));
  const fixed = new Set(
    delivery.groupsBuilt.filter((g) => delivered.has(g.key)).flatMap((g) => g.findings.map((f) => f.id)),
  );
  return {
    prsOpened: count('opened'),
    prsUpdated: count('updated'),
    prsUnchanged: count('unchanged'),
    prsClosed: delivery.closed.length,
    deferred: count('deferred'),
    findingsFixed: fixed.size,
    findingsUnfixed: run.findings.filter((f) => !fixed.has(f.id)).length,
    unresolved: run.job.fixable.filter((f) => !fixed.has(f.id)),
  };
}

/** The rows of the groups, for the terminal and for JSON. */
function rows(run: DeliveryRun) {
  const { delivery } = run.job;
  return delivery.groups.map((g) => {
    const built = delivery.groupsBuilt.find((b) => b.key === g.key);
    return {
      group: g.key,
      branch: g.branch,
      status: g.status,
      findings: built?.findings.length ?? 0,
      url: g.request?.url,
      error: g.error,
    };
  });
}

export function renderDelivery(ctx: Context, run: DeliveryRun, totals: DeliveryTotals): string {
  const groups = rows(run);
  const { delivery } = run.job;
  ctx.out.data({
    forge: run.forge.kind,
    base: run.base,
    defaultBranch: delivery.defaultBranch,
    groups,
    closed: delivery.closed.map((c) => ({ branch: c.branch, url: c.url })),
    problems: delivery.problems,
    totals: { ...totals, unresolved: totals.unresolved.map((f) => f.id) },
    ...(run.job.verification ? { verification: verificationData(run.job.verification) } : {}),
  });
  if (run.job.verification) for (const line of verdictLines(run.job.verification)) ctx.out.info(line);
  const say = (text: string) => (ctx.out.json ? ctx.out.info(text) : ctx.out.result(text));
  if (groups.length > 0) {
    say(
      renderTable(
        ['status', 'branch', 'findings', 'where'],
        groups.map((g) => [g.status, g.branch, String(g.findings), where(ctx, run, g.url) ?? g.error ?? '']),
      ),
    );
  }
  for (const p of delivery.problems) ctx.out.warn(p);
  for (const c of delivery.closed) say(`Closed ${c.url} (${c.branch}): its findings are gone`);
  const kind = run.forge.kind === 'patches' ? 'patch' : run.forge.kind === 'gitlab' ? 'MR' : 'PR';
  const plural = totals.prsOpened === 1 ? '' : kind === 'patch' ? 'es' : 's';
  const line = [
    `${totals.prsOpened} ${kind}${plural} opened`,
    `${totals.prsUpdated} updated`,
    `${totals.prsUnchanged} unchanged`,
    ...(totals.deferred > 0 ? [`${totals.deferred} waiting (--max-open)`] : []),
    `${totals.findingsFixed} of ${run.findings.length} finding${run.findings.length === 1 ? '' : 's'} fixed`,
  ].join(', ');
  say(`${line} (${run.forge.name})`);
  return line;
}

/** A patch file relative to the root; a request's URL as it is. */
function where(ctx: Context, run: DeliveryRun, url: string | undefined): string | undefined {
  return url && run.forge.kind === 'patches' ? relative(ctx.root, url) : url;
}

export function deliverySummary(run: DeliveryRun, totals: DeliveryTotals, title: string): string {
  const lines = [`### ${title}`, '', `Delivered to ${run.forge.name} from \`${run.base.slice(0, 12)}\`.`, ''];
  lines.push(
    `| opened | updated | unchanged | waiting | closed | findings fixed | findings unfixed |`,
    '|---|---|---|---|---|---|---|',
    `| ${totals.prsOpened} | ${totals.prsUpdated} | ${totals.prsUnchanged} | ${totals.deferred} | ${totals.prsClosed} | ${totals.findingsFixed} | ${totals.findingsUnfixed} |`,
  );
  const groups = rows(run);
  if (groups.length > 0) {
    lines.push('', '| status | branch | findings | request |', '|---|---|---|---|');
    for (const g of groups) {
      const where = g.url
        ? run.forge.kind === 'patches'
          ? `\`${g.url}\``
          : `[link](${g.url})`
        : (g.error ?? '');
      lines.push(`| ${g.status} | \`${g.branch}\` | ${g.findings} | ${where.replace(/\|/g, '\\|')} |`);
    }
  }
  if (run.job.verification) lines.push(...summarySection(run.job.verification));
  if (totals.unresolved.length > 0) {
    lines.push('', `<details><summary>Unfixed findings (${totals.unresolved.length})</summary>`, '');
    for (const f of totals.unresolved.slice(0, 100)) lines.push(`- \`${f.rule.id}\` at ${findingWhere(f)}`);
    lines.push('', '</details>');
  }
  return `${lines.join('\n')}\n`;
}

/** A delivery that stopped part-way: one line naming what went and what did not, with the cause's exit code. */
export function throwIfIncomplete(run: DeliveryRun): void {
  const { delivery } = run.job;
  if (!delivery.failure) return;
  const went = delivery.groups.filter((g) => DELIVERED.has(g.status)).map((g) => g.branch);
  const not = delivery.groups.filter((g) => g.status === 'failed' || g.status === 'not-attempted');
  const wentText = went.length > 0 ? `delivered ${went.join(', ')}; ` : '';
  throw new TrustError(
    `${delivery.failure.message}; ${wentText}not delivered: ${not.map((g) => g.branch).join(', ')} (a rerun finishes the rest)`,
    delivery.failure.exitCode,
    { cause: delivery.failure },
  );
}
