/**
 * `trust log show`: the entries, filtered by --kind, --finding and --since; a table for
 * people, or with --json an array of { index, entry }.
 */
import type { AuditEntry, EntryKind } from '../../audit/index.js';
import { UsageError } from '../../core/errors.js';
import { renderTable } from '../../core/output.js';
import { type CommandHandler, type Context, listOption, stringOption } from '../context.js';
import { openLog } from './log-common.js';

export function logFilter(
  ctx: Context,
  now = new Date(),
): { kinds?: EntryKind[]; finding?: string; since?: string } {
  const kinds = listOption(ctx, 'kind') as EntryKind[];
  return {
    kinds: kinds.length ? kinds : undefined,
    finding: stringOption(ctx, 'finding'),
    since: sinceOf(stringOption(ctx, 'since'), now),
  };
}

/** "2025-01-31", an RFC 3339 time, or a span back from now: "90m", "24h", "7d". */
export function sinceOf(text: string | undefined, now: Date): string | undefined {
  if (!text) return undefined;
  const span = /^(\d+)([mhd])$/.exec(text);
  if (span) {
    const ms = Number(span[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[span[2] as 'm' | 'h' | 'd'];
    return new Date(now.getTime() - ms).toISOString();
  }
  const t = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(t)) {
    throw new UsageError(
      `--since: "${text}" is not a date (2025-01-31), a time (RFC 3339) or a span (24h, 7d)`,
    );
  }
  return new Date(t).toISOString();
}

const show: CommandHandler = async (ctx) => {
  const filter = logFilter(ctx);
  const log = openLog(ctx, false);
  const rows: Array<{ index: number; entry: AuditEntry }> = [];
  try {
    for (const e of log.entries(filter)) rows.push({ index: e.index, entry: e.entry });
  } finally {
    log.close();
  }
  ctx.out.data(rows);
  if (ctx.out.json) return 0;
  if (rows.length > 0) {
    ctx.out.result(
      renderTable(
        ['#', 'time', 'kind', 'actor', 'what'],
        rows.map(({ index, entry }) => [
          String(index),
          entry.ts,
          entry.kind,
          entry.actor,
          describeEntry(entry),
        ]),
      ),
    );
  }
  ctx.out.result(`${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}`);
  return 0;
};

export default show;

export function describeEntry(e: AuditEntry): string {
  const sup = e.supersedes !== undefined ? ` (supersedes #${e.supersedes})` : '';
  switch (e.kind) {
    case 'triage':
      return `${e.decision} ${e.finding.rule} ${e.finding.path ?? ''}${e.finding.line ? `:${e.finding.line}` : ''} [${e.finding.fingerprint.slice(0, 12)}] - ${e.justification}${sup}`;
    case 'fix':
      return `${e.outcome} ${e.method}${e.codemod ? ` ${e.codemod}` : ''} ${e.files.join(', ')}${sup}`;
    case 'pr':
      return `${e.action} ${e.url}`;
    case 'llm-call':
      return `${e.provider}/${e.model} ${e.purpose} ${e.inputTokens}+${e.outputTokens} tokens${e.cached ? ' (cached)' : ''}`;
    case 'scan':
      return `${e.asset} grade ${e.grade} (${e.score})`;
    case 'asset-verification':
      return e.result === 'revoked'
        ? `${e.asset} revoked (${e.reason})`
        : `${e.asset} ${e.result} by ${e.method}`;
    case 'key':
      return `${e.action} ${e.purpose}${e.keyId ? ` key ${e.keyId}` : ''}`;
    case 'run':
      return `${e.command} (${e.ci.provider}${e.ci.runId ? ` run ${e.ci.runId}` : ''}${e.ci.commit ? ` @ ${e.ci.commit.slice(0, 12)}` : ''})`;
    case 'revocation':
      return `revokes #${e.supersedes}: ${e.reason}`;
    case 'verify': {
      const kept = e.outcomes.filter((o) => o.kept).length;
      return `kept ${kept} of ${e.outcomes.length} fix groups after ${e.commands.length} commands (${e.checkRuns} check runs after the baseline)`;
    }
  }
}
