/** `trust codemods show <id>`: one codemod's description, rules per scanner and references. */
import { findCodemod } from '../../../codemods/index.js';
import { UsageError } from '../../core/errors.js';
import { describeCodemod } from '../../fix/catalogue.js';
import type { CommandHandler } from '../context.js';

const show: CommandHandler = async (ctx, args) => {
  const id = args[0] ?? '';
  const codemod = findCodemod(id);
  if (!codemod) throw new UsageError(`no codemod ${id} (see trust codemods list)`);
  const d = describeCodemod(codemod);
  ctx.out.data(d);
  if (ctx.out.json) return 0;
  const lines = [
    `${d.id}: ${d.title}`,
    '',
    d.description,
    '',
    `languages: ${d.languages.join(', ')}`,
    `CWE: ${d.cwe.map((n) => `CWE-${n}`).join(', ')}`,
    `review: ${d.reviewGuidance}`,
    'scanner rules:',
    ...Object.entries(d.rules).flatMap(([tool, ids]) => (ids ?? []).map((r) => `  ${tool.padEnd(8)} ${r}`)),
    'references:',
    ...d.references.map((r) => `  ${r.url}${r.description ? ` (${r.description})` : ''}`),
  ];
  ctx.out.result(lines.join('\n'));
  return 0;
};
export default show;
