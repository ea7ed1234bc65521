/**
 * `trust fix` when an output cannot be written (issue 10 §4): a report path that is bad from
 * the start stops the run before anything is written; one that fails only at the end leaves the
 * fixes and a log that verifies and records them; a read-only tree or file is exit 2 with one
 * line naming the path; `--dry-run > fix.patch` gives a patch `git apply` takes, and nothing else.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TempRepo } from './helpers/git-repo.js';
import { makeReadOnly, READ_ONLY_UNSUPPORTED } from './helpers/read-only.js';
import { hasStackTrace, runTrust } from './helpers/run-trust.js';
import { WEAK_SOURCE, weakHashRepo } from './helpers/weak-hash-repo.js';

const FILES = ['src/a.js', 'src/b.js'];

let repo: TempRepo | undefined;
const undo: (() => void)[] = [];
afterEach(async () => {
  for (const u of undo.splice(0)) u();
  await repo?.cleanup();
  repo = undefined;
});

async function setUp(files = FILES): Promise<string> {
  repo = await weakHashRepo(
    files,
    files.map((uri) => ({ uri })),
  );
  return repo.dir;
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

/** One line on stderr, the given exit code, no stack trace. */
function expectOneLine(r: { exitCode: number; stderr: string }, code: number): string {
  expect(r.exitCode, r.stderr).toBe(code);
  expect(hasStackTrace(r.stderr)).toBe(false);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  return lines[0]!;
}

async function loggedFixFiles(dir: string): Promise<string[]> {
  const verify = await runTrust(['log', 'verify', '--bootstrap'], { cwd: dir });
  expect(verify.exitCode, verify.stderr).toBe(0);
  const show = await runTrust(['log', 'show', '--kind', 'fix', '--json'], { cwd: dir });
  expect(show.exitCode, show.stderr).toBe(0);
  const entries = JSON.parse(show.stdout) as { entry: { files: string[]; outcome: string } }[];
  for (const e of entries) expect(e.entry.outcome).toBe('applied');
  return entries.flatMap((e) => e.entry.files).sort();
}

describe('trust fix with a report path that cannot be written', () => {
  it('stops before the first write when the folder does not exist (also with --dry-run)', async () => {
    const dir = await setUp();
    for (const extra of [[], ['--dry-run']]) {
      const r = await runTrust(['fix', 'a.sarif', '--codetf', '/nonexistent-dir/x.json', ...extra], {
        cwd: dir,
      });
      expect(expectOneLine(r, 2)).toBe(
        'trust: cannot write the CodeTF report /nonexistent-dir/x.json: no such directory /nonexistent-dir',
      );
      expect(r.stdout).toBe('');
    }
    for (const f of FILES) expect(read(dir, f)).toBe(WEAK_SOURCE);
    expect(existsSync(join(dir, '.trust'))).toBe(false);
  });

  it.skipIf(!existsSync('/dev/full'))(
    'that fails only at the end (/dev/full) leaves the fixes and a verifying log that records them',
    async () => {
      const dir = await setUp();
      const r = await runTrust(['fix', 'a.sarif', '--codetf', '/dev/full'], { cwd: dir });
      expect(expectOneLine(r, 2)).toMatch(
        /^trust: cannot write the CodeTF report \/dev\/full: no space left on the device \(ENOSPC\); 2 files were fixed before it, and those 2 fixes are recorded in /,
      );
      for (const f of FILES) expect(read(dir, f)).toContain("createHash('sha256')");
      expect(await loggedFixFiles(dir)).toEqual(FILES);
    },
  );
});

describe('the log commands with an --output that cannot be written', () => {
  it('are exit 2 with one line naming it, before anything is written', async () => {
    const dir = await setUp();
    expect((await runTrust(['triage', 'a.sarif'], { cwd: dir })).exitCode).toBe(0);
    for (const [command, what] of [
      [['log', 'prove', '0'], 'the proof'],
      [['log', 'export'], 'the export'],
    ] as const) {
      const r = await runTrust([...command, '--output', '/nonexistent-dir/out'], { cwd: dir });
      expect(expectOneLine(r, 2)).toBe(
        `trust: cannot write ${what} /nonexistent-dir/out: no such directory /nonexistent-dir`,
      );
    }
  });
});

