/**
 * verify/units: what the verifier keeps or drops. A unit is a fix group (run/groups.ts: the
 * fixes that travel in one pull request), or, once a group is blamed, one file of it: the
 * stages it applied and the findings they fixed.
 */
import type { FixRun, Stage } from '../fix/pipeline.js';
import { type GroupBy, groupFixes } from '../run/groups.js';
import type { Finding } from '../sarif/finding.js';

export interface Unit {
  /** The group key, with "#path" for one file of it. */
  key: string;
  group: string;
  stages: Stage[];
  findings: Finding[];
  /** The scanned text of each file the unit changes. */
  scanned: ReadonlyMap<string, string>;
}

/** One unit per group; groups that share a stage (one change fixing findings of two groups) are one unit. */
export function unitsOf(run: FixRun, groupBy: GroupBy): Unit[] {
  const scanned = new Map(run.files.map((f) => [f.path, f.before]));
  const units: Unit[] = [];
  for (const g of groupFixes(run, groupBy)) {
    const shared = units.find((u) => u.stages.some((s) => g.stages.includes(s)));
    if (!shared) {
      units.push({ key: g.key, group: g.key, stages: [...g.stages], findings: [...g.findings], scanned });
      continue;
    }
    shared.key = `${shared.key}+${g.key}`;
    shared.group = shared.key;
    for (const s of g.stages) if (!shared.stages.includes(s)) shared.stages.push(s);
    for (const f of g.findings) if (!shared.findings.includes(f)) shared.findings.push(f);
  }
  return units;
}

/** The files of a unit as units of their own (a unit of one file stays as it is). */
export function splitByFile(unit: Unit): Unit[] {
  const paths = [...new Set(unit.stages.map((s) => s.path))];
  if (paths.length < 2) return [unit];
  return paths.map((path) => {
    const stages = unit.stages.filter((s) => s.path === path);
    const findings = unit.findings.filter((f) => stages.some((s) => s.findings.includes(f)));
    return { ...unit, key: `${unit.group}#${path}`, stages, findings };
  });
}

export function stagesOf(units: readonly Unit[]): Set<Stage> {
  return new Set(units.flatMap((u) => u.stages));
}
