/**
 * test/helpers/real-code/figures: the per-project figures a real-code run prints: scanner results
 * before and after, how each ended (fixed, mitigated, triaged, needs_review), by rule, and what
 * the project's own tests said before and after.
 */

import type { End, Outcome } from './outcomes.js';
import { tally } from './outcomes.js';
import type { Message } from './scan.js';

const ENDS: End[] = ['fixed', 'mitigated', 'triaged', 'needs_review'];

function countByRule(messages: readonly Message[]): Map<string, number> {
  const by = new Map<string, number>();
  for (const m of messages) if (m.ruleId) by.set(m.ruleId, (by.get(m.ruleId) ?? 0) + 1);
  return by;
}

export interface FigureInput {
  title: string;
  before: readonly Message[];
  after: readonly Message[];
  outcomes: readonly Outcome[];
  changedFiles: number;
  tests?: { before: string; after: string };
}

export function figures(input: FigureInput): string {
  const { ends, byRule } = tally(input.outcomes);
  const before = countByRule(input.before);
  const after = countByRule(input.after);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const rules = [...new Set([...before.keys(), ...after.keys()])].sort();
  const width = Math.max(4, ...rules.map((r) => r.length));
  const head = ['before', 'after', ...ENDS];
  const row = (name: string, cells: (number | string)[]) =>
    `  ${name.padEnd(width)}  ${cells.map((c, i) => String(c).padStart(head[i]!.length)).join('  ')}`;
  const lines = [
    `${input.title}: results ${total(before)} -> ${total(after)}; ` +
      ENDS.map((e) => `${e} ${ends[e]}`).join(', ') +
      `; ${input.changedFiles} file(s) changed`,
    row('rule', head),
    ...rules.map((r) => {
      const t = byRule.get(r);
      return row(r, [before.get(r) ?? 0, after.get(r) ?? 0, ...ENDS.map((e) => t?.[e] ?? 0)]);
    }),
  ];
  if (input.tests)
    lines.push(`  own tests before: ${input.tests.before}`, `  own tests after:  ${input.tests.after}`);
  return lines.join('\n');
}
