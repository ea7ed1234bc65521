/**
 * `trust pr <sarif...>`: fix, then open or update one pull/merge request per fix group on a
 * new trust/ branch (or write patches without a token). Never commits to an existing branch
 * and never touches the checkout. Options -> the job (deliver-common) -> render.
 */
import type { CommandHandler } from '../context.js';
import { runDeliveryJob } from './deliver-common.js';
import { deliverySummary, deliveryTotals, renderDelivery, throwIfIncomplete } from './deliver-render.js';
import { enforceFailOn } from './fail-on.js';

const pr: CommandHandler = async (ctx, args) => {
  const run = await runDeliveryJob(ctx, args);
  const totals = deliveryTotals(run);
  renderDelivery(ctx, run, totals);
  ctx.out.summary(deliverySummary(run, totals, 'trust pr'));
  throwIfIncomplete(run);
  enforceFailOn(ctx, totals.unresolved);
  return 0;
};

export default pr;
