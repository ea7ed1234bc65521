/**
 * run/groups: which fixes travel together in one pull request. Default: one group per codemod
 * covering all its findings; `groupBy` also takes finding, file or rule. LLM fixes are always
 * grouped apart from deterministic ones (their own branches, "[LLM]" in the title). Each
 * group's files are the scanned files with that group's fixes alone: codemod groups are
 * re-fixed from the original text (deterministic, no LLM), an LLM change is its own stage
 * replayed on the original text.
 */
import { createHash } from 'node:crypto';
import { applyPatch } from 'diff';
import type { Codemod } from '../fix/codemod.js';
import { type ChangedFile, type FixRun, runFixes, type Stage } from '../fix/pipeline.js';
import type { Finding } from '../sarif/finding.js';

export type GroupBy = 'codemod' | 'finding' | 'file' | 'rule';

export interface FixGroup {
  key: string;
  /** Branch under trust/. */
  branch: string;
  method: 'codemod' | 'llm';
  /** The codemod or fixer ids whose changes are in the group. */
  fixers: string[];
  findings: Finding[];
  stages: Stage[];
}

export interface GroupFiles {
  files: { path: string; content: string; before: string }[];
  /** Findings of the group that did not come out fixed when re-fixed alone (reported, not delivered). */
  problems: string[];
}

/** Split a fix run's applied changes into delivery groups, in a stable order. */
export function groupFixes(run: FixRun, groupBy: GroupBy): FixGroup[] {
  const groups = new Map<string, FixGroup>();
  for (const file of run.files) {
    for (const stage of file.stages) {
      const method = stage.fixer?.ai ? 'llm' : 'codemod';
      for (const finding of stage.findings) {
        const key = `${method}:${keyOf(groupBy, stage, finding)}`;
        let group = groups.get(key);
        if (!group) {
          group = { key, branch: branchOf(key), method, fixers: [], findings: [], stages: [] };
          groups.set(key, group);
        }
        if (!group.fixers.includes(stage.codemod)) group.fixers.push(stage.codemod);
        if (!group.findings.includes(finding)) group.findings.push(finding);
        if (!group.stages.includes(stage)) group.stages.push(stage);
      }
    }
  }
  return [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));
}

function keyOf(groupBy: GroupBy, stage: Stage, finding: Finding): string {
  switch (groupBy) {
    case 'finding':
      return `finding:${finding.id}`;
    case 'file':
      return `file:${stage.path}`;
    case 'rule':
      return `rule:${finding.rule.id}`;
    default:
      return `codemod:${stage.codemod}`;
  }
}

/** A git branch name from a group key: readable, unique, valid as a ref. */
export function branchOf(key: string): string {
  const [method, kind, ...rest] = key.split(':');
  const value = rest.join(':').replace(/^trust:/, '');
  const slug = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  const long = kind === 'file' || kind === 'finding' || slug.length === 60;
  const suffix = long ? `-${createHash('sha256').update(key).digest('hex').slice(0, 8)}` : '';
  const prefix = method === 'llm' ? 'llm-' : '';
  const what = kind === 'codemod' ? '' : `${kind}-`;
  return `trust/${prefix}${what}${slug || 'fix'}${suffix}`;
}

/**
 * The files of one group with only its fixes. A codemod group is re-fixed alone from the
 * scanned text; an LLM group's stage diffs are replayed on the scanned text.
 */
export async function filesOfGroup(
  group: FixGroup,
  run: FixRun,
  root: string,
  codemods: readonly Codemod[],
): Promise<GroupFiles> {
  const originals = new Map(run.files.map((f) => [f.path, f]));
  const problems: string[] = [];
  if (group.method === 'codemod') {
    const only = codemods.filter((c) => group.fixers.includes(c.id));
    const alone = await runFixes({
      root,
      findings: group.findings,
      codemods: only,
      write: false,
      diffs: false,
      jobs: 1,
    });
    const fixed = new Set(alone.outcomes.filter((o) => o.status === 'fixed').map((o) => o.finding));
    for (const f of group.findings) {
      if (!fixed.has(f))
        problems.push(`${f.rule.id} at ${f.location.path}: not fixed when its group was fixed alone`);
    }
    return {
      files: alone.files.map((f) => ({ path: f.path, content: f.after, before: f.before })),
      problems,
    };
  }
  const files: GroupFiles['files'] = [];
  for (const stage of group.stages) {
    const original = originals.get(stage.path) as ChangedFile;
    const current = files.find((f) => f.path === stage.path)?.content ?? original.before;
    const replayed = applyPatch(current, stage.diff, { fuzzFactor: 2 });
    if (replayed === false) {
      problems.push(
        `${stage.path}: the LLM change does not apply to the scanned file without the other fixes`,
      );
      continue;
    }
    const at = files.findIndex((f) => f.path === stage.path);
    if (at >= 0) files[at]!.content = replayed;
    else files.push({ path: stage.path, content: replayed, before: original.before });
  }
  return { files, problems };
}
