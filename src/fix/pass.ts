/**
 * fix/pass: what the codemods do to one file, before any fixer, as plain data: the text read,
 * the fixed text, every finding's outcome and the per-codemod stages. The pipeline makes it on
 * the main thread, or a worker of the fix pool (pool.ts) makes it and sends it back.
 */
import { readPlaced } from '../core/paths.js';
import type { Finding } from '../sarif/finding.js';
import type { Codemod, Edit, LanguageId, PackageAction } from './codemod.js';
import { unifiedDiff } from './diff.js';
import { applyEdits } from './edits.js';
import { type FileFixResult, type FindingOutcome, fixFile } from './engine.js';
import type { FixerFix } from './fixer.js';
import type { ProvidedHelper } from './helpers-module.js';
import type { Mitigation } from './suppress.js';

/** One codemod's (or fixer's) cumulative change to one file. */
export interface Stage {
  codemod: string;
  path: string;
  before: string;
  after: string;
  diff: string;
  findings: Finding[];
  /** Lines (1-based, in the original file) of each fixed finding. */
  lines: number[];
  /** Per finding (same order): the mitigation when the scanner still reports it, else null. */
  mitigations?: (Mitigation | null)[];
  packageActions: PackageAction[];
  /** From a Fixer: its description, model and quality. */
  fixer?: FixerFix;
}

export interface CodemodPass {
  /** The text read. */
  source: string;
  /** The text after the codemods (the source when nothing was kept). */
  after: string;
  outcomes: FindingOutcome[];
  /** Per-codemod cumulative stages (empty unless diffs were asked for). */
  stages: Stage[];
  /** Why the whole file's change was dropped, when it was. */
  dropped?: string;
  /** Provided shared helpers the file imports (the run's helpers module must hold them). */
  usedHelpers?: string[];
}

/** A file to fix: its repository path, its placed path (core/paths placeInRoot), language, findings. */
export interface PassFile {
  path: string;
  placed: string;
  language: LanguageId;
  findings: Finding[];
  /** Shared helpers a helpers module provides (helpers-module.ts), as pairs for the wire. */
  providedHelpers?: [string, ProvidedHelper][];
}

/**
 * Read and fix one file on this thread, synchronously (what a pool worker runs). Undefined when
 * the file is not a regular file in the working tree.
 */
export function codemodPass(
  root: string,
  file: PassFile,
  codemods: readonly Codemod[],
  diffs: boolean,
  suppress = false,
): CodemodPass | undefined {
  const source = readPlaced(root, file.placed);
  if (source === undefined) return undefined;
  const { path, language, findings } = file;
  const providedHelpers = file.providedHelpers ? new Map(file.providedHelpers) : undefined;
  return toPass(fixFile({ path, language, source, findings, codemods, suppress, providedHelpers }), diffs);
}

export function toPass(result: FileFixResult, diffs: boolean): CodemodPass {
  const pass: CodemodPass = {
    source: result.before,
    after: result.after,
    outcomes: result.outcomes,
    stages: diffs ? stageCodemods(result) : [],
  };
  if (result.dropped) pass.dropped = result.dropped;
  const used = result.after === result.before ? [] : result.additions.usedProvided();
  if (used.length > 0) pass.usedHelpers = used;
  return pass;
}

/** Split the engine's one change into cumulative per-codemod stages, in catalogue order. */
function stageCodemods(result: FileFixResult): Stage[] {
  if (result.after === result.before) return [];
  const order = [...new Set(result.fixes.map((f) => f.codemod))];
  const stages: Stage[] = [];
  const done = new Set<string>();
  let previous = result.before;
  for (const id of order) {
    done.add(id);
    const edits: Edit[] = [];
    const seen = new Set<string>();
    for (const fix of result.fixes) {
      if (!done.has(fix.codemod)) continue;
      for (const e of fix.edits) {
        const key = `${e.start}:${e.end}:${e.text}`;
        if (!seen.has(key)) edits.push(e);
        seen.add(key);
      }
    }
    const after = applyEdits(result.before, [...edits, ...result.additions.edits(done)]);
    const mine = result.fixes.filter((f) => f.codemod === id);
    stages.push({
      codemod: id,
      path: result.path,
      before: previous,
      after,
      diff: unifiedDiff(result.path, previous, after),
      findings: mine.map((f) => f.finding),
      lines: mine.map((f) => f.finding.location.region?.startLine ?? 0),
      mitigations: mine.map((f) => f.mitigation ?? null),
      packageActions: mine.flatMap((f) => f.packageActions),
    });
    previous = after;
  }
  return stages;
}