describe('trust fix --dry-run > fix.patch', () => {
  it('puts the diff alone on stdout: git apply takes it and gives what fix writes', async () => {
    const dir = await setUp();
    const r = await runTrust(['fix', 'a.sarif', '--dry-run'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    for (const line of r.stdout.trimEnd().split('\n'))
      expect(line).toMatch(/^(--- a\/|\+\+\+ b\/|@@ |[ +\-\\])/);
    // The human summary is on stderr.
    expect(r.stderr).toContain('Fixed 2 of 2 findings in 2 files (dry run: nothing written)');
    expect(r.stderr).toContain('trust:js/weak-hash');

    const patch = join(dir, '..', `${dir.split('/').pop()}.patch`);
    writeFileSync(patch, r.stdout);
    undo.push(() => rmSync(patch, { force: true }));
    await repo!.git.raw(['apply', patch]);
    const patched = FILES.map((f) => read(dir, f));
    expect(patched.every((text) => text !== WEAK_SOURCE)).toBe(true);
    await repo!.git.raw(['checkout', '--', '.']);
    const fix = await runTrust(['fix', 'a.sarif'], { cwd: dir });
    expect(fix.exitCode, fix.stderr).toBe(0);
    expect(FILES.map((f) => read(dir, f))).toEqual(patched);
  });
});

describe('trust triage and fix in a tree they cannot write', () => {
  it('a file where .trust/ should be: exit 2 naming the path, for root too', async () => {
    const dir = await setUp();
    writeFileSync(join(dir, '.trust'), 'not a folder\n');
    const triage = await runTrust(['triage', 'a.sarif'], { cwd: dir });
    expect(expectOneLine(triage, 2)).toBe(
      `trust: cannot create the folder ${join(dir, '.trust')}: a file is in the way (EEXIST)`,
    );
    const fix = await runTrust(['fix', 'a.sarif'], { cwd: dir });
    expect(expectOneLine(fix, 2)).toMatch(
      /^trust: cannot write the audit log .*\.trust\/trust\.db: .*ENOTDIR/,
    );
    for (const f of FILES) expect(read(dir, f)).toBe(WEAK_SOURCE);
  });

  describe.skipIf(READ_ONLY_UNSUPPORTED !== undefined)(
    `a read-only repository${READ_ONLY_UNSUPPORTED ? ` (skipped: ${READ_ONLY_UNSUPPORTED})` : ''}`,
    () => {
      it('triage cannot create .trust/ and fix writes nothing: exit 2 naming the path', async () => {
        const dir = await setUp();
        undo.push(makeReadOnly(dir)!);
        const triage = await runTrust(['triage', 'a.sarif'], { cwd: dir });
        expect(expectOneLine(triage, 2)).toMatch(
          new RegExp(
            `^trust: cannot create the folder ${join(dir, '.trust')}: .*\\((EPERM|EACCES|EROFS)\\)$`,
          ),
        );
        const fix = await runTrust(['fix', 'a.sarif'], { cwd: dir });
        expect(expectOneLine(fix, 2)).toMatch(
          /^trust: cannot write the audit log .*\((EPERM|EACCES|EROFS)\)$/,
        );
        for (const f of FILES) expect(read(dir, f)).toBe(WEAK_SOURCE);
        expect(existsSync(join(dir, '.trust'))).toBe(false);
      });

      it('fix cannot write one file: exit 2 naming it; the log records exactly what it wrote', async () => {
        // Six files come before the read-only one (files are fixed in path order, four at a
        // time, each written before the next starts), so some are written before the failure.
        const files = ['a', 'b', 'c', 'd', 'e', 'f', 'z'].map((n) => `src/${n}.js`);
        const dir = await setUp(files);
        undo.push(makeReadOnly(join(dir, 'src/z.js'))!);
        const fix = await runTrust(['fix', 'a.sarif'], { cwd: dir });
        const line = expectOneLine(fix, 2);
        expect(line).toMatch(/^trust: cannot write the fixed file src\/z\.js: .*\((EPERM|EACCES|EROFS)\); /);
        expect(read(dir, 'src/z.js')).toBe(WEAK_SOURCE);
        const changed = files.filter((f) => read(dir, f) !== WEAK_SOURCE);
        expect(changed.length).toBeGreaterThanOrEqual(2);
        expect(line).toContain(`; ${changed.length} files were fixed before it`);
        expect(await loggedFixFiles(dir)).toEqual(changed);
      });
    },
  );
});
