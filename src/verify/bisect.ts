/**
 * verify/bisect: which fixes broke a check. From a failing set, test its first half alone: if
 * it fails the culprit is in it, otherwise in the second half (not tested: the whole failed
 * and its first half did not). One test per level finds a culprit in ceil(log2 n) check runs;
 * a blamed group of several files is then bisected over its files the same way. One run of
 * what is left confirms it passes (or, failing, starts the search again among it). With one
 * culprit in n groups of one file: 1 (all) + ceil(log2 n) + 1 (confirm) runs after the
 * baseline, within 1 + 2·log2(n). Past the budget, every suspect still standing is dropped:
 * a fix is only delivered when the checks passed with it.
 */
import type { Checker, TestResult } from './checker.js';
import type { VerifyOutcome } from './types.js';
import { splitByFile, type Unit } from './units.js';

export interface Culprits {
  dropped: Map<Unit, VerifyOutcome>;
  /** What is left, and its passing run (undefined when nothing is left or the budget ran out). */
  kept: Unit[];
  confirmed?: TestResult;
}

export async function findCulprits(
  failing: readonly Unit[],
  failed: TestResult,
  checker: Checker,
  budget: number,
): Promise<Culprits> {
  const start = checker.runs;
  const left = () => budget - (checker.runs - start);
  const dropped = new Map<Unit, VerifyOutcome>();
  let suspects = [...failing];
  let failure = failed;
  for (;;) {
    const found = await descend(suspects, failure, checker, left);
    if (!found.culprit) {
      for (const u of found.suspects) dropped.set(u, outOfBudget(found.failure, budget));
      return { dropped, kept: without(found.others, found.suspects) };
    }
    dropped.set(found.culprit, found.failure.failure ?? outOfBudget(found.failure, budget));
    const rest = without(found.others, [found.culprit]);
    if (rest.length === 0) return { dropped, kept: [] };
    if (left() <= 0) {
      for (const u of rest) dropped.set(u, outOfBudget(found.failure, budget));
      return { dropped, kept: [] };
    }
    const confirm = await checker.test(rest);
    if (confirm.ok) return { dropped, kept: rest, confirmed: confirm };
    suspects = rest;
    failure = confirm;
  }
}

interface Descent {
  /** One fix whose set failed, or none when the budget ran out first. */
  culprit?: Unit;
  /** The smallest failing set when the budget ran out. */
  suspects: Unit[];
  /** Every unit in play (a group split into its files is replaced by them). */
  others: Unit[];
  failure: TestResult;
}

async function descend(
  start: readonly Unit[],
  failed: TestResult,
  checker: Checker,
  left: () => number,
): Promise<Descent> {
  let all = [...start];
  let current = [...start];
  let failure = failed;
  for (;;) {
    if (current.length === 1) {
      const parts = splitByFile(current[0]!);
      if (parts.length === 1) return { culprit: current[0], suspects: current, others: all, failure };
      all = all.flatMap((u) => (u === current[0] ? parts : [u]));
      current = parts;
      continue;
    }
    if (left() <= 0) return { suspects: current, others: all, failure };
    const half = current.slice(0, Math.ceil(current.length / 2));
    const result = await checker.test(half);
    if (!result.ok) {
      current = half;
      failure = result;
    } else current = current.slice(half.length);
  }
}

function without(units: readonly Unit[], drop: readonly Unit[]): Unit[] {
  return units.filter((u) => !drop.includes(u));
}

function outOfBudget(last: TestResult, budget: number): VerifyOutcome {
  const why = last.failure?.reason ?? 'a check failed';
  return {
    kept: false,
    reason: `${why}; the bisect spent its budget of ${budget} check runs before it could clear this fix`,
    ...(last.failure?.command ? { command: last.failure.command } : {}),
    ...(last.failure?.outputTail ? { outputTail: last.failure.outputTail } : {}),
  };
}
