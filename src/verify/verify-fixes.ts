/**
 * verify: verified fixes (`--verify` on trust fix, pr and run). The checks run once on the
 * scanned code (a check that already fails is not held against the fixes); then, with every
 * fix in the tree, the scan command rescans (rescan.ts: a fix is kept only when its finding is
 * gone and it added none on the lines it wrote) and the checks run again. When a check that
 * passed now fails, the culprits are found by bisecting the fix groups (bisect.ts), then the
 * files of a blamed group, within a run budget; they are dropped with the failing check's
 * output as the reason and the rest is kept. The tree ends with the kept fixes (trust fix) or
 * as it was scanned (pr, run: they deliver from git, never from the checkout).
 *
 * May import fix, sarif, audit and core (never run/: run/job calls it); the CLI renders what it returns.
 */
import type { FixRun } from '../fix/pipeline.js';
import type { Finding } from '../sarif/finding.js';
import { findCulprits } from './bisect.js';
import { Checker } from './checker.js';
import type { VerifyPhase, VerifyProgress } from './progress.js';
import { rescan, rescanProblem } from './rescan.js';
import { passed, runCommand } from './run-command.js';
import { WorkTree } from './tree.js';
import { keptRun } from './trim-run.js';
import type { CommandRun, VerifyCommand, VerifyConfig, VerifyOutcome } from './types.js';
import { groupsByCodemod, type Unit, unitsOf, type VerifyGroup } from './units.js';

export type { VerifyPhase, VerifyProgress } from './progress.js';

export interface VerifyInput {
  root: string;
  /** The fix run to verify (its files' scanned and fixed text, their stages). */
  run: FixRun;
  /** Every finding the scan reported before the fixes (ingest's findings, before any filter). */
  before: readonly Finding[];
  config: VerifyConfig;
  env: NodeJS.ProcessEnv;
  /** The fix groups (run/groups.ts groupFixes with the delivery's --group-by); default: one per codemod. */
  groups?: readonly VerifyGroup[];
  /** Leave the kept fixes in the working tree (trust fix); otherwise restore the scanned text. */
  keep: boolean;
  progress?: VerifyProgress;
}

export interface UnitVerdict {
  /** The fix group's key ("codemod:js/weak-hash"), with "#path" for one file of it. */
  key: string;
  findings: Finding[];
  files: string[];
  fixers: string[];
  outcome: VerifyOutcome;
}

export interface PhasedRun extends CommandRun {
  phase: VerifyPhase;
}

export interface VerifyResult {
  outcomes: UnitVerdict[];
  /** Every command run, in order. */
  runs: PhasedRun[];
  /** Check runs after the baseline: the run with every fix, the bisect and its confirmations. */
  checkRuns: number;
  /** Checks that failed on the scanned code: not held against the fixes. */
  failingBefore: string[];
  /** The fix run with the dropped fixes taken out (their findings unfixed, with the reason). */
  run: FixRun;
  source?: string;
}

/** Check runs a bisect may spend by default (beyond the baseline and the run with every fix). */
export const DEFAULT_RUN_BUDGET = 24;

export async function verifyFixes(input: VerifyInput): Promise<VerifyResult> {
  const runs: PhasedRun[] = [];
  const record = async (phase: VerifyPhase, command: VerifyCommand, work: () => Promise<CommandRun>) => {
    input.progress?.start(phase, command);
    const run = await work();
    runs.push({ ...run, phase });
    input.progress?.end(phase, run);
    return run;
  };
  const tree = new WorkTree(input.root, input.run.files);
  const units = unitsOf(input.run, input.groups ?? groupsByCodemod(input.run));
  const verdicts = new Map<Unit, VerifyOutcome>();
  const run = (command: VerifyCommand, phase: VerifyPhase) =>
    record(phase, command, () => runCommand(command, { cwd: input.root, env: input.env }));
  try {
    tree.restore();
    const held: VerifyCommand[] = [];
    const failingBefore: string[] = [];
    for (const check of input.config.checks) {
      if (passed(await run(check, 'baseline'))) held.push(check);
      else failingBefore.push(check.name);
    }
    tree.apply(new Set(units.flatMap((u) => u.stages)));
    let scanned: Set<string> | undefined;
    if (input.config.scan && units.length > 0) {
      const scan = input.config.scan;
      input.progress?.start('scan', scan);
      const found = await rescan(scan, input.root, input.env);
      runs.push({ ...found.run, phase: 'scan' });
      input.progress?.end('scan', found.run);
      scanned = found.tools;
      for (const u of units) {
        const problem = rescanProblem(u, found, input.before, input.root);
        if (problem) verdicts.set(u, { kept: false, reason: problem, command: scan.command });
      }
    }
    const checker = new Checker(tree, held, (c) => run(c, 'check'));
    let live = units.filter((u) => !verdicts.has(u));
    let final = live.length > 0 ? await checker.test(live) : undefined;
    if (final && !final.ok) {
      const budget = input.config.runBudget ?? DEFAULT_RUN_BUDGET;
      const found = await findCulprits(live, final, checker, budget);
      for (const [u, outcome] of found.dropped) verdicts.set(u, outcome);
      live = found.kept;
      final = found.confirmed;
    }
    const checks = checksText(final?.runs ?? [], failingBefore, held.length);
    for (const u of live) verdicts.set(u, { kept: true, findingGone: gone(u, scanned), checks });
    const outcomes = [...verdicts].map(([u, outcome]) => verdictOf(u, outcome));
    const trimmed = keptRun(input.run, live, outcomes);
    if (input.keep) tree.apply(new Set(live.flatMap((u) => u.stages)));
    else tree.restore();
    return {
      outcomes,
      runs,
      checkRuns: checker.runs,
      failingBefore,
      run: trimmed,
      ...(input.config.source ? { source: input.config.source } : {}),
    };
  } catch (error) {
    // Nothing half-verified stays behind: the scanned text comes back.
    tree.restore();
    throw error;
  }
}

/**
 * A kept unit whose findings the rescan could judge (a run of their tool) has its finding gone,
 * unless its fix is a mitigation the rule still matches by design (fix/suppress.ts).
 */
function gone(u: Unit, tools: ReadonlySet<string> | undefined): boolean | 'not-scanned' {
  if (!tools || !u.findings.every((f) => tools.has(f.tool.name))) return 'not-scanned';
  return u.mitigated.size === 0;
}

function verdictOf(u: Unit, outcome: VerifyOutcome): UnitVerdict {
  return {
    key: u.key,
    findings: u.findings,
    files: [...new Set(u.stages.map((s) => s.path))],
    fixers: [...new Set(u.stages.map((s) => s.codemod))],
    outcome,
  };
}

/** "333/333 tests pass, build passes"; a check that failed before the fixes is said apart. */
export function checksText(
  passing: readonly CommandRun[],
  failingBefore: readonly string[],
  held: number,
): string {
  const parts = passing.map((r) => {
    const count = r.tests;
    if (count) return `${count.passed}/${count.total} tests pass`;
    return /^tests?$/i.test(r.name) ? 'tests pass' : `${r.name} passes`;
  });
  if (held === 0 && parts.length === 0) parts.push('no check configured');
  for (const name of failingBefore) parts.push(`${name} failed before the fixes (not counted)`);
  return parts.join(', ');
}
