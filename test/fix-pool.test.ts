/**
 * The fix pool (src/fix/pool.ts): a run large enough for worker threads must give exactly what
 * the main thread gives: the same files written, the same outcomes and reasons, the same
 * CodeTF. The repository is every codemod fixture (inputs and guard cases, JS/TS, Python, Java,
 * SARIF from CodeQL, Semgrep, ESLint and Bandit) copied three times, plus a finding on a file
 * that does not exist and one on a directory. Runs the built binary, as a user would.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, REPO_ROOT, runTrust } from './helpers/run-trust.js';

const CODEMODS_DIR = join(REPO_ROOT, 'codemods');
const COPIES = 3;

/** Fixture folders that hold SARIF (one codemod case each). */
function units(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  const here = entries.some((e) => e.isFile() && e.name.endsWith('.sarif')) ? [dir] : [];
  return [...here, ...entries.filter((e) => e.isDirectory()).flatMap((e) => units(join(dir, e.name)))];
}

/** Point every artifactLocation at `prefix/<file name>`. */
function rehome(value: unknown, prefix: string): void {
  if (Array.isArray(value)) {
    for (const v of value) rehome(v, prefix);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  const loc = o.artifactLocation as { uri?: string } | undefined;
  if (loc?.uri) loc.uri = posix.join(prefix, posix.basename(loc.uri));
  for (const v of Object.values(o)) rehome(v, prefix);
}

/** Builds the repository; returns the number of source files. */
function buildRepo(dir: string): number {
  const runs: unknown[] = [];
  let files = 0;
  const all = ['js', 'python', 'java'].flatMap((lang) => units(join(CODEMODS_DIR, lang, 'fixtures')));
  for (let k = 0; k < COPIES; k++) {
    for (const unit of all) {
      const prefix = posix.join(`c${k}`, relative(CODEMODS_DIR, unit).split('\\').join('/'));
      mkdirSync(join(dir, prefix), { recursive: true });
      for (const e of readdirSync(unit, { withFileTypes: true })) {
        if (!e.isFile() || /\.(sarif|md)$/.test(e.name) || /(^|\.)expected\./.test(e.name)) continue;
        cpSync(join(unit, e.name), join(dir, prefix, e.name));
        files++;
      }
      for (const name of readdirSync(unit).filter((n) => n.endsWith('.sarif'))) {
        const sarif = JSON.parse(readFileSync(join(unit, name), 'utf8')) as { runs: unknown[] };
        rehome(sarif.runs, prefix);
        runs.push(...sarif.runs);
      }
    }
  }
  mkdirSync(join(dir, 'c0', 'folder.js'));
  const result = (uri: string) => ({
    ruleId: 'js/insecure-randomness',
    message: { text: 'insecure randomness' },
    locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } } }],
  });
  runs.push({
    tool: { driver: { name: 'CodeQL', rules: [{ id: 'js/insecure-randomness' }] } },
    results: [result('c0/gone.js'), result('c0/folder.js')],
  });
  writeFileSync(join(dir, 'all.sarif'), JSON.stringify({ version: '2.1.0', runs }));
  return files;
}

/** Every file under `dir` (but the audit log), by relative path. */
function snapshot(dir: string, base = dir, out = new Map<string, string>()): Map<string, string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory() && e.name !== '.trust') snapshot(path, base, out);
    else if (e.isFile() && e.name !== 'codetf.json')
      out.set(relative(base, path), readFileSync(path, 'utf8'));
  }
  return out;
}

interface FixJson {
  workers: number;
  fixed: { path: string; codemod: string }[];
  unfixed: { path: string; reason: string }[];
  files: { path: string; diff: string }[];
}

