/**
 * core/globs: expand `--sarif` patterns (picomatch globs, relative to the repository root)
 * into files, the way a CI job names the SARIF its scanners left behind. A plain path is kept
 * as given (reading it reports a missing file); .git and node_modules are never walked.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import picomatch from 'picomatch';

const SKIP = new Set(['.git', 'node_modules']);

export function expandGlobs(root: string, patterns: readonly string[]): { files: string[]; empty: string[] } {
  const files = new Set<string>();
  const empty: string[] = [];
  for (const pattern of patterns) {
    const { base, glob, isGlob } = picomatch.scan(pattern);
    if (!isGlob) {
      files.add(resolve(root, pattern));
      continue;
    }
    const match = picomatch(glob, { dot: true });
    const found = walk(resolve(root, base || '.'))
      .filter((rel) => match(rel))
      .map((rel) => join(resolve(root, base || '.'), rel));
    if (found.length === 0) empty.push(pattern);
    for (const f of found.sort()) files.add(f);
  }
  return { files: [...files], empty };
}

function walk(dir: string, prefix = ''): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    if (SKIP.has(e.name)) return [];
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) return walk(join(dir, e.name), rel);
    return e.isFile() ? [rel] : [];
  });
}
