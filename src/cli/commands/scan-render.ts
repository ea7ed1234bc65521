/**
 * How `trust scan` shows one asset's result to a person: the asset, its grade and score, the
 * Observatory tests passed, findings by severity, what changed since the last scan, and what
 * the scan spent. Machines read the JSON report instead (--json).
 */
import type { ScanOutcome } from '../../scan/run-scan.js';
import type { ScanChange, ScanSeverity } from '../../scan/types.js';

const SEVERITIES: ScanSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function renderOutcome(outcome: ScanOutcome): string {
  const { report } = outcome;
  const o = report.observatory;
  const total = o.testsPassed + o.testsFailed;
  const counts = SEVERITIES.map((s) => `${report.findings.filter((f) => f.severity === s).length} ${s}`);
  const lines = [
    `${report.asset.url} (${report.asset.env}): grade ${o.grade}, score ${o.score}, tests passed ${o.testsPassed}/${total} (algorithm ${report.algorithm})`,
    `  findings: ${counts.join(', ')}`,
  ];
  for (const f of report.findings.filter((x) => x.severity !== 'info')) {
    lines.push(`    ${f.severity.padEnd(8)} ${f.ruleId}: ${f.title}`);
  }
  lines.push(`  ${changesLine(report.changes)}`);
  lines.push(
    `  requests: ${report.requests.count}${report.requests.handshakes ? ` + ${report.requests.handshakes} TLS handshakes` : ''} of ${report.requests.budget} (${report.requests.methods.join(', ') || 'none'}); ownership: ${grantLine(outcome)}`,
  );
  for (const skipped of outcome.incomplete)
    lines.push(`  not finished: ${skipped.check} (${skipped.reason})`);
  return lines.join('\n');
}

function changesLine(changes: ScanChange[] | undefined): string {
  if (changes === undefined) return 'changes: first scan of this asset';
  if (changes.length === 0) return 'changes: none since the last scan';
  const shown = changes.slice(0, 8).map((c) => {
    const delta =
      c.before !== undefined || c.after !== undefined ? `: ${c.before ?? '-'} -> ${c.after ?? '-'}` : '';
    return `${c.kind} ${c.name} ${c.change}${delta}`;
  });
  const more = changes.length > shown.length ? `; and ${changes.length - shown.length} more` : '';
  return `changes (${changes.length}): ${shown.join('; ')}${more}`;
}

function grantLine(outcome: ScanOutcome): string {
  const g = outcome.grant;
  if (g.method === 'none') return 'not verified (non-production)';
  const fresh = g.reverified ? 're-verified now' : 'verified';
  return `${fresh} by ${g.method}${g.verifiedAt ? ` at ${g.verifiedAt}` : ''}`;
}
