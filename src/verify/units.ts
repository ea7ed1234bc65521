/**
 * verify/units: what the verifier keeps or drops. A unit is a fix group (run/groups.ts: the
 * fixes that travel in one pull request), or, once a group is blamed, one file of it: the
 * stages it applied and the findings they fixed.
 */
import type { FixRun, Stage } from '../fix/pipeline.js';
import type { Finding } from '../sarif/finding.js';

/** A fix group as run/groups.ts makes it (the caller groups: verify does not import run/). */
export interface VerifyGroup {
  key: string;
  stages: Stage[];
  findings: Finding[];
}

export interface Unit {
  /** The group key, with "#path" for one file of it. */
  key: string;
  group: string;
  stages: Stage[];
  findings: Finding[];
  /** The scanned text of each file the unit changes. */
  scanned: ReadonlyMap<string, string>;
  /**
   * Findings its fix mitigates without the rule ceasing to match (an escaped value the rule
   * still flags, fix/suppress.ts): the rescan reporting them again is expected, not a failure.
   */
  mitigated: Set<string>;
}

function mitigatedOf(stages: readonly Stage[]): Set<string> {
  return new Set(stages.flatMap((s) => s.findings.filter((_, i) => s.mitigations?.[i]).map((f) => f.id)));
}

/** One group per codemod (run/groups.ts's default), for a caller that gives none. */
export function groupsByCodemod(run: FixRun): VerifyGroup[] {
  const groups = new Map<string, VerifyGroup>();
  for (const stage of run.files.flatMap((f) => f.stages)) {
    const key = `codemod:${stage.codemod}`;
    const g = groups.get(key) ?? { key, stages: [], findings: [] };
    groups.set(key, g);
    g.stages.push(stage);
    for (const f of stage.findings) if (!g.findings.includes(f)) g.findings.push(f);
  }
  return [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** One unit per group; groups that share a stage (one change fixing findings of two groups) are one unit. */
export function unitsOf(run: FixRun, groups: readonly VerifyGroup[]): Unit[] {
  const scanned = new Map(run.files.map((f) => [f.path, f.before]));
  const units: Unit[] = [];
  for (const g of groups) {
    const shared = units.find((u) => u.stages.some((s) => g.stages.includes(s)));
    if (!shared) {
      const stages = [...g.stages];
      units.push({
        key: g.key,
        group: g.key,
        stages,
        findings: [...g.findings],
        scanned,
        mitigated: mitigatedOf(stages),
      });
      continue;
    }
    shared.key = `${shared.key}+${g.key}`;
    shared.group = shared.key;
    for (const s of g.stages) if (!shared.stages.includes(s)) shared.stages.push(s);
    for (const f of g.findings) if (!shared.findings.includes(f)) shared.findings.push(f);
    shared.mitigated = mitigatedOf(shared.stages);
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
    return { ...unit, key: `${unit.group}#${path}`, stages, findings, mitigated: mitigatedOf(stages) };
  });
}

export function stagesOf(units: readonly Unit[]): Set<Stage> {
  return new Set(units.flatMap((u) => u.stages));
}