describe('trust fix on worker threads', () => {
  let work: string;
  let sourceFiles: number;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'trust-fix-pool-'));
    sourceFiles = buildRepo(join(work, 'template'));
    for (const name of ['main', 'pool'])
      cpSync(join(work, 'template'), join(work, name), { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes the same files, outcomes and CodeTF as the main thread', async () => {
    expect(sourceFiles).toBeGreaterThanOrEqual(100);
    const args = ['fix', 'all.sarif', '--no-triage', '--json', '--codetf', 'codetf.json'];
    const [main, pool] = await Promise.all([
      runTrust([...args, '--jobs', '1'], { cwd: join(work, 'main'), timeoutMs: 120_000 }),
      runTrust([...args, '--jobs', '2'], { cwd: join(work, 'pool'), timeoutMs: 120_000 }),
    ]);
    expect(main.exitCode, main.stderr).toBe(0);
    expect(pool.exitCode, pool.stderr).toBe(0);
    const a = JSON.parse(main.stdout) as FixJson;
    const b = JSON.parse(pool.stdout) as FixJson;
    expect(a.workers).toBe(0);
    expect(b.workers).toBe(2);
    expect(pool.stderr).toContain('ran on 2 worker threads');
    expect({ ...b, workers: 0 }).toEqual(a);
    // Enough real work that a difference would show: every copy fixed, guard cases left.
    expect(a.fixed.length).toBeGreaterThan(100);
    expect(new Set(a.fixed.map((f) => f.codemod)).size).toBeGreaterThanOrEqual(20);
    expect(a.unfixed.length).toBeGreaterThan(COPIES);
    const reasons = new Map(a.unfixed.map((u) => [u.path, u.reason]));
    expect(reasons.get('c0/gone.js')).toBe('the file does not exist in the working tree');
    expect(reasons.get('c0/folder.js')).toBe('the file does not exist in the working tree');

    const written = snapshot(join(work, 'pool'));
    expect(written).toEqual(snapshot(join(work, 'main')));
    expect(a.files.length).toBeGreaterThan(50);
    const template = snapshot(join(work, 'template'));
    for (const f of a.files) expect(written.get(f.path), f.path).not.toBe(template.get(f.path));

    const codetf = (name: string) =>
      (JSON.parse(readFileSync(join(work, name, 'codetf.json'), 'utf8')) as { results: unknown }).results;
    expect(codetf('pool')).toEqual(codetf('main'));
  });

  it('refuses a --jobs that is not a whole number from 1 with exit 2 and a one-line reason', async () => {
    for (const bad of ['0', '1.5', 'many']) {
      const r = await runTrust(['fix', 'all.sarif', '--jobs', bad], { cwd: join(work, 'template') });
      expect(r.exitCode, `${bad}: ${r.stderr}`).toBe(2);
      // The reason, then (for commander's own errors) the pointer to --help.
      const [reason, ...rest] = r.stderr.trim().split('\n');
      expect(reason).toContain('--jobs');
      for (const line of rest) expect(line).toMatch(/^Run 'trust --help'/);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
  });
});

/** The built modules (the pool's workers run dist/src/fix/pool-worker.js). */
const dist = (path: string) => pathToFileURL(join(REPO_ROOT, 'dist', path)).href;

