/**
 * test/helpers/real-code/compare: lint messages after an edit that the original did not have. A
 * message after counts as old when a message of the same rule (and text) stood before at a line
 * that maps onto its line; each message before answers for one message after.
 */
import { inRange, type LineMap } from './line-map.js';

export interface Located {
  ruleId: string | null;
  line: number;
  message: string;
}

export function newMessages<T extends Located>(
  before: readonly Located[],
  after: readonly T[],
  map: LineMap,
): T[] {
  const unused = [...before];
  const added: T[] = [];
  for (const m of after) {
    const i = unused.findIndex(
      (b) => b.ruleId === m.ruleId && b.message === m.message && inRange(m.line, map(b.line)),
    );
    if (i >= 0) unused.splice(i, 1);
    else added.push(m);
  }
  return added;
}
