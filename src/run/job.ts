/**
 * run/job: the product's main job, in one function that `trust fix`, `trust pr` and
 * `trust run` all call: triage (a person's newest decision in the log, then the
 * deterministic rules) -> fix -> record -> deliver. Commands turn options
 * into a JobInput, call runJob once, and render its JobResult. May import capabilities
 * (triage, fix, forge, audit) and core; never cli.
 */
import type { AuditLog } from '../audit/index.js';
import { hashLeaf } from '../audit/merkle.js';
import type { Catalogue, Codemod } from '../fix/codemod.js';
import type { Fixer } from '../fix/fixer.js';
import type { ChangedFile, FixRun } from '../fix/pipeline.js';
import { runFixes } from '../fix/pipeline.js';
import type { Finding } from '../sarif/finding.js';
import { type PersonDecision, personDecisions } from '../triage/decisions.js';
import { recordDecisions } from '../triage/index.js';
import { verifyEntryOf } from '../verify/report.js';
import { type VerifyInput, type VerifyResult, verifyFixes } from '../verify/verify-fixes.js';
import { type DeliverStepInput, type DeliverStepResult, deliverFixes } from './deliver-step.js';
import { type GroupBy, groupFixes } from './groups.js';
import { recordDelivered } from './record-fixes.js';
import { explainNeedsReview, splitByTriage, type TriageNote, type TriageSplit } from './triage-step.js';

export interface JobInput {
  root: string;
  findings: readonly Finding[];
  codemods: readonly Codemod[];
  /**
   * The whole catalogue (the caller's: run/ does not import codemods/): its triage hooks judge
   * findings from the code whatever `codemods` selects, and fix pool workers load it.
   */
  catalogue: Catalogue;
  fixers?: readonly Fixer[];
  /** Triage before fixing (`--no-triage` turns it off: no rule and no recorded decision). */
  triage: boolean;
  /** People's newest decisions by fingerprint; read from `log` when not given. */
  marks?: ReadonlyMap<string, PersonDecision>;
  fix: {
    /** Write the fixed files into the working tree (`trust fix`); false computes them only. */
    write: boolean;
    /** Write the scanner's suppression comment where a fix is only mitigated (fix.suppressions). */
    suppress?: boolean;
    jobs?: number;
    beforeWrite?: (file: ChangedFile) => void;
    onWritten?: (file: ChangedFile) => void;
  };
  /**
   * The audit log. With it, triage honours a person's newest decision per finding, and
   * (when delivering) the triage decisions and delivered fixes are recorded in it.
   */
  log?: AuditLog;
  /**
   * Verify the fixes (`--verify`): rescan and run the checks, keep only the fixes that pass.
   * The run is computed without writing (fix.write false); `keep` leaves the kept fixes in the
   * tree (trust fix), otherwise the tree is restored as scanned. With `log`, the outcome is
   * recorded as a `verify` entry.
   */
  verify?: Omit<VerifyInput, 'root' | 'run' | 'groups'> & { groupBy?: GroupBy };
  /** Deliver the fixes as change requests (pr, run); without it the job stops at the fix. */
  deliver?: Omit<
    DeliverStepInput,
    'run' | 'codemods' | 'allFindings' | 'decisions' | 'log' | 'root' | 'verification'
  >;
}

export interface JobResult {
  /** Findings triage kept for fixing. */
  fixable: Finding[];
  run: FixRun;
  /** Why each set-aside or left-for-review finding is where it is (for the summary). */
  notes: Map<Finding, TriageNote>;
  delivery?: DeliverStepResult;
  verification?: VerifyResult;
}

export async function runJob(input: JobInput): Promise<JobResult> {
  const { fixable, setAside, notes, refs } = triageStep(input);
  const fixed = await runFixes({
    root: input.root,
    findings: fixable,
    codemods: input.codemods,
    catalogue: input.catalogue,
    fixers: input.fixers ?? [],
    write: input.fix.write,
    suppress: input.fix.suppress,
    jobs: input.fix.jobs,
    beforeWrite: input.fix.beforeWrite,
    onWritten: input.fix.onWritten,
  });
  const verification = input.verify
    ? await verifyFixes({
        ...input.verify,
        root: input.root,
        run: fixed,
        groups: groupFixes(fixed, input.verify.groupBy ?? 'codemod'),
      })
    : undefined;
  if (verification && input.log) input.log.append(verifyEntryOf(verification));
  const run = verification?.run ?? fixed;
  run.outcomes.push(...setAside);
  explainNeedsReview(run, notes);
  const verified = verification ? { verification } : {};
  if (!input.deliver) return { fixable, run, notes, ...verified };
  if (!input.log) throw new Error('runJob: delivery needs the audit log');
  const delivery = await deliverFixes({
    ...input.deliver,
    root: input.root,
    run,
    codemods: input.codemods,
    allFindings: input.findings,
    decisions: refs,
    log: input.log,
    ...verified,
  });
  recordDelivered(input.log, delivery, run);
  return { fixable, run, notes, delivery, ...verified };
}

type Decisions = Map<string, { index: number; leafHash: string; kind: string }[]>;

/**
 * Triage (a person's newest decision, then the rules); when delivering, each rule decision is
 * recorded (only changed ones add an entry; a person's is kept) and its index and leaf hash
 * go into the PR body.
 */
function triageStep(input: JobInput): TriageSplit & { refs: Decisions } {
  const refs: Decisions = new Map();
  if (!input.triage) {
    return { fixable: [...input.findings], setAside: [], notes: new Map(), decisions: [], refs };
  }
  const marks =
    input.marks ??
    (input.log
      ? personDecisions(
          input.log,
          input.findings.map((f) => f.id),
        )
      : new Map());
  const split = splitByTriage(input.findings, input.root, marks, input.catalogue.codemods);
  const log = input.deliver ? input.log : undefined;
  if (log) {
    for (const r of recordDecisions(log, split.decisions)) {
      const stored = r.index !== undefined ? log.get(r.index) : undefined;
      if (!stored) continue;
      const leafHash = hashLeaf(stored.bytes).toString('hex');
      refs.set(r.finding.id, [{ index: stored.index, leafHash, kind: 'triage' }]);
    }
  }
  return { ...split, refs };
}