describe('FixPool', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'trust-fix-pool-unit-'));
    buildRepo(work);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  async function load() {
    const { FixPool } = (await import(dist('src/fix/pool.js'))) as typeof import('../src/fix/pool.js');
    const { codemodPass } = (await import(dist('src/fix/pass.js'))) as typeof import('../src/fix/pass.js');
    const { CODEMODS } = (await import(dist('codemods/index.js'))) as typeof import('../codemods/index.js');
    const { loadFindings } = (await import(
      dist('src/sarif/index.js')
    )) as typeof import('../src/sarif/index.js');
    const { languageOf } = (await import(
      dist('src/fix/languages.js')
    )) as typeof import('../src/fix/languages.js');
    const { findings } = await loadFindings([join(work, 'all.sarif')], { root: work });
    const byPath = new Map<string, typeof findings>();
    for (const f of findings) byPath.set(f.location.path!, [...(byPath.get(f.location.path!) ?? []), f]);
    const files = [...byPath]
      .filter(([path]) => path.startsWith('c1/') && languageOf(path))
      .map(([path, fs]) => ({ path, placed: path, language: languageOf(path)!, findings: fs }));
    const script = new URL(dist('src/fix/pool-worker.js'));
    return { FixPool, codemodPass, CODEMODS, files, script };
  }

  it('gives the passes the main thread gives, with the caller Finding objects', async () => {
    const { FixPool, codemodPass, CODEMODS, files, script } = await load();
    const pool = new FixPool(2, script);
    try {
      const ids = CODEMODS.map((c) => c.id);
      const passes = await pool.run({
        root: work,
        catalogue: dist('codemods/index.js'),
        codemods: ids,
        diffs: true,
        files,
      });
      expect(passes).toHaveLength(files.length);
      let fixed = 0;
      for (const [k, file] of files.entries()) {
        const here = codemodPass(work, file, CODEMODS, true);
        expect(passes[k], file.path).toEqual(here);
        for (const o of passes[k]!.outcomes) expect(file.findings).toContain(o.finding);
        fixed += passes[k]!.outcomes.filter((o) => o.status === 'fixed').length;
      }
      expect(fixed).toBeGreaterThan(20);
    } finally {
      await pool.close();
    }
  });

  it('retires a worker after its share of files and replaces it, losing no batch', async () => {
    const { FixPool, codemodPass, CODEMODS, files, script } = await load();
    // Two files a worker: eight one-file batches on two workers need at least four workers.
    const pool = new FixPool(2, script, 2);
    try {
      const request = {
        root: work,
        catalogue: dist('codemods/index.js'),
        codemods: CODEMODS.map((c) => c.id),
      };
      const some = files.slice(0, 8);
      const passes = await Promise.all(some.map((f) => pool.run({ ...request, diffs: false, files: [f] })));
      for (const [k, file] of some.entries())
        expect(passes[k]![0], file.path).toEqual(codemodPass(work, file, CODEMODS, false));
      expect(pool.spawned).toBeGreaterThanOrEqual(4);
    } finally {
      await pool.close();
    }
  });

  it('fails a batch that names a codemod the catalogue lacks, and goes on with the next', async () => {
    const { FixPool, files, script } = await load();
    const pool = new FixPool(1, script);
    try {
      const bad = pool.run({
        root: work,
        catalogue: dist('codemods/index.js'),
        codemods: ['trust:js/nope'],
        diffs: false,
        files,
      });
      await expect(bad).rejects.toThrow('no codemod trust:js/nope in the catalogue');
      const good = await pool.run({
        root: work,
        catalogue: dist('codemods/index.js'),
        codemods: ['trust:js/secure-random'],
        diffs: false,
        files,
      });
      expect(good.some((p) => p?.outcomes.some((o) => o.status === 'fixed'))).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('fails running and queued batches when closed', async () => {
    const { FixPool, CODEMODS, files, script } = await load();
    const pool = new FixPool(1, script);
    const request = {
      root: work,
      catalogue: dist('codemods/index.js'),
      codemods: CODEMODS.map((c) => c.id),
      diffs: false,
      files,
    };
    const runs = [1, 2, 3, 4].map(() =>
      pool.run(request).then(
        () => 'finished',
        (error: Error) => error.message,
      ),
    );
    await pool.close();
    expect(await Promise.all(runs)).toEqual(Array(4).fill('the fix pool was closed'));
  });

  it('does not keep the process alive once idle', async () => {
    const { files } = await load();
    const script = `
      const { fixPool } = await import(${JSON.stringify(dist('src/fix/pool.js'))});
      const pool = fixPool(2);
      const passes = await pool.run(${JSON.stringify({ root: work, catalogue: dist('codemods/index.js'), codemods: ['trust:js/secure-random'], diffs: false, files: files.slice(0, 4) })});
      console.log(passes.length);`;
    writeFileSync(join(work, 'idle.mjs'), script);
    const r = await execa(process.execPath, [join(work, 'idle.mjs')], { timeout: 30_000, reject: false });
    expect(r.timedOut).toBe(false);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stdout).trim()).toBe('4');
  });
});
