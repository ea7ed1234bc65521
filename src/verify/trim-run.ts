/**
 * verify/trim-run: the fix run as the verifier leaves it. A dropped fix's stages leave their
 * files (the kept ones are replayed on the scanned text, tree.ts) and its findings become
 * unfixed with the verifier's reason, so everything after — the written files, CodeTF, the
 * groups delivered as pull requests, the audit log — sees only the fixes that were kept.
 */
import { unifiedDiff } from '../fix/diff.js';
import type { ChangedFile, FixRun } from '../fix/pipeline.js';
import { contentOf } from './tree.js';
import type { Unit } from './units.js';
import type { UnitVerdict } from './verify-fixes.js';

export function keptRun(run: FixRun, kept: readonly Unit[], verdicts: readonly UnitVerdict[]): FixRun {
  const keep = new Set(kept.flatMap((u) => u.stages));
  const files: ChangedFile[] = [];
  for (const file of run.files) {
    if (file.stages.every((s) => keep.has(s))) {
      files.push(file);
      continue;
    }
    const built = contentOf(file, keep);
    if (built.text === null || built.stages.length === 0 || built.text === file.before) continue;
    files.push({
      ...file,
      after: built.text,
      diff: file.diff === '' ? '' : unifiedDiff(file.path, file.before, built.text),
      stages: built.stages,
    });
  }
  const why = new Map<string, string>();
  for (const v of verdicts) {
    if (!v.outcome.kept) for (const f of v.findings) why.set(f.id, v.outcome.reason);
  }
  const outcomes = run.outcomes.map((o) => {
    const reason = o.status === 'fixed' ? why.get(o.finding.id) : undefined;
    if (reason === undefined) return o;
    const { mitigation: _, ...rest } = o;
    return { ...rest, status: 'unfixed' as const, reason: `--verify dropped the fix: ${reason}` };
  });
  return { ...run, files, outcomes };
}
