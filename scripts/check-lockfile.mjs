#!/usr/bin/env node
/**
 * Fails the test run, in one line, when `npm ci` on a fresh clone would fail or could start
 * failing on its own:
 *   1. package.json and package-lock.json disagree: `npm ci --dry-run --ignore-scripts` on a
 *      scratch copy of package.json, the lockfile and .npmrc (so node_modules here is never
 *      touched) must succeed; its `Invalid:` / `Missing:` line is printed;
 *   2. a package in the lockfile declares a dependency by dist-tag (`"jschardet": "latest"`)
 *      that package.json "overrides" does not pin: the lockfile goes stale the day the tag
 *      moves, with no change here (issue 10: @microsoft/eslint-formatter-sarif did this).
 *      npm accepts a locked tag only with a `resolved` URL, which this lockfile omits
 *      (omit-lockfile-registry-resolved), so every `npm ci` asks the registry again.
 * An in-sync lockfile is checked without the network; only a stale one makes npm read the
 * registry (as `npm ci` would) to name what is missing.
 *
 *   node scripts/check-lockfile.mjs [project dir, default: this checkout]
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const FIX = 'run npm install and commit package-lock.json';
const TIMEOUT_MS = 120_000;
const DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'];

/** npm-package-arg's test for a registry spec that is a tag: neither a version nor a range. */
function isDistTag(spec) {
  const s = spec.trim();
  if (s === '' || s.startsWith('.') || encodeURIComponent(s) !== s) return false;
  return semver.validRange(s, true) === null;
}

/** Names package.json "overrides" pins (at any depth) to an exact version or a `$` reference. */
function pinnedNames(overrides, into = new Set()) {
  for (const [key, value] of Object.entries(overrides ?? {})) {
    const name = key.replace(/(.)@.*$/, '$1');
    const own = typeof value === 'string' ? value : value?.['.'];
    if (typeof own === 'string' && (own.startsWith('$') || semver.valid(own, true))) into.add(name);
    if (value && typeof value === 'object') pinnedNames(value, into);
  }
  return into;
}

/** The version the lockfile installs for `name` as required from the package at `path`. */
function lockedVersion(lock, path, name) {
  for (let at = path; ; at = at.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, '')) {
    const entry = lock.packages?.[`${at ? `${at}/` : ''}node_modules/${name}`];
    if (entry?.version) return entry.version;
    if (at === '') return undefined;
  }
}

/** `name "tag" (from pkg)` for each dist-tag dependency in the lockfile not pinned by overrides. */
function unpinnedDistTags(manifest, lock) {
  const pinned = pinnedNames(manifest.overrides);
  const found = [];
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    const from = path === '' ? 'package.json' : path.replace(/^.*node_modules\//, '');
    for (const field of DEPENDENCY_FIELDS) {
      for (const [name, spec] of Object.entries(entry[field] ?? {})) {
        if (typeof spec !== 'string') continue;
        // An alias "npm:pkg@tag" (or "npm:pkg", which means pkg@latest) moves the same way.
        const alias = spec.startsWith('npm:') ? /^npm:.[^@]*(?:@(.*))?$/.exec(spec) : null;
        const target = alias ? (alias[1] ?? 'latest') : spec;
        if (isDistTag(target) && !pinned.has(name)) {
          found.push({ name, tag: target, from, version: lockedVersion(lock, path, name) });
        }
      }
    }
  }
  return found;
}

function npmCommand() {
  const cli = process.env.npm_execpath;
  return cli?.endsWith('.js') ? [process.execPath, [cli]] : ['npm', []];
}

/** The one line that says why `npm ci --dry-run` failed in `dir`, or undefined when it passed. */
function dryRunProblem(dir) {
  const [command, prefix] = npmCommand();
  const args = [...prefix, 'ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'];
  const run = spawnSync(command, args, { cwd: dir, encoding: 'utf8', timeout: TIMEOUT_MS });
  if (run.error) return `lockfile check: could not run npm ci --dry-run: ${run.error.message}`;
  if (run.status === 0) return undefined;
  const lines = `${run.stderr}\n${run.stdout}`
    .split('\n')
    .map((line) => line.replace(/^npm (error|ERR!)\s?/, '').trim());
  const drift = lines.filter((line) => /^(Invalid|Missing): /.test(line));
  if (drift.length > 0) {
    const more = drift.length > 1 ? ` (and ${drift.length - 1} more)` : '';
    return `lockfile is stale: ${drift[0].replace(/^Invalid: /, '')}${more} — ${FIX}`;
  }
  const reason = lines.find((line) => line !== '' && !/^code |^A complete log|^\d+ verbose/.test(line));
  return `lockfile check: npm ci --dry-run failed: ${reason ?? `exit ${run.status}`}`;
}

function check(project) {
  const lockName = ['npm-shrinkwrap.json', 'package-lock.json'].find((n) => existsSync(join(project, n)));
  if (!lockName) return `lockfile check: no package-lock.json in ${project} — ${FIX}`;
  const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(join(project, lockName), 'utf8'));
  const scratch = mkdtempSync(join(tmpdir(), 'trust-lockfile-'));
  try {
    for (const name of ['package.json', lockName, '.npmrc']) {
      if (existsSync(join(project, name))) copyFileSync(join(project, name), join(scratch, name));
    }
    const stale = dryRunProblem(scratch);
    if (stale) return stale;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const tags = unpinnedDistTags(manifest, lock);
  if (tags.length > 0) {
    const named = tags.map((t) => `${t.name} "${t.tag}" (from ${t.from})`).join(', ');
    const pins = tags.filter((t) => t.version).map((t) => `"${t.name}": "${t.version}"`);
    const example = pins.length > 0 ? ` (${[...new Set(pins)].join(', ')})` : '';
    return `lockfile will go stale: ${named} is a dist-tag, which moves on every release — pin it in package.json "overrides"${example} and run npm install`;
  }
  return undefined;
}

const project = resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
const started = performance.now();
const problem = check(project);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exitCode = 1;
} else {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`lockfile: in sync with package.json, no unpinned dist-tags (${seconds} s)\n`);
}
