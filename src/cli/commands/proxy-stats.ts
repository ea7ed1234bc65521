/** `trust proxy stats`: requests, hits, tokens, cost and savings by org, model and day. */
import { renderTable } from '../../core/output.js';
import { summarize } from '../../proxy/index.js';
import { type CommandHandler, stringOption } from '../context.js';
import { withStore } from './proxy-common.js';

const usd = (n: number) => `$${n.toFixed(4)}`;

const stats: CommandHandler = async (ctx) => {
  const rows = summarize(await withStore(ctx, (store) => store.calls()), { org: stringOption(ctx, 'org') });
  ctx.out.data(rows);
  if (ctx.out.json) return 0;
  if (rows.length === 0) {
    ctx.out.result('no proxy requests recorded yet');
    return 0;
  }
  const table = rows.map((r) => [
    r.day,
    r.org,
    r.model,
    String(r.requests),
    `${r.hits + r.coalesced}/${r.misses}/${r.bypassed}`,
    `${r.inputTokens}/${r.cacheReadTokens}/${r.cacheWriteTokens}/${r.outputTokens}`,
    r.unpriced ? `${usd(r.costUsd)} (+${r.unpriced} unpriced)` : usd(r.costUsd),
    usd(r.savedUsd),
  ]);
  ctx.out.result(
    renderTable(
      ['day', 'org', 'model', 'requests', 'hit/miss/bypass', 'tokens in/cached/written/out', 'cost', 'saved'],
      table,
    ),
  );
  return 0;
};

export default stats;
