/**
 * verify/report: what `--verify` decided, said where people and machines look: the `verify`
 * audit entry (commands, exit codes, durations; kept and dropped, and why), the pull request's
 * Verification section, the job summary and the terminal lines. Reasons are already redacted
 * (run-command.ts); the audit entry never holds an output tail.
 */
import { type VerifyFields, verifyEntry } from '../audit/index.js';
import type { UnitVerdict, VerifyResult } from './verify-fixes.js';

export function verifyEntryOf(result: VerifyResult): VerifyFields {
  return verifyEntry({
    ...(result.source ? { source: result.source } : {}),
    commands: result.runs.map((r) => ({
      phase: r.phase,
      name: r.name,
      command: r.command,
      exitCode: r.exitCode === null ? null : Math.min(255, Math.max(0, r.exitCode)),
      durationMs: r.durationMs,
      timedOut: r.timedOut,
    })),
    checkRuns: result.checkRuns,
    outcomes: result.outcomes.map((v) => ({
      group: v.key,
      fingerprints: v.findings.map((f) => f.id),
      files: v.files,
      kept: v.outcome.kept,
      ...(v.outcome.kept
        ? {
            ...(v.outcome.findingGone === 'not-scanned' ? {} : { findingGone: v.outcome.findingGone }),
            checks: v.outcome.checks,
          }
        : { reason: v.outcome.reason }),
    })),
  });
}

/** "verified: finding gone, 333/333 tests pass", or why not. */
export function verdictLine(v: UnitVerdict): string {
  if (!v.outcome.kept) return `dropped: ${v.outcome.reason}`;
  const gone =
    v.outcome.findingGone === 'not-scanned'
      ? 'not rescanned'
      : v.outcome.findingGone
        ? 'finding gone'
        : 'mitigated (the rule still matches the fixed code)';
  return `verified: ${gone}, ${v.outcome.checks}`;
}

/** The verdicts of a delivery group: its own, or those of its files after a bisect split it. */
export function verdictsOf(result: VerifyResult, groupKey: string): UnitVerdict[] {
  return result.outcomes.filter(
    (v) => v.key === groupKey || v.key.startsWith(`${groupKey}#`) || v.key.split('+').includes(groupKey),
  );
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The PR body's Verification section for one group (Markdown). */
export function prVerification(result: VerifyResult, groupKey: string): string | undefined {
  const own = verdictsOf(result, groupKey).filter((v) => v.outcome.kept);
  if (own.length === 0) return undefined;
  const lines = [
    `**${verdictLine(own[0]!)}**`,
    '',
    'Commands run by `trust --verify` on the fixed code:',
    '',
  ];
  for (const r of result.runs.filter((r) => r.phase !== 'baseline')) {
    lines.push(
      `- \`${r.command.replace(/`/g, "'")}\` (${r.name}, ${r.phase}): ${exitText(r)} in ${seconds(r.durationMs)}`,
    );
  }
  const dropped = result.outcomes.filter((v) => !v.outcome.kept).length;
  if (dropped > 0)
    lines.push(
      '',
      `${dropped} other fix group${dropped === 1 ? ' was' : 's were'} dropped by verification and not delivered.`,
    );
  return lines.join('\n');
}

function exitText(r: VerifyResult['runs'][number]): string {
  return r.timedOut ? 'timed out' : `exit ${r.exitCode ?? 'killed'}`;
}

/** The job summary's section (Markdown). */
export function summarySection(result: VerifyResult): string[] {
  const kept = result.outcomes.filter((v) => v.outcome.kept);
  const dropped = result.outcomes.filter((v) => !v.outcome.kept);
  const lines = [
    '',
    `#### Verification${result.source ? ` (${result.source})` : ''}`,
    '',
    `${kept.length} fix group${kept.length === 1 ? '' : 's'} kept, ${dropped.length} dropped; ${result.runs.length} command${result.runs.length === 1 ? '' : 's'} run (${result.checkRuns} check run${result.checkRuns === 1 ? '' : 's'} after the baseline).`,
    '',
    '| fix | outcome |',
    '|---|---|',
  ];
  for (const v of result.outcomes)
    lines.push(`| \`${v.key}\` | ${verdictLine(v).replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
  lines.push('', '| command | phase | exit | time |', '|---|---|---|---|');
  for (const r of result.runs)
    lines.push(
      `| \`${r.command.replace(/\|/g, '\\|')}\` | ${r.phase} | ${exitText(r)} | ${seconds(r.durationMs)} |`,
    );
  return lines;
}

/** One line per verdict, for the terminal. */
export function verdictLines(result: VerifyResult): string[] {
  return result.outcomes.map((v) => `${v.key}: ${verdictLine(v)}`);
}

/** For --json: each verdict with its findings' fingerprints, and the commands run. */
export function verificationData(result: VerifyResult) {
  return {
    source: result.source,
    checkRuns: result.checkRuns,
    failingBefore: result.failingBefore,
    outcomes: result.outcomes.map((v) => ({
      group: v.key,
      fingerprints: v.findings.map((f) => f.id),
      files: v.files,
      ...v.outcome,
    })),
    commands: result.runs.map(({ outputTail: _, ...r }) => r),
  };
}
