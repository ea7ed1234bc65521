/**
 * verify/tree: the working tree as the verifier sets it, one chosen set of fixes at a time.
 * A file's stages are cumulative (each codemod's change after the previous one), so a set
 * that is a prefix of a file's stages is that stage's text exactly; any other set is replayed
 * from the scanned text with each kept stage's diff (the way run/groups.ts replays an LLM
 * change). A file trust created (a shared helpers module: scanned text empty) is removed when
 * none of its stages is kept. Only files the fix run changed are ever written.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyPatch } from 'diff';
import { writeError } from '../core/files.js';
import { placeInRoot } from '../core/paths.js';
import { unifiedDiff } from '../fix/diff.js';
import { firstSyntaxError, languageOf, parseSource } from '../fix/languages.js';
import type { ChangedFile, Stage } from '../fix/pipeline.js';

export interface Applied {
  /** Files of the set that do not parse, as "path: does not parse (line n)". */
  unparsable: string[];
  /** Stages of the set whose diff no longer applied without the stages left out (tested without them). */
  skipped: Stage[];
}

export class WorkTree {
  /** What each file holds now (undefined: not known yet, or absent). */
  private readonly current = new Map<string, string | null>();

  constructor(
    private readonly root: string,
    private readonly files: readonly ChangedFile[],
  ) {}

  /** Put exactly `keep`'s stages in the tree (every other change undone). */
  apply(keep: ReadonlySet<Stage>): Applied {
    const out: Applied = { unparsable: [], skipped: [] };
    for (const file of this.files) {
      const built = contentOf(file, keep);
      out.skipped.push(...built.skipped);
      if (built.replayed && built.text !== null) {
        const problem = parseProblem(file.path, built.text);
        if (problem) out.unparsable.push(problem);
      }
      this.write(file.path, built.text);
    }
    return out;
  }

  /** The scanned text of every file back (trust pr and trust run never leave a change behind). */
  restore(): void {
    this.apply(new Set());
  }

  private write(path: string, text: string | null): void {
    if (this.current.has(path) && this.current.get(path) === text) return;
    const placed = placeInRoot(this.root, path);
    if (!placed.inside) return;
    const file = resolve(this.root, placed.path);
    try {
      if (text === null) rmSync(file, { force: true });
      else writeFileSync(file, text);
    } catch (error) {
      // A read-only file or a full disk: one line (exit 2), like the fix pipeline's own writes.
      throw writeError('the fixed file', path, error);
    }
    this.current.set(path, text);
  }
}

/** A file with only `keep`'s stages: its text (null: the file is not there) and how it was made. */
export function contentOf(
  file: ChangedFile,
  keep: ReadonlySet<Stage>,
): { text: string | null; replayed: boolean; skipped: Stage[]; stages: Stage[] } {
  const kept = file.stages.filter((s) => keep.has(s));
  const created = file.before === '';
  if (kept.length === 0)
    return { text: created ? null : file.before, replayed: false, skipped: [], stages: [] };
  const prefix = kept.every((s, i) => file.stages[i] === s);
  if (prefix) return { text: kept.at(-1)!.after, replayed: false, skipped: [], stages: kept };
  let text = file.before;
  const skipped: Stage[] = [];
  const stages: Stage[] = [];
  for (const stage of kept) {
    const next = applyPatch(text, stage.diff, { fuzzFactor: 2 });
    if (next === false) {
      skipped.push(stage);
      continue;
    }
    // The stage as it now applies: its diff against the text before it in this set.
    stages.push({ ...stage, before: text, after: next, diff: unifiedDiff(stage.path, text, next) });
    text = next;
  }
  return { text, replayed: true, skipped, stages };
}

function parseProblem(path: string, text: string): string | undefined {
  const language = languageOf(path);
  if (!language) return undefined;
  const broken = firstSyntaxError(parseSource(language, text).root());
  return broken ? `${path} does not parse (line ${broken.line})` : undefined;
}
