/**
 * The repository root a run works on (issue 10 §4): a -C that does not exist is exit 2 and
 * creates nothing; a root outside any git work tree is said once; `fix` refuses uncommitted
 * changes to tracked files unless --allow-dirty (untracked files and .trust/ do not count, and
 * --dry-run needs no clean tree).
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, type TempRepo } from './helpers/git-repo.js';
import { hasStackTrace, runTrust } from './helpers/run-trust.js';
import { WEAK_SOURCE, weakHashRepo } from './helpers/weak-hash-repo.js';

const FILES = ['src/a.js', 'src/b.js', 'src/c.js'];

let repo: TempRepo | undefined;
const temps: string[] = [];
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  temps.push(dir);
  return dir;
}

async function setUp(): Promise<string> {
  repo = await weakHashRepo(
    FILES,
    FILES.map((uri) => ({ uri })),
  );
  return repo.dir;
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

describe('-C that does not exist', () => {
  it('is exit 2 with one line for every command, and creates nothing', async () => {
    const dir = await setUp();
    const missing = join(tempDir('trust-missing-'), 'nonexistent');
    for (const args of [
      ['-C', missing, 'triage', join(dir, 'a.sarif')],
      ['-C', missing, 'findings', join(dir, 'a.sarif')],
      ['-C', missing, 'fix', join(dir, 'a.sarif')],
      ['--cwd', missing, 'log', 'show'],
    ]) {
      const r = await runTrust(args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`trust: -C ${missing}: no such directory\n`);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
    const viaEnv = await runTrust(['triage', join(dir, 'a.sarif')], { env: { TRUST_CWD: missing } });
    expect(viaEnv.exitCode).toBe(2);
    expect(viaEnv.stderr).toBe(`trust: TRUST_CWD ${missing}: no such directory\n`);
    const notDir = await runTrust(['-C', join(dir, 'a.sarif'), 'findings', 'a.sarif']);
    expect(notDir.stderr).toBe(`trust: -C ${join(dir, 'a.sarif')}: not a directory\n`);
    expect(existsSync(missing)).toBe(false);
    for (const f of FILES) expect(read(dir, f)).toBe(WEAK_SOURCE);
  });
});

describe('a root that is not a git repository', () => {
  it('is said once per run by triage and fix, however many findings, and the run goes on', async () => {
    const src = await setUp();
    const plain = tempDir('trust-plain-');
    for (const f of [...FILES, 'a.sarif']) cpSync(join(src, f), join(plain, f));
    // findings only reads: it says nothing about it.
    const findings = await runTrust(['-C', plain, 'findings', 'a.sarif']);
    expect(findings.exitCode, findings.stderr).toBe(0);
    expect(findings.stderr).toBe('');
    for (const command of ['triage', 'fix']) {
      const r = await runTrust(['-C', plain, command, 'a.sarif']);
      expect(r.exitCode, r.stderr).toBe(0);
      const notes = r.stderr.split('\n').filter((l) => l.includes('not a git repository'));
      expect(notes, r.stderr).toHaveLength(1);
      expect(notes[0]).toMatch(new RegExp(`^warning: not a git repository: ${plain} \\(.+\\)$`));
      expect(r.stderr).not.toContain('symbolic link');
    }
    // fix still fixes a plain folder (and says it cannot check it for uncommitted changes).
    for (const f of FILES) expect(read(plain, f)).toContain("createHash('sha256')");
  });
});

describe('trust fix on a tree with uncommitted changes', () => {
  it('refuses with one line naming them, writes nothing; --allow-dirty and --dry-run go ahead', async () => {
    const dir = await setUp();
    const edited = `${WEAK_SOURCE}// my own edit\n`;
    writeFileSync(join(dir, 'src/b.js'), edited);
    const r = await runTrust(['fix', 'a.sarif'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      'trust: the working tree has uncommitted changes to 1 tracked file (src/b.js): commit or stash them first, or pass --allow-dirty\n',
    );
    expect(read(dir, 'src/a.js')).toBe(WEAK_SOURCE);
    expect(existsSync(join(dir, '.trust'))).toBe(false);

    const dry = await runTrust(['fix', 'a.sarif', '--dry-run'], { cwd: dir });
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('+++ b/src/a.js');

    const allowed = await runTrust(['fix', 'a.sarif', '--allow-dirty'], { cwd: dir });
    expect(allowed.exitCode, allowed.stderr).toBe(0);
    for (const f of FILES) expect(read(dir, f)).toContain("createHash('sha256')");
    expect(read(dir, 'src/b.js')).toContain('// my own edit');
  });

  it('does not count untracked files or .trust/, and names the first three of many', async () => {
    const dir = await setUp();
    // triage creates .trust/; an untracked file appears; neither makes the tree dirty.
    expect((await runTrust(['triage', 'a.sarif'], { cwd: dir })).exitCode).toBe(0);
    writeFileSync(join(dir, 'notes.txt'), 'scratch\n');
    const clean = await runTrust(['fix', 'a.sarif'], { cwd: dir });
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('Fixed 3 of 3 findings in 3 files');
    // Now its own fixes are uncommitted: a second run refuses, naming three of four paths.
    writeFileSync(join(dir, 'a.sarif'), '{}');
    const again = await runTrust(['fix', 'a.sarif'], { cwd: dir });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toBe(
      'trust: the working tree has uncommitted changes to 4 tracked files (a.sarif, src/a.js, src/b.js and 1 more): commit or stash them first, or pass --allow-dirty\n',
    );
  });
});
