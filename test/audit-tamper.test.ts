// Acceptance 2: a real log file, edited with SQL the way an attacker with write access would,
// then `trust log verify --json` (the built binary) must name the right class and first index.
import { copyFileSync, existsSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkpointLog,
  type EntryInput,
  generateSignerKey,
  openAuditLog,
  parseSignerKey,
  signCheckpoint,
} from '../src/audit/index.js';
import { canonicalize } from '../src/audit/jcs.js';
import { hashLeaf, rootOf } from '../src/audit/merkle.js';
import { makeGitRepo, makeTempDir, type TempRepo } from './helpers/git-repo.js';
import { runTrust } from './helpers/run-trust.js';

const ORIGIN = 'github.com/acme/app/trust-audit';
const KEY = generateSignerKey(ORIGIN);
const SIGNER = parseSignerKey(KEY.signerKey);
const RUN = { command: 'test', trustVersion: '0.0.0' };
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function triage(n: number, note = 'no deterministic rule applies'): EntryInput {
  return {
    kind: 'triage',
    finding: {
      fingerprint: `fp-${n}`,
      tool: 'CodeQL',
      rule: 'js/sql-injection',
      path: `src/f${n}.js`,
      line: n + 1,
    },
    decision: 'needs_review',
    justification: note,
    decidedBy: { method: 'rule', rule: 'default' },
  };
}

/** A directory holding .trust/trust.db (10 triage entries + run entry = 11, signed at 6 and 11). */
function makeLog(dir = makeTempDir('trust-tamper-')): { dir: string; db: string } {
  dirs.push(dir);
  const db = join(dir, '.trust/trust.db');
  const log = openAuditLog(db, { origin: ORIGIN, env: {}, now: () => new Date('2025-03-01T12:00:00Z') });
  log.appendMany([0, 1, 2, 3, 4].map((n) => triage(n)));
  const first = checkpointLog(log, [SIGNER], RUN);
  writeFileSync(join(dir, 'checkpoint.6'), first.note);
  log.appendMany([5, 6, 7, 8].map((n) => triage(n)));
  const head = checkpointLog(log, [SIGNER], RUN);
  log.close();
  writeFileSync(join(dir, '.trust/checkpoint'), head.note);
  writeFileSync(join(dir, '.trust/verifier-key'), `${KEY.verifierKey}\n`);
  return { dir, db };
}

/** Edit the file directly; the append-only triggers are dropped first, as an attacker would. */
function sql(db: string, edit: (d: Database.Database) => void): void {
  const d = new Database(db);
  d.exec(
    'DROP TRIGGER IF EXISTS entries_no_update; DROP TRIGGER IF EXISTS entries_no_delete; DROP TRIGGER IF EXISTS checkpoints_no_delete;',
  );
  edit(d);
  d.close();
}

interface Report {
  ok: boolean;
  size: number;
  rootOnly?: number;
  failures: Array<{ class: string; index: number; message: string }>;
}

