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

/** A finding as the deduplicator holds it: arrival order and the (lower-case) tools in its sources. */
interface Entry {
  finding: Finding;
  seq: number;
  tools: Set<string>;
}

/**
 * Entries that agree on one rule id or one CWE at one line, in arrival order. A scan for "the
 * first entry without tool T" starts where the last one stopped: entries only ever gain tools,
 * so the ones skipped keep T for good. That keeps a line with thousands of results of one tool
 * (a minified bundle) linear instead of rescanning the whole line for every result.
 */
class Bucket {
  private readonly entries: Entry[] = [];
  private readonly cursors = new Map<string, number>();

  push(entry: Entry): void {
    this.entries.push(entry);
  }

  /** An older entry that gained this CWE in a merge: into its place by arrival. */
  insert(entry: Entry): void {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.seq < entry.seq) lo = mid + 1;
      else hi = mid;
    }
    this.entries.splice(lo, 0, entry);
    for (const [tool, at] of this.cursors) if (at > lo) this.cursors.set(tool, lo);
  }

  firstWithout(tool: string): Entry | undefined {
    let at = this.cursors.get(tool) ?? 0;
    while (at < this.entries.length && this.entries[at]!.tools.has(tool)) at++;
    this.cursors.set(tool, at);
    return this.entries[at];
  }
}

/** Where cross-tool candidates at one path and line are found: by rule id and by CWE. */
interface Line {
  byRule: Map<string, Bucket>;
  byCwe: Map<number, Bucket>;
}

function bucket<K>(map: Map<K, Bucket>, key: K): Bucket {
  let found = map.get(key);
  if (!found) {
    found = new Bucket();
    map.set(key, found);
  }
  return found;
}

export class Deduplicator {
  readonly findings: Finding[] = [];
  merged = 0;
  private readonly exact = new Map<string, Entry>();
  private readonly lines = new Map<string, Line>();
  private readonly ids = new Map<string, number>();

  add(finding: Finding): void {
    const key = exactKey(finding);
    const same = this.exact.get(key) ?? this.crossTool(finding);
    if (same) {
      this.merge(same, finding);
      return;
    }
    const seen = this.ids.get(finding.id) ?? 0;
    this.ids.set(finding.id, seen + 1);
    if (seen > 0) finding.id = `${finding.id.slice(0, 28)}${(seen + 1).toString(16).padStart(4, '0')}`;
    const tools = new Set(finding.sources.map((s) => s.tool.toLowerCase()));
    const entry: Entry = { finding, seq: this.findings.length, tools };
    this.exact.set(key, entry);
    const line = this.line(finding);
    if (line) {
      bucket(line.byRule, finding.rule.id.toLowerCase()).push(entry);
      for (const cwe of new Set(finding.cwe)) bucket(line.byCwe, cwe).push(entry);
    }
    this.findings.push(finding);
  }

  private line(finding: Finding): Line | undefined {
    const lk = lineKey(finding);
    if (!lk) return undefined;
    let line = this.lines.get(lk);
    if (!line) {
      line = { byRule: new Map(), byCwe: new Map() };
      this.lines.set(lk, line);
    }
    return line;
  }

  /**
   * The earliest finding at this path and line that no source of this tool reported and whose
   * rule agrees (same rule id, case-insensitive, or a shared CWE).
   */
  private crossTool(finding: Finding): Entry | undefined {
    const lk = lineKey(finding);
    const line = lk === undefined ? undefined : this.lines.get(lk);
    if (!line) return undefined;
    const tool = finding.tool.name.toLowerCase();
    let best = line.byRule.get(finding.rule.id.toLowerCase())?.firstWithout(tool);
    for (const cwe of finding.cwe) {
      const candidate = line.byCwe.get(cwe)?.firstWithout(tool);
      if (candidate && (!best || candidate.seq < best.seq)) best = candidate;
    }
    return best;
  }

  private merge(entry: Entry, other: Finding): void {
    const before = new Set(entry.finding.cwe);
    mergeInto(entry.finding, other);
    this.merged++;
    for (const s of other.sources) entry.tools.add(s.tool.toLowerCase());
    const line = this.line(entry.finding);
    if (!line) return;
    for (const cwe of entry.finding.cwe) if (!before.has(cwe)) bucket(line.byCwe, cwe).insert(entry);
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
