/**
 * test/helpers/real-code/project: a real npm package (installed from the lockfile as an
 * exact-pinned devDependency, so `npm ci` brings it and no test touches the network) copied into
 * a real git repository on a temp dir, as a user's checkout of it would be. Its dependencies
 * (and its own test runner and lint config) resolve through a link to this checkout's
 * node_modules, which git is told to ignore along with the scan's and trust's own files.
 */
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeGitRepo, type TempRepo } from '../git-repo.js';
import { REPO_ROOT } from '../run-trust.js';

export interface RealProject {
  /** The npm package name; its version must be the exact one package.json pins. */
  name: string;
  version: string;
  /** What the security scan lints, as ESLint patterns relative to the package root. */
  scan: string[];
  sourceType: 'commonjs' | 'module';
  /** The package ships its own ESLint flat config (eslint.config.*): run it on the changed files. */
  ownLint: boolean;
  /** The package ships its tests: the argv (after `node`) that runs them in the package root. */
  tests?: string[];
  /**
   * A CommonJS script run with `node` in the package root before and after the fix, printing
   * what the package's public API did with a few inputs (JSON on stdout): the outputs must match.
   */
  probe?: string;
}

/** Files in the temp repo that are the harness's and trust's, not the project's. */
export const ARTIFACTS = ['node_modules', '.trust/', 'eslint.sarif', 'codetf.json'];

export function installedDir(name: string): string {
  return join(REPO_ROOT, 'node_modules', name);
}

/** The pinned spec in package.json and the installed version, to check they agree. */
export function versions(name: string): { pinned: string | undefined; installed: string } {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  const installed = (
    JSON.parse(readFileSync(join(installedDir(name), 'package.json'), 'utf8')) as { version: string }
  ).version;
  return { pinned: manifest.devDependencies?.[name], installed };
}

export async function checkOut(project: RealProject): Promise<TempRepo> {
  const repo = await makeGitRepo({});
  const from = installedDir(project.name);
  cpSync(from, repo.dir, {
    recursive: true,
    filter: (src) => !src.slice(from.length).split(/[\\/]/).includes('node_modules'),
  });
  writeFileSync(join(repo.dir, '.git/info/exclude'), `${ARTIFACTS.join('\n')}\n`);
  await repo.git.add('.');
  await repo.git.commit(`${project.name}@${project.version} as published`);
  if (!existsSync(join(repo.dir, 'node_modules')))
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(repo.dir, 'node_modules'), 'dir');
  return repo;
}
