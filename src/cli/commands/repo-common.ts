/**
 * Shared by the commands that write into a repository (`triage`, `fix`): whether the root is
 * inside a git work tree, said once per run when it is not (a mistyped -C, an unpacked
 * tarball), and `fix`'s refusal to edit a tree with uncommitted changes.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { Context } from '../context.js';

const said = new Set<string>();

/** True when `root` is inside a git work tree (a `.git` folder, or a worktree's `.git` file, on the way up). */
export function isInGitTree(root: string): boolean {
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return true;
    if (dirname(dir) === dir) return false;
  }
}

/** Whether the root is in a git work tree; when not, one warning per run saying what that means here. */
export function checkGitRoot(ctx: Context, meaning: string): boolean {
  if (isInGitTree(ctx.root)) return true;
  if (!said.has(ctx.root)) {
    said.add(ctx.root);
    ctx.out.warn(`not a git repository: ${ctx.root} (${meaning})`);
  }
  return false;
}

/** How many paths a refusal names before "and N more". */
const NAMED = 3;

/**
 * Refuse to write fixes over uncommitted changes to tracked files (they would mix with the
 * person's own edits and could not be told apart or undone). `.trust/` and untracked files
 * do not count. `dirty` lists the changed paths, from forge/git.
 */
export function refuseDirtyTree(dirty: readonly string[]): void {
  if (dirty.length === 0) return;
  const named = dirty.slice(0, NAMED).join(', ');
  const more = dirty.length > NAMED ? ` and ${dirty.length - NAMED} more` : '';
  throw new InputError(
    `the working tree has uncommitted changes to ${dirty.length} tracked file${dirty.length === 1 ? '' : 's'} (${named}${more}): commit or stash them first, or pass --allow-dirty`,
  );
}
