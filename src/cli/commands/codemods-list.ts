/** `trust codemods list`: the catalogue with languages, CWE, review guidance and scanner rules. */
import { CODEMODS } from '../../../codemods/index.js';
import { renderTable } from '../../core/output.js';
import { describeCodemod } from '../../fix/catalogue.js';
import type { CommandHandler } from '../context.js';

const list: CommandHandler = async (ctx) => {
  ctx.out.data(CODEMODS.map(describeCodemod));
  if (ctx.out.json) return 0;
  const rows = CODEMODS.map((c) => [
    c.id,
    c.cwe.map((n) => `CWE-${n}`).join(','),
    c.reviewGuidance.replace(/^merge-/, ''),
    Object.entries(c.rules)
      .map(([tool, ids]) => `${tool}:${ids?.length ?? 0}`)
      .join(' '),
    c.title,
  ]);
  ctx.out.result(renderTable(['id', 'cwe', 'review', 'rules', 'title'], rows));
  ctx.out.result(`${CODEMODS.length} codemods; trust codemods show <id> for details`);
  return 0;
};
export default list;
