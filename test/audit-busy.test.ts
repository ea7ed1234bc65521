/**
 * The audit log under contention and refusal, end to end: another process holding the write
 * lock (a second better-sqlite3 connection in BEGIN EXCLUSIVE) makes trust wait --log-wait,
 * then fail with exit 3 and one line naming the file (not exit 2 "bad input", not a failed
 * verification); an entry trust refuses to record (a secret in it) is exit 2, not a bug (70).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { hasStackTrace, runTrust } from './helpers/run-trust.js';

function sarif(ruleId: string): string {
  return JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Semgrep', rules: [{ id: ruleId }] } },
        results: [
          {
            ruleId,
            level: 'error',
            message: { text: 'eval of user input' },
            locations: [
              { physicalLocation: { artifactLocation: { uri: 'app.js' }, region: { startLine: 1 } } },
            ],
          },
        ],
      },
    ],
  });
}

let repo: TempRepo | undefined;
let holder: Database.Database | undefined;
afterEach(async () => {
  if (holder?.inTransaction) holder.exec('ROLLBACK');
  holder?.close();
  holder = undefined;
  await repo?.cleanup();
  repo = undefined;
});

describe('a busy audit log', () => {
  it('waits --log-wait, then exits 3 with one line naming the file; works once the lock is gone', async () => {
    repo = await makeGitRepo({ 'app.js': 'eval(process.argv[2]);\n', 'r.sarif': sarif('js-eval') });
    const first = await runTrust(['triage', 'r.sarif', '--origin', 'test.invalid/app'], { cwd: repo.dir });
    expect(first.exitCode, first.stderr).toBe(0);

    const db = join(repo.dir, '.trust', 'trust.db');
    holder = new Database(db);
    holder.exec('BEGIN EXCLUSIVE');

    for (const args of [
      ['triage', 'r.sarif', '--log-wait', '0.3'],
      ['log', 'verify', '--bootstrap', '--log-wait', '0.3'],
      ['log', 'show', '--log-wait', '0.3'],
    ]) {
      const r = await runTrust(args, { cwd: repo.dir });
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(3);
      // `log verify --bootstrap` first warns that it has no verifier key; the error is one line.
      const lines = r.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('warning: '));
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0]).toBe(
        `trust: audit log: ${db} is locked by another process; gave up after 0.3 s (--log-wait waits longer)`,
      );
      expect(hasStackTrace(r.stderr)).toBe(false);
    }

    holder.exec('ROLLBACK');
    const again = await runTrust(['log', 'verify', '--bootstrap', '--log-wait', '0.3'], { cwd: repo.dir });
    expect(again.exitCode, again.stderr).toBe(0);
  });

  it('TRUST_LOG_WAIT sets the wait too; --json gets an external error object', async () => {
    repo = await makeGitRepo({ 'app.js': 'eval(process.argv[2]);\n', 'r.sarif': sarif('js-eval') });
    expect((await runTrust(['triage', 'r.sarif'], { cwd: repo.dir })).exitCode).toBe(0);
    holder = new Database(join(repo.dir, '.trust', 'trust.db'));
    holder.exec('BEGIN EXCLUSIVE');
    const r = await runTrust(['triage', 'r.sarif', '--json'], {
      cwd: repo.dir,
      env: { TRUST_LOG_WAIT: '0.2' },
    });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('gave up after 0.2 s');
    expect(JSON.parse(r.stdout)).toMatchObject({
      error: { exitCode: 3, kind: 'external', type: 'LogBusyError', service: 'audit log' },
    });
  });
});

describe('an entry trust refuses to record', () => {
  it('is bad input: exit 2, one line, no stack, nothing recorded', async () => {
    const token = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';
    repo = await makeGitRepo({ 'app.js': 'eval(process.argv[2]);\n', 'r.sarif': sarif(`leak-${token}`) });
    const r = await runTrust(['triage', 'r.sarif'], { cwd: repo.dir, env: { GITHUB_TOKEN: token } });
    expect(r.exitCode, r.stderr).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('trust: refusing to record a secret in a triage entry');
    expect(r.stderr).not.toContain(token);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