async function verify(
  dir: string,
  ...args: string[]
): Promise<{ exitCode: number; report: Report; stderr: string }> {
  const r = await runTrust(['log', 'verify', '--json', ...args], { cwd: dir });
  return { exitCode: r.exitCode, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

async function expectFailure(dir: string, cls: string, index: number, ...args: string[]): Promise<Report> {
  const { exitCode, report, stderr } = await verify(dir, ...args);
  expect(report.failures[0], stderr).toMatchObject({ class: cls, index });
  expect(exitCode).toBe(1);
  expect(stderr).toContain(`FAILED: ${cls} at entry ${index}`);
  return report;
}

const body = (db: string, idx: number) =>
  (
    new Database(db, { readonly: true }).prepare('SELECT body FROM entries WHERE idx = ?').get(idx) as {
      body: Buffer;
    }
  ).body;

describe('audit log tamper suite', () => {
  it('an untouched log verifies', async () => {
    const { dir } = makeLog();
    const { exitCode, report } = await verify(dir);
    expect(report).toMatchObject({ ok: true, size: 11, failures: [] });
    expect(exitCode).toBe(0);
  });

  it('signed entries are checked by root, with --deep every entry in full', async () => {
    const { dir } = makeLog();
    const fast = await verify(dir);
    expect(fast.report).toMatchObject({ ok: true, size: 11, rootOnly: 11 });
    const deep = await verify(dir, '--deep');
    expect(deep.report).toMatchObject({ ok: true, size: 11, rootOnly: 0 });
    expect(deep.exitCode).toBe(0);
  });

  it('flip a byte of an entry body -> modified at that entry', async () => {
    const { dir, db } = makeLog();
    const b = Buffer.from(body(db, 3));
    const at = b.indexOf('src/f3.js') + 4;
    b[at] = b[at]! ^ 0x01;
    sql(db, (d) => d.prepare('UPDATE entries SET body = ? WHERE idx = 3').run(b));
    await expectFailure(dir, 'modified', 3);
  });

  it('change only a stored leaf hash -> modified at that entry', async () => {
    const { dir, db } = makeLog();
    sql(db, (d) =>
      d.prepare('UPDATE entries SET leaf_hash = ? WHERE idx = 4').run(hashLeaf(Buffer.from('forged'))),
    );
    await expectFailure(dir, 'modified', 4);
  });

  it('rewrite an entry and recompute its leaf hash -> modified, caught by the signed root', async () => {
    const { dir, db } = makeLog();
    const e = JSON.parse(body(db, 2).toString('utf8'));
    e.decision = 'false_positive';
    const forged = Buffer.from(canonicalize(e));
    sql(db, (d) =>
      d.prepare('UPDATE entries SET body = ?, leaf_hash = ? WHERE idx = 2').run(forged, hashLeaf(forged)),
    );
    const report = await expectFailure(dir, 'modified', 0);
    expect(report.failures[0]!.message).toContain('recomputed');
  });

  it('delete a middle entry -> deleted at its index (with or without renumbering)', async () => {
    const gap = makeLog();
    sql(gap.db, (d) => d.prepare('DELETE FROM entries WHERE idx = 5').run());
    await expectFailure(gap.dir, 'deleted', 5);
    const renumbered = makeLog();
    sql(renumbered.db, (d) => {
      d.prepare('DELETE FROM entries WHERE idx = 5').run();
      for (let i = 6; i < 11; i++) d.prepare('UPDATE entries SET idx = ? WHERE idx = ?').run(i - 1, i);
    });
    await expectFailure(renumbered.dir, 'deleted', 5);
  });

  it('swap two entries -> reordered at the first', async () => {
    const { dir, db } = makeLog();
    sql(db, (d) => {
      d.prepare('UPDATE entries SET idx = -1 WHERE idx = 2').run();
      d.prepare('UPDATE entries SET idx = 2 WHERE idx = 7').run();
      d.prepare('UPDATE entries SET idx = 7 WHERE idx = -1').run();
    });
    await expectFailure(dir, 'reordered', 2);
  });

  it('duplicate an entry -> inserted at the copy', async () => {
    const { dir, db } = makeLog();
    sql(db, (d) =>
      d
        .prepare(
          'INSERT INTO entries SELECT 11, body, leaf_hash, kind, subject, ts FROM entries WHERE idx = 3',
        )
        .run(),
    );
    await expectFailure(dir, 'inserted', 11);
  });

  it('truncate the tail without re-signing -> truncated at the new end', async () => {
    const { dir, db } = makeLog();
    sql(db, (d) => d.prepare('DELETE FROM entries WHERE idx >= 8').run());
    await expectFailure(dir, 'truncated', 8);
  });

  it('truncate the tail and re-sign -> truncated against the carried-forward checkpoint', async () => {
    const { dir, db } = makeLog();
    sql(db, (d) => {
      d.prepare('DELETE FROM entries WHERE idx >= 8').run();
      d.prepare('DELETE FROM checkpoints WHERE size > 8').run();
      const leaves = (
        d.prepare('SELECT body FROM entries ORDER BY idx').all() as Array<{ body: Buffer }>
      ).map((r) => hashLeaf(r.body));
      const note = signCheckpoint({ origin: ORIGIN, size: 8, root: rootOf(leaves) }, [SIGNER]);
      d.prepare('INSERT INTO checkpoints (size, note) VALUES (8, ?)').run(note);
    });
    const report = await expectFailure(dir, 'truncated', 8);
    expect(report.failures[0]!.message).toContain('re-signed');
    // Without the carried-forward checkpoint the re-signed log looks whole: that is why verify
    // fails closed when the checkpoint is missing.
    unlinkSync(join(dir, '.trust/checkpoint'));
    await expectFailure(dir, 'no-trusted-checkpoint', 0);
  });

  it('rewrite an entry as non-canonical JSON with the same meaning -> non-canonical', async () => {
    const { dir, db } = makeLog();
    const pretty = Buffer.from(JSON.stringify(JSON.parse(body(db, 2).toString('utf8')), null, 1));
    sql(db, (d) => d.prepare('UPDATE entries SET body = ? WHERE idx = 2').run(pretty));
    await expectFailure(dir, 'non-canonical', 2);
    sql(db, (d) => d.prepare('UPDATE entries SET leaf_hash = ? WHERE idx = 2').run(hashLeaf(pretty)));
    await expectFailure(dir, 'non-canonical', 2);
  });

  it('replay an older checkpoint (and an older copy of the log) -> rolled-back', async () => {
    const repo: TempRepo = await makeGitRepo({ 'README.md': '# app\n' });
    dirs.push(repo.dir);
    const { dir, db } = makeLog(repo.dir);
    const old = readFileSync(join(dir, 'checkpoint.6'), 'utf8');
    await repo.git.add('.trust/checkpoint').commit('audit checkpoint 11');
    // The attacker restores the log as it was at size 6 and commits the old checkpoint.
    sql(db, (d) => {
      d.prepare('DELETE FROM entries WHERE idx >= 6').run();
      d.prepare('DELETE FROM checkpoints WHERE size > 6').run();
    });
    writeFileSync(join(dir, '.trust/checkpoint'), old);
    await repo.git.add('.trust/checkpoint').commit('restore');
    const report = await expectFailure(dir, 'rolled-back', 6);
    expect(report.failures.map((f) => f.class)).toContain('truncated');
  });

  it('present a checkpoint from another origin -> wrong-origin', async () => {
    const { dir } = makeLog();
    const other = makeLog();
    const otherKey = generateSignerKey('github.com/evil/fork/trust-audit');
    const otherLog = openAuditLog(join(other.dir, 'other.db'), {
      origin: 'github.com/evil/fork/trust-audit',
      env: {},
    });
    otherLog.appendMany([0, 1].map((n) => triage(n)));
    const note = checkpointLog(otherLog, [parseSignerKey(otherKey.signerKey)], RUN).note;
    otherLog.close();
    writeFileSync(join(dir, 'foreign.checkpoint'), note);
    await expectFailure(
      dir,
      'wrong-origin',
      2,
      '--trusted-checkpoint',
      'foreign.checkpoint',
      '--verifier-key',
      KEY.verifierKey,
      '--verifier-key',
      otherKey.verifierKey,
    );
  });

  it('a forked log of the same size -> forked where they diverge', async () => {
    const a = makeLog();
    const b = makeLog();
    // Same first 6 entries (same clock, same key); then b appends different decisions.
    sql(b.db, (d) => {
      d.prepare('DELETE FROM entries WHERE idx >= 6').run();
      d.prepare('DELETE FROM nodes WHERE idx * (1 << level) + (1 << level) > 6').run();
      d.prepare('DELETE FROM checkpoints WHERE size > 6').run();
    });
    const log = openAuditLog(b.db, { env: {}, now: () => new Date('2025-03-01T12:00:00Z') });
    log.appendMany([5, 6, 7, 8].map((n) => triage(n, 'forked decision')));
    writeFileSync(join(b.dir, '.trust/checkpoint'), checkpointLog(log, [SIGNER], RUN).note);
    log.close();
    expect(
      (await runTrust(['log', 'verify', '--trusted-checkpoint', '.trust/checkpoint'], { cwd: b.dir }))
        .exitCode,
    ).toBe(0);
    copyFileSync(join(a.dir, 'checkpoint.6'), join(b.dir, 'a.6'));
    copyFileSync(join(a.dir, '.trust/checkpoint'), join(b.dir, 'a.11'));
    const report = await expectFailure(
      b.dir,
      'forked',
      6,
      '--trusted-checkpoint',
      'a.6',
      '--trusted-checkpoint',
      'a.11',
    );
    expect(report.failures[0]!.message).toContain('SECURITY ERROR');
  });

  it('a checkpoint signed by an unknown key -> unknown-key; a flipped signature -> bad-signature', async () => {
    const { dir, db } = makeLog();
    const stranger = parseSignerKey(generateSignerKey(ORIGIN).signerKey);
    const cp = readFileSync(join(dir, 'checkpoint.6'), 'utf8');
    const [origin, size, root] = cp.split('\n') as [string, string, string];
    const forged = signCheckpoint({ origin, size: Number(size), root: Buffer.from(root, 'base64') }, [
      stranger,
    ]);
    sql(db, (d) => d.prepare('UPDATE checkpoints SET note = ? WHERE size = 6').run(forged));
    await expectFailure(dir, 'unknown-key', 5);
    const sig = cp.slice(cp.lastIndexOf(' ') + 1, -1);
    const flipped = Buffer.from(sig, 'base64');
    flipped[10] = flipped[10]! ^ 1;
    sql(db, (d) =>
      d
        .prepare('UPDATE checkpoints SET note = ? WHERE size = 6')
        .run(cp.replace(sig, flipped.toString('base64'))),
    );
    await expectFailure(dir, 'bad-signature', 5);
  });

  it('a deleted -wal file after an unclean stop -> truncated against the checkpoint it had written', async () => {
    const { dir, db } = makeLog();
    // A child appends and signs, writes .trust/checkpoint, then dies without closing the log.
    const script = `
      import { writeFileSync } from 'node:fs';
      import { openAuditLog, checkpointLog, parseSignerKey } from ${JSON.stringify(new URL('../dist/src/audit/index.js', import.meta.url).href)};
      const log = openAuditLog(${JSON.stringify(db)}, { env: {} });
      for (let i = 0; i < 3; i++) log.append(${JSON.stringify(triage(20))});
      const head = checkpointLog(log, [parseSignerKey(process.env.KEY)], { command: 'test', trustVersion: '0' });
      writeFileSync(${JSON.stringify(join(dir, '.trust/checkpoint'))}, head.note);
      process.kill(process.pid, 'SIGKILL');`;
    const child = await execa(process.execPath, ['--input-type=module', '-e', script], {
      env: { KEY: KEY.signerKey },
      reject: false,
    });
    expect(child.signal).toBe('SIGKILL');
    expect(existsSync(`${db}-wal`)).toBe(true);
    unlinkSync(`${db}-wal`);
    if (existsSync(`${db}-shm`)) unlinkSync(`${db}-shm`);
    await expectFailure(dir, 'truncated', 11);
  });

  it('a file that is no longer a SQLite log -> corrupt, one line, exit 1', async () => {
    const { dir, db } = makeLog();
    const bytes = readFileSync(db);
    bytes.fill(0x41, 0, 100); // the SQLite header
    writeFileSync(db, bytes);
    const r = await runTrust(['log', 'verify'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/corrupt at entry 0: .*not a readable SQLite audit log/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
