/**
 * core/paths: the repository-root path invariant (SPEC §5). Every path that came from
 * outside (SARIF, a config, an LLM) is placed here before anything reads or writes it:
 *   - `placeInRoot` turns an absolute or root-relative POSIX path into a repository-relative
 *     one, or says why it is outside the root (lexically: `..`, absolute elsewhere; then
 *     physically: a symlink on the way that leaves the tree, checked with realpath).
 *   - `readInRoot` reads a file only after `placeInRoot` said it is inside.
 * realpath never opens the target, so an out-of-tree file is never read.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, posix, relative, resolve, sep } from 'node:path';

export type Placement = { inside: true; path: string } | { inside: false; reason: string };

/** True when `candidate` (absolute) is `root` itself or below it, lexically. */
export function isWithin(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** "a/./b/../c" -> "a/c"; returns undefined when the path climbs above its start. */
export function normalizeRelative(path: string): string | undefined {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return undefined;
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return out.join('/');
}

const realRoots = new Map<string, string>();

function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    real = existsSync(root) ? realpathSync(root) : resolve(root);
    realRoots.set(root, real);
  }
  return real;
}

/** realpath of the deepest existing ancestor of `absolute` (the rest cannot be a symlink yet). */
function realpathOfExistingPart(absolute: string): { real: string; rest: string } {
  let current = absolute;
  let rest = '';
  for (;;) {
    try {
      return { real: realpathSync.native(current), rest };
    } catch {
      const parent = dirname(current);
      if (parent === current) return { real: current, rest };
      rest = rest ? posix.join(current.slice(parent.length + 1), rest) : current.slice(parent.length + 1);
      current = parent;
    }
  }
}

/**
 * Place `path` (POSIX; absolute, or relative to `root`) inside the repository.
 * `root` is an absolute OS path.
 */
export function placeInRoot(root: string, path: string): Placement {
  let rel: string | undefined;
  if (path.startsWith('/')) {
    const abs = posix.normalize(path);
    if (!isWithin(root, abs) && !isWithin(realRoot(root), abs)) {
      return { inside: false, reason: `absolute path ${abs} is outside the repository root` };
    }
    rel = relative(isWithin(root, abs) ? root : realRoot(root), abs)
      .split(sep)
      .join('/');
  } else {
    rel = normalizeRelative(path);
    if (rel === undefined)
      return { inside: false, reason: `${path} climbs out of the repository root with ..` };
  }
  if (rel === '') return { inside: false, reason: `${path} names the repository root itself, not a file` };
  const physical = symlinkEscape(root, rel);
  if (physical) return { inside: false, reason: physical };
  return { inside: true, path: rel };
}

/** Why `rel` leaves the tree through a symlink, or undefined when it stays inside. */
function symlinkEscape(root: string, rel: string): string | undefined {
  const rootReal = realRoot(root);
  const { real } = realpathOfExistingPart(resolve(root, rel));
  if (isWithin(rootReal, real)) return undefined;
  return `${rel} resolves through a symbolic link to ${real}, outside the repository root`;
}

/** True when `rel` (already placed) names an existing regular file. */
export function isFileInRoot(root: string, rel: string): boolean {
  try {
    return statSync(resolve(root, rel)).isFile();
  } catch {
    return false;
  }
}

/**
 * Read a repository file as UTF-8, or undefined when it is missing or not a regular file.
 * Throws nothing; refuses (returns undefined) anything placeInRoot puts outside the root.
 */
export function readInRoot(root: string, path: string): string | undefined {
  const placed = placeInRoot(root, path);
  if (!placed.inside) return undefined;
  return readPlaced(root, placed.path);
}

/** Read a file `placeInRoot` already placed (its `path`), or undefined when it is not a regular file. */
export function readPlaced(root: string, rel: string): string | undefined {
  if (!isFileInRoot(root, rel)) return undefined;
  try {
    return readFileSync(resolve(root, rel), 'utf8');
  } catch {
    return undefined;
  }
}
