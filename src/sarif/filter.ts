/**
 * sarif/filter: the --tool / --rule / --level / --path / --include-suppressed selection.
 * Each filter given must match (AND); within one filter any value may match (OR).
 * --tool is case-insensitive and matches any tool that reported the finding; --rule takes
 * globs where * also crosses "/" (so "*xss*" matches "js/reflected-xss"); --path takes
 * picomatch globs on the repository-relative path.
 */
import picomatch from 'picomatch';
import type { Finding, Level } from './finding.js';

export interface FindingFilter {
  tool?: string[];
  rule?: string[];
  level?: Level[];
  path?: string[];
  /** Keep findings the scanner marked suppressed (default true). */
  includeSuppressed?: boolean;
}

function ruleMatcher(globs: string[]): (id: string) => boolean {
  const patterns = globs.map(
    (g) =>
      new RegExp(
        `^${g
          .split('')
          .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
          .join('')}$`,
        'i',
      ),
  );
  return (id) => patterns.some((p) => p.test(id));
}

export function filterFindings(findings: Finding[], filter: FindingFilter): Finding[] {
  const tools = filter.tool?.length ? new Set(filter.tool.map((t) => t.toLowerCase())) : undefined;
  const rule = filter.rule?.length ? ruleMatcher(filter.rule) : undefined;
  const levels = filter.level?.length ? new Set(filter.level) : undefined;
  const path = filter.path?.length ? picomatch(filter.path, { dot: true }) : undefined;
  return findings.filter((f) => {
    if (filter.includeSuppressed === false && f.suppressed) return false;
    if (
      tools &&
      !f.sources.some((s) => tools.has(s.tool.toLowerCase())) &&
      !tools.has(f.tool.name.toLowerCase())
    ) {
      return false;
    }
    if (rule && !rule(f.rule.id) && !f.sources.some((s) => s.ruleId !== undefined && rule(s.ruleId)))
      return false;
    if (levels && !levels.has(f.level)) return false;
    if (path && !(f.location.path && path(f.location.path))) return false;
    return true;
  });
}
