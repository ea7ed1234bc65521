/**
 * scan/report/markdown: the human summary of one or more scan reports (a CI step summary or a
 * PR comment): per asset the grade and score, the Observatory's ten tests, the findings by
 * severity with their compliance ids, and what changed since the last scan. Table cells are
 * escaped: header values and URLs come from the scanned site, not from us.
 */
import { TEST_NAMES } from '../observatory/index.js';
import type { ScanChange, ScanFinding, ScanReport, ScanSeverity } from '../types.js';
import { complianceOf } from './compliance.js';

const SEVERITIES: ScanSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function scanMarkdown(reports: ScanReport[]): string {
  const lines: string[] = ['# trust scan', ''];
  if (reports.length > 1) {
    lines.push('| asset | env | grade | score | findings |', '|---|---|---|---|---|');
    for (const r of reports) {
      lines.push(
        `| ${cell(r.asset.url)} | ${r.asset.env} | ${r.observatory.grade} | ${r.observatory.score} | ${r.findings.length} |`,
      );
    }
    lines.push('');
  }
  for (const report of reports) lines.push(...assetSection(report));
  return `${lines.join('\n').trimEnd()}\n`;
}

function assetSection(r: ScanReport): string[] {
  const o = r.observatory;
  const lines = [
    `## ${cell(r.asset.url)}`,
    '',
    `**Grade ${o.grade}** · score ${o.score} · Observatory algorithm ${r.algorithm} · ${o.testsPassed}/${o.testsPassed + o.testsFailed} tests passed`,
    '',
    `Scanned ${r.finishedAt} by ${cell(r.actor)} (${cell(r.org)}) · env ${r.asset.env} · owner ${cell(r.asset.owner)} · criticality ${r.asset.criticality} · ${r.requests.count}/${r.requests.budget} requests (${r.requests.methods.join(', ')})`,
    '',
    '| test | result | score | pass |',
    '|---|---|---:|:---:|',
  ];
  for (const name of TEST_NAMES) {
    const t = o.tests[name];
    lines.push(`| ${name} | \`${t.result}\` | ${signed(t.scoreModifier)} | ${t.pass ? '✓' : '✗'} |`);
  }
  lines.push('', ...findingsSection(r.findings), '', ...changesSection(r.changes), '');
  return lines;
}

function findingsSection(findings: ScanFinding[]): string[] {
  if (findings.length === 0) return ['### Findings', '', 'None.'];
  const lines = [`### Findings (${findings.length})`];
  for (const severity of SEVERITIES) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push(
      '',
      `#### ${severity} (${group.length})`,
      '',
      '| rule | finding | where | compliance |',
      '|---|---|---|---|',
    );
    for (const f of group) {
      const c = f.compliance ?? complianceOf(f.ruleId);
      const ids = [
        ...c.cwe,
        ...c.owaspTop10_2021,
        ...c.owaspApiTop10_2023,
        ...c.pciDss4.map((p) => `PCI ${p}`),
        ...c.nistCsf2,
      ];
      lines.push(`| \`${f.ruleId}\` | ${cell(f.title)} | ${cell(f.url)} | ${ids.join(', ')} |`);
    }
  }
  return lines;
}

function changesSection(changes: ScanChange[] | undefined): string[] {
  if (changes === undefined) return ['### Changes since the last scan', '', 'First scan of this asset.'];
  if (changes.length === 0) return ['### Changes since the last scan', '', 'No changes.'];
  const lines = [
    `### Changes since the last scan (${changes.length})`,
    '',
    '| what | change | name | before | after |',
    '|---|---|---|---|---|',
  ];
  for (const c of changes) {
    lines.push(
      `| ${c.kind} | ${c.change} | ${cell(c.name)} | ${cell(c.before ?? '')} | ${cell(c.after ?? '')} |`,
    );
  }
  return lines;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** One table cell: no line breaks, pipes escaped, Markdown and HTML neutralised, bounded. */
export function cell(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const short = flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
  return short.replace(/([\\`*_[\]|<>])/g, '\\$1');
}
