/**
 * sarif/repo-files: a lazy index of the files in the checkout, for scanners that report paths
 * relative to a source folder rather than the repository root (SpotBugs "Boot.java",
 * "com/acme/Foo.java" for src/main/java/com/acme/Foo.java). Built on first use only;
 * skips .git, node_modules and other dot-folders; stops at a size cap.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const MAX_FILES = 200_000;
const SKIP = new Set(['node_modules', '.git']);

export class RepoFiles {
  private byName: Map<string, string[]> | undefined;

  constructor(private readonly root: string) {}

  private build(): Map<string, string[]> {
    const byName = new Map<string, string[]>();
    let count = 0;
    const walk = (dir: string, rel: string) => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (count >= MAX_FILES) return;
        if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
        const path = rel ? `${rel}/${entry.name}` : entry.name;
        // Symlinks are not followed: a link could lead out of the tree or into a loop.
        if (entry.isDirectory()) walk(join(dir, entry.name), path);
        else if (entry.isFile()) {
          count++;
          const list = byName.get(entry.name);
          if (list) list.push(path);
          else byName.set(entry.name, [path]);
        }
      }
    };
    walk(this.root, '');
    return byName;
  }

  /** Files whose path ends with `/${tail}`; more than one means the tail is ambiguous. */
  endingWith(tail: string): string[] {
    this.byName ??= this.build();
    const name = tail.slice(tail.lastIndexOf('/') + 1);
    return (this.byName.get(name) ?? []).filter((p) => p.endsWith(`/${tail}`));
  }
}
