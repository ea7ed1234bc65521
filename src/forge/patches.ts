/**
 * forge/patches: delivery without a forge token (a laptop, a fork's pull-request run where
 * secrets are absent). Each fix group becomes `.trust/patches/<branch-slug>.patch` (git
 * format-patch: `git am` applies it with its message) and `<slug>.md`, the body its pull
 * request would have. Nothing is pushed. Rewriting an unchanged patch leaves the file alone.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangeRequest, ChangeRequestSpec, Forge } from './forge.js';

export function patchSlug(branch: string): string {
  return branch.replace(/[^A-Za-z0-9._-]+/g, '-');
}

export function createPatchForge(options: { dir: string; defaultBranch: string }): Forge {
  const path = (branch: string, ext: string) => join(options.dir, `${patchSlug(branch)}.${ext}`);
  const read = (branch: string): ChangeRequest | undefined => {
    const file = path(branch, 'md');
    if (!existsSync(file)) return undefined;
    const text = readFileSync(file, 'utf8');
    const title = /^# (.*)\n\n/.exec(text)?.[1] ?? branch;
    const body = text.replace(/^# .*\n\n/, '').replace(/<!-- trust:branch \S+ -->\n$/, '');
    return { number: 0, url: path(branch, 'patch'), branch, title, body };
  };
  const write = (spec: ChangeRequestSpec): ChangeRequest => {
    mkdirSync(options.dir, { recursive: true });
    writeFileSync(
      path(spec.branch, 'md'),
      `# ${spec.title}\n\n${spec.body}<!-- trust:branch ${spec.branch} -->\n`,
    );
    return {
      number: 0,
      url: path(spec.branch, 'patch'),
      branch: spec.branch,
      title: spec.title,
      body: spec.body,
    };
  };
  return {
    kind: 'patches',
    name: `patches in ${options.dir}`,
    bodyLimit: Number.POSITIVE_INFINITY,
    defaultBranch: async () => options.defaultBranch,
    pushTarget: () => undefined,
    findOpen: async (branch) => read(branch),
    async listOpen(prefix) {
      if (!existsSync(options.dir)) return [];
      const slugPrefix = patchSlug(prefix);
      return readdirSync(options.dir)
        .filter((f) => f.endsWith('.md') && f.startsWith(slugPrefix))
        .map((f) => {
          const text = readFileSync(join(options.dir, f), 'utf8');
          const branch = /<!-- trust:branch (\S+) -->/.exec(text)?.[1];
          return branch ? read(branch) : undefined;
        })
        .filter((r): r is ChangeRequest => r !== undefined);
    },
    open: async (spec) => write(spec),
    update: async (_existing, spec) => write(spec),
    async close(existing) {
      rmSync(path(existing.branch, 'md'), { force: true });
      rmSync(path(existing.branch, 'patch'), { force: true });
    },
    permalink: (_commit, file, line) => (line ? `${file}#L${line}` : file),
    async writePatch(branch, patch) {
      mkdirSync(options.dir, { recursive: true });
      const file = path(branch, 'patch');
      if (existsSync(file) && readFileSync(file, 'utf8') === patch) return false;
      writeFileSync(file, patch);
      return true;
    },
  };
}
