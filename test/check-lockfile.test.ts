/**
 * scripts/check-lockfile.mjs (run first by `npm test`) on scratch projects whose lockfiles are
 * written by the real npm against a loopback registry: it passes when package.json and the
 * lockfile agree, and fails with exactly one line when they disagree or when a dependency is
 * declared by a dist-tag that "overrides" does not pin (the jschardet "latest" incident of
 * issue 10, replayed: the tag moves and `npm ci` starts failing with no change in the repo).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/run-trust.js';
import { type NpmRegistry, startNpmRegistry } from './servers/npm-registry.js';

const CHECK = join(REPO_ROOT, 'scripts/check-lockfile.mjs');
const FIX = 'run npm install and commit package-lock.json';

let registry: NpmRegistry;
let work: string;
let env: Record<string, string>;

beforeAll(async () => {
  registry = await startNpmRegistry();
  work = mkdtempSync(join(tmpdir(), 'trust-lockfile-test-'));
  const userconfig = join(work, 'npmrc');
  writeFileSync(userconfig, '');
  // npm's own settings for this run only: the loopback registry, a fresh cache, no user config.
  env = Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => !/^npm_config_/i.test(k) && v !== undefined),
  ) as Record<string, string>;
  Object.assign(env, {
    npm_config_registry: registry.url,
    npm_config_cache: join(work, 'cache'),
    npm_config_userconfig: userconfig,
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  });
});

afterAll(async () => {
  await registry.close();
  rmSync(work, { recursive: true, force: true });
});

/**
 * Writes the lockfile as this repository's is written: without `resolved` URLs
 * (omit-lockfile-registry-resolved), so `npm ci` re-resolves a dist-tag on every run.
 */
async function lock(dir: string): Promise<void> {
  await execa('npm', ['install', '--package-lock-only', '--ignore-scripts'], {
    cwd: dir,
    env: { ...env, npm_config_omit_lockfile_registry_resolved: 'true' },
    extendEnv: false,
  });
}

let projects = 0;
/** A project with a lockfile that `npm install --package-lock-only` wrote for `manifest`. */
async function project(manifest: Record<string, unknown>): Promise<string> {
  const dir = join(work, `project-${projects++}`);
  mkdirSync(dir, { recursive: true });
  writeManifest(dir, { name: 'scratch', version: '1.0.0', private: true, ...manifest });
  await lock(dir);
  return dir;
}

function writeManifest(dir: string, manifest: Record<string, unknown>): void {
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

function editManifest(dir: string, edit: (m: Record<string, Record<string, unknown>>) => void): void {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  edit(manifest);
  writeManifest(dir, manifest);
}

async function check(dir: string) {
  const r = await execa('node', [CHECK, dir], { env, extendEnv: false, reject: false });
  return { exitCode: r.exitCode, stdout: r.stdout, stderrLines: r.stderr.split('\n').filter(Boolean) };
}

describe('check-lockfile', () => {
  it('passes in sync, then fails with one line naming the package when package.json moves on', async () => {
    registry.publish('left-dep', '1.0.0');
    registry.publish('left-dep', '2.0.0');
    const dir = await project({ dependencies: { 'left-dep': '^1.0.0' } });
    const ok = await check(dir);
    expect(ok.stderrLines).toEqual([]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/^lockfile: in sync with package.json/);

    editManifest(dir, (m) => {
      m.dependencies!['left-dep'] = '^2.0.0';
    });
    const stale = await check(dir);
    expect(stale.exitCode).toBe(1);
    expect(stale.stderrLines).toEqual([
      `lockfile is stale: lock file's left-dep@1.0.0 does not satisfy left-dep@2.0.0 — ${FIX}`,
    ]);

    editManifest(dir, (m) => {
      m.dependencies!['new-dep'] = '1.0.0';
    });
    registry.publish('new-dep', '1.0.0');
    const two = await check(dir);
    expect(two.exitCode).toBe(1);
    expect(two.stderrLines).toHaveLength(1);
    expect(two.stderrLines[0]).toMatch(/^lockfile is stale: .* \(and 1 more\) — /);
    expect(registry.unexpected).toEqual([]);
  });

  it('names a dist-tag dependency that overrides do not pin, and the failure it turns into', async () => {
    registry.publish('chardet', '4.0.0');
    registry.publish('sarif-formatter', '3.1.0', { chardet: 'latest' });
    const dir = await project({ devDependencies: { 'sarif-formatter': '^3.1.0' } });
    const tagged = await check(dir);
    expect(tagged.exitCode).toBe(1);
    expect(tagged.stderrLines).toEqual([
      'lockfile will go stale: chardet "latest" (from sarif-formatter) is a dist-tag, which moves on every release — pin it in package.json "overrides" ("chardet": "4.0.0") and run npm install',
    ]);

    // The tag moves: `npm ci` now rejects the untouched lockfile, as it did on a fresh clone.
    registry.publish('chardet', '4.1.0');
    const stale = await check(dir);
    expect(stale.exitCode).toBe(1);
    expect(stale.stderrLines).toEqual([
      `lockfile is stale: lock file's chardet@4.0.0 does not satisfy chardet@4.1.0 — ${FIX}`,
    ]);

    // Pinned with overrides (what package.json does for jschardet), the next release is harmless.
    editManifest(dir, (m) => {
      m.overrides = { chardet: '4.0.0' };
    });
    await lock(dir);
    registry.publish('chardet', '4.2.0');
    const pinned = await check(dir);
    expect(pinned.stderrLines).toEqual([]);
    expect(pinned.exitCode).toBe(0);
    expect(registry.unexpected).toEqual([]);
  });
});
