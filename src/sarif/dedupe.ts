/**
 * sarif/dedupe: one finding per problem, with every report of it in `sources`.
 *
 * What counts as "the same finding":
 *   - same tool (case-insensitive), same rule id, same path, same region and same message:
 *     the same result seen twice (two runs, two uploads of one file, a re-run) -> merged;
 *   - different tools on the same path and start line whose rules agree: the same rule id
 *     (case-insensitive), or at least one shared CWE id (CodeQL js/code-injection and
 *     Semgrep eval-detected, both CWE-94) -> merged; the first report keeps its id and rule,
 *     the others are listed in `sources` with their own ruleId;
 *   - one tool with two different rules on a line is two findings (the tool meant two things),
 *     and so is one rule reporting two regions or two messages on one line (CodeQL: "This
 *     ResultSet..." and "This Statement..." at one column); a second finding with the id of
 *     an earlier one gets an ordinal in its last hex digits, so ids stay unique.
 * A merged finding takes the union of CWE ids, the highest security-severity and level, and
 * is suppressed only when every report of it is.
 */
import type { Finding, Level } from './finding.js';

const LEVEL_RANK: Record<Level, number> = { none: 0, note: 1, warning: 2, error: 3 };

function whereKey(f: Finding): string {
  const loc = f.location;
  if (loc.path && loc.status !== 'out-of-tree') return `p:${loc.path}`;
  if (loc.uri) return `u:${loc.uri}`;
  return `m:${f.message}`;
}

function lineKey(f: Finding): string | undefined {
  const line = f.location.region?.startLine;
  return f.location.path && line !== undefined ? `${f.location.path}\u0000${line}` : undefined;
}

function exactKey(f: Finding): string {
  const r = f.location.region;
  const region = [r?.startLine, r?.startColumn, r?.endLine, r?.endColumn].map((n) => n ?? '');
  return [f.tool.name.toLowerCase(), f.rule.id, whereKey(f), ...region, f.message].join('\u0000');
}

function rulesAgree(a: Finding, b: Finding): boolean {
  if (a.rule.id.toLowerCase() === b.rule.id.toLowerCase()) return true;
  return a.cwe.some((id) => b.cwe.includes(id));
}

export class Deduplicator {
  readonly findings: Finding[] = [];
  merged = 0;
  private readonly exact = new Map<string, Finding>();
  private readonly atLine = new Map<string, Finding[]>();
  private readonly ids = new Map<string, number>();

  add(finding: Finding): void {
    const key = exactKey(finding);
    const same = this.exact.get(key) ?? this.crossTool(finding);
    if (same) {
      mergeInto(same, finding);
      this.merged++;
      return;
    }
    const seen = this.ids.get(finding.id) ?? 0;
    this.ids.set(finding.id, seen + 1);
    if (seen > 0) finding.id = `${finding.id.slice(0, 28)}${(seen + 1).toString(16).padStart(4, '0')}`;
    this.exact.set(key, finding);
    const lk = lineKey(finding);
    if (lk) {
      const list = this.atLine.get(lk);
      if (list) list.push(finding);
      else this.atLine.set(lk, [finding]);
    }
    this.findings.push(finding);
  }

  private crossTool(finding: Finding): Finding | undefined {
    const lk = lineKey(finding);
    if (!lk) return undefined;
    const tool = finding.tool.name.toLowerCase();
    return this.atLine
      .get(lk)
      ?.find(
        (other) => !other.sources.some((s) => s.tool.toLowerCase() === tool) && rulesAgree(other, finding),
      );
  }
}

function mergeInto(target: Finding, other: Finding): void {
  target.sources.push(...other.sources);
  target.cwe = [...new Set([...target.cwe, ...other.cwe])].sort((a, b) => a - b);
  if (other.securitySeverity !== undefined) {
    target.securitySeverity = Math.max(target.securitySeverity ?? 0, other.securitySeverity);
  }
  if (LEVEL_RANK[other.level] > LEVEL_RANK[target.level]) target.level = other.level;
  target.suppressed = target.suppressed && other.suppressed;
  target.suppressions.push(...other.suppressions);
  if (target.codeFlows.length === 0) target.codeFlows = other.codeFlows;
  if (target.relatedLocations.length === 0) target.relatedLocations = other.relatedLocations;
  if (!target.rule.help && other.rule.help) target.rule.help = other.rule.help;
}
