/**
 * `trust fix`'s audit trail, kept in step with the writes: the log is opened before the first
 * file is written (a log that cannot be opened stops the run with nothing changed) and each
 * file's fixes are appended right after it is written, so a run that stops part-way leaves a
 * log that says exactly what it wrote. A fix the scanner still reports also records a
 * `mitigated` triage decision with its justification.
 */
import type { AuditLog } from '../../audit/index.js';
import type { FindingOutcome } from '../../fix/engine.js';
import type { ChangedFile } from '../../fix/pipeline.js';
import { fixEntryOf } from '../../run/record-fixes.js';
import { recordDecisions } from '../../triage/index.js';
import { mitigationDecision, mitigationDecisions } from '../../triage/mitigated.js';
import { verifyEntryOf } from '../../verify/report.js';
import type { VerifyResult } from '../../verify/verify-fixes.js';
import type { Context } from '../context.js';
import { auditCall, logPath, openLog } from './log-common.js';

export class FixRecorder {
  private log: AuditLog | undefined;
  /** Files written and recorded so far, and the fixes (stages) recorded for them. */
  files = 0;
  fixes = 0;

  constructor(private readonly ctx: Context) {}

  /** Before a write: open (creating) the log the first time. */
  readonly beforeWrite = (): void => {
    this.log ??= openLog(this.ctx, true);
  };

  /** One `fix` entry per applied change on the file: fingerprints and the diff's hash, never code. */
  readonly written = (file: ChangedFile): void => {
    if (!this.log) throw new Error('a fixed file was written before the audit log was opened');
    const log = this.log;
    const entries = file.stages.map(fixEntryOf);
    auditCall(() => log.appendMany(entries));
    // A fix the scanner still reports is mitigated, not fixed: that decision is recorded too.
    const mitigated = mitigationDecisions(file.stages);
    if (mitigated.length > 0) auditCall(() => recordDecisions(log, mitigated));
    this.files++;
    this.fixes += file.stages.length;
  };

  /** After --verify: the kept fixes it left in the tree, then its `verify` entry. */
  verified(files: readonly ChangedFile[], result: VerifyResult): void {
    for (const file of files) {
      this.beforeWrite();
      this.written(file);
    }
    this.log ??= openLog(this.ctx, true);
    const log = this.log;
    auditCall(() => log.append(verifyEntryOf(result)));
  }

  /**
   * After the run: the `mitigated` decisions of findings whose fix was already in place and got
   * no new change (no suppression comment), so no written file recorded them.
   */
  unchanged(outcomes: readonly FindingOutcome[]): void {
    const held = outcomes.filter((o) => o.mitigation?.already && !o.mitigation.suppression);
    if (held.length === 0) return;
    this.log ??= openLog(this.ctx, true);
    const log = this.log;
    auditCall(() => recordDecisions(log, held.map(mitigationDecision)));
  }

  /** What an error that stops the run adds: what is already written and recorded. */
  note(): string {
    if (this.files === 0) return 'no file was changed';
    return `${this.files} file${this.files === 1 ? ' was' : 's were'} fixed before it, and ${this.fixes === 1 ? 'that fix is' : `those ${this.fixes} fixes are`} recorded in ${logPath(this.ctx)}`;
  }

  close(): void {
    this.log?.close();
    this.log = undefined;
  }
}
