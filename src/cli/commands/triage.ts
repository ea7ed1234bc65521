/**
 * `trust triage <sarif...>`: deterministic triage (no LLM) of the findings, each decision
 * recorded in the audit log as a `triage` entry; re-running records only what changed.
 */
import { CATALOGUE } from '../../../codemods/index.js';
import { renderTable } from '../../core/output.js';
import { findingWhere } from '../../sarif/render.js';
import { classifyFindings, recordDecisions } from '../../triage/index.js';
import type { CommandHandler } from '../context.js';
import { enforceFailOn } from './fail-on.js';
import { ingestFromOptions } from './ingest-common.js';
import { openLlm, triageNeedsReview } from './llm-common.js';
import { auditCall, logPath, openLog } from './log-common.js';

const triage: CommandHandler = async (ctx, args) => {
  const { findings } = await ingestFromOptions(ctx, args, {
    nonGit: 'its decisions are recorded in its .trust/ as a plain folder',
  });
  let decisions = classifyFindings(findings, ctx.root, CATALOGUE.codemods);
  const log = openLog(ctx, true);
  let recorded: ReturnType<typeof recordDecisions>;
  // --llm: findings left needs_review go to the LLM (src/llm/triage.ts); its calls are logged too.
  const llm = await openLlm(ctx, log);
  try {
    if (llm) decisions = await triageNeedsReview(ctx, llm, log, decisions);
    recorded = auditCall(() => recordDecisions(log, decisions));
  } finally {
    await llm?.close();
    log.close();
  }
  ctx.out.data(
    recorded.map((r) => ({
      finding: r.finding.id,
      tool: r.finding.tool.name,
      rule: r.finding.rule.id,
      location: findingWhere(r.finding),
      decision: r.decision,
      decidedBy: r.rule,
      justification: r.justification,
      logIndex: r.index,
      status: r.status,
    })),
  );
  if (!ctx.out.json && recorded.length > 0) {
    ctx.out.result(
      renderTable(
        ['decision', 'rule', 'location', 'decided by'],
        recorded.map((r) => [r.decision, r.finding.rule.id, findingWhere(r.finding), r.rule]),
      ),
    );
  }
  const counts = new Map<string, number>();
  for (const r of recorded) counts.set(r.decision, (counts.get(r.decision) ?? 0) + 1);
  const byDecision = [...counts].map(([d, n]) => `${n} ${d}`).join(', ') || 'no findings';
  const written = recorded.filter((r) => r.status === 'recorded').length;
  const line = `Triaged ${recorded.length} finding${recorded.length === 1 ? '' : 's'}: ${byDecision}; recorded ${written} new decision${written === 1 ? '' : 's'} in ${logPath(ctx)}`;
  if (ctx.out.json) ctx.out.info(line);
  else ctx.out.result(line);
  ctx.out.summary(`### trust triage\n\n${line}`);
  enforceFailOn(
    ctx,
    recorded
      .filter((r) => r.decision !== 'false_positive' && r.decision !== 'wont_fix' && !r.finding.suppressed)
      .map((r) => r.finding),
  );
  return 0;
};

export default triage;
