/**
 * verify/checker: one test of a set of fixes. The set goes into the working tree; a file of it
 * that does not parse fails it at once (no command runs); otherwise the checks that passed
 * before the fixes run in order, and the first that fails ends the test (its output is the
 * reason). Counts the check runs, which the bisect's budget and its bound are about.
 */
import { passed } from './run-command.js';
import type { WorkTree } from './tree.js';
import type { CommandRun, VerifyCommand, VerifyOutcome } from './types.js';
import { stagesOf, type Unit } from './units.js';

export interface TestResult {
  ok: boolean;
  /** The checks run (all of them when ok). */
  runs: CommandRun[];
  /** Why it failed, as a dropped fix's outcome. */
  failure?: Extract<VerifyOutcome, { kept: false }>;
}

export class Checker {
  /** Check commands run so far (after the baseline). */
  runs = 0;
  /** Results by set: the set left after a bisect is often one it already tested. */
  private readonly seen = new Map<string, TestResult>();

  constructor(
    private readonly tree: WorkTree,
    private readonly checks: readonly VerifyCommand[],
    private readonly run: (check: VerifyCommand) => Promise<CommandRun>,
  ) {}

  async test(units: readonly Unit[]): Promise<TestResult> {
    const key = units
      .map((u) => u.key)
      .sort()
      .join('\n');
    const known = this.seen.get(key);
    if (known) return known;
    const result = await this.fresh(units);
    this.seen.set(key, result);
    return result;
  }

  private async fresh(units: readonly Unit[]): Promise<TestResult> {
    const applied = this.tree.apply(stagesOf(units));
    if (applied.unparsable.length > 0) {
      return { ok: false, runs: [], failure: { kept: false, reason: applied.unparsable[0]! } };
    }
    const runs: CommandRun[] = [];
    for (const check of this.checks) {
      this.runs++;
      const run = await this.run(check);
      runs.push(run);
      if (!passed(run)) return { ok: false, runs, failure: failureOf(run) };
    }
    return { ok: true, runs };
  }
}

/** "tests failed with this fix (exit 1): not ok 2 - rejects bad input" */
export function failureOf(run: CommandRun): Extract<VerifyOutcome, { kept: false }> {
  const how = run.timedOut
    ? 'timed out'
    : run.exitCode === null
      ? 'was killed'
      : `failed (exit ${run.exitCode})`;
  const names = run.failingTests ?? [];
  const detail = names.length > 0 ? `failing: ${names.join('; ')}` : telling(run.outputTail);
  return {
    kept: false,
    reason: `${run.name} ${how} with this fix${detail ? `: ${detail}` : ''}`,
    command: run.command,
    outputTail: run.outputTail,
  };
}

/** The line of the output that says what went wrong: the last error line, else the last line. */
function telling(tail: string): string | undefined {
  const lines = tail
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^Node\.js v\d/.test(l));
  return (lines.findLast((l) => /\b(error|Error|ERR!|FAIL|failed|✖)\b/.test(l)) ?? lines.at(-1))?.slice(
    0,
    300,
  );
}
