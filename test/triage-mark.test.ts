/**
 * `trust triage mark`: a person's decision, recorded in the audit log by the CI actor or git's
 * user, honoured by the next `trust fix` (which says whose decision it is and why), ignored with
 * --no-triage, and superseded by a newer mark. Bad input is one line, exit 2, nothing recorded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuditLog } from '../src/audit/index.js';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { hasStackTrace, REPO_ROOT, runTrust } from './helpers/run-trust.js';

const FIXTURE = join(REPO_ROOT, 'test/e2e/fixtures/multi-fix');
const read = (name: string) => readFileSync(join(FIXTURE, name), 'utf8');
// server.js:7 and :12 both call Math.random (js/insecure-randomness in codeql.sarif).
const MARKED = 'server.js:7:js/insecure-randomness';
const WHY = 'the id is a cache-busting nonce, never a secret';
const today = () => new Date().toISOString().slice(0, 10);

let repo: TempRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

async function setup(): Promise<TempRepo> {
  repo = await makeGitRepo({ 'server.js': read('server.js'), 'codeql.sarif': read('codeql.sarif') });
  return repo;
}

function logEntries(dir: string): Record<string, unknown>[] {
  const log = openAuditLog(join(dir, '.trust/trust.db'), { create: false });
  try {
    return Array.from(
      { length: log.size() },
      (_, i) => log.get(i)!.entry as unknown as Record<string, unknown>,
    );
  } finally {
    log.close();
  }
}

interface FixJson {
  fixed: { id: string; rule: string; path: string; line: number }[];
  unfixed: { id: string; path: string; line: number; outcome: string; reason: string }[];
}

describe('trust triage mark, then trust fix', () => {
  it('leaves the marked finding unfixed and says whose decision it is and why', async () => {
    const { dir } = await setup();
    const triage = await runTrust(['triage', 'codeql.sarif'], { cwd: dir });
    expect(triage.exitCode, triage.stderr).toBe(0);

    const mark = await runTrust(['triage', 'mark', MARKED, '--as', 'false_positive', '--why', WHY], {
      cwd: dir,
    });
    expect(mark.exitCode, mark.stderr).toBe(0);
    const actor = 'git:trust tests <tests@trust.invalid>';
    expect(mark.stdout).toContain(`Marked 1 finding false_positive by ${actor}`);
    const entries = logEntries(dir);
    const recorded = entries.at(-1)!;
    expect(recorded).toMatchObject({
      kind: 'triage',
      actor,
      decision: 'false_positive',
      justification: WHY,
      decidedBy: { method: 'human' },
      finding: { path: 'server.js', line: 7, rule: 'js/insecure-randomness' },
    });
    // It supersedes the rule's earlier decision about the same finding.
    const earlier = entries.findIndex(
      (e) => e.kind === 'triage' && (e.finding as { line: number }).line === 7 && e !== recorded,
    );
    expect(recorded.supersedes).toBe(earlier);

    const fix = await runTrust(['fix', 'codeql.sarif'], { cwd: dir });
    expect(fix.exitCode, fix.stderr).toBe(0);
    const reason = `marked false_positive by ${actor} on ${today()}: ${WHY}`;
    expect(fix.stdout).toContain(`server.js:7  js/insecure-randomness  ${reason}`);
    expect(fix.stdout).toMatch(/^Triaged by: 1 marked by a person$/m);
    const lines = readFileSync(join(dir, 'server.js'), 'utf8').split('\n');
    expect(lines.find((l) => l.includes('const id ='))).toContain('Math.random()'); // the marked one is left
    expect(lines.find((l) => l.includes('const n ='))).not.toContain('Math.random()'); // the other is fixed

    // A later `trust triage` keeps the person's decision and reports it.
    const again = await runTrust(['triage', 'codeql.sarif', '--json'], { cwd: dir });
    const decisions = JSON.parse(again.stdout) as { location: string; decision: string; status: string }[];
    expect(decisions.find((d) => d.location.startsWith('server.js:7'))).toMatchObject({
      decision: 'false_positive',
      status: 'kept-manual',
    });
  });

  it('--no-triage ignores the mark; a newer mark supersedes the older one', async () => {
    const { dir } = await setup();
    const sarif = ['--sarif', 'codeql.sarif'];
    expect(
      (await runTrust(['triage', 'mark', MARKED, ...sarif, '--as', 'wont_fix', '--why', WHY], { cwd: dir }))
        .exitCode,
    ).toBe(0);
    const dry = async (...extra: string[]) => {
      const r = await runTrust(['fix', 'codeql.sarif', '--dry-run', '--json', ...extra], { cwd: dir });
      expect(r.exitCode, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as FixJson;
    };
    const randomness = (run: FixJson) =>
      run.fixed.filter((f) => f.rule === 'js/insecure-randomness').map((f) => f.line);
    const honoured = await dry();
    expect(randomness(honoured)).toEqual([12]);
    expect(honoured.unfixed).toEqual([
      expect.objectContaining({
        line: 7,
        outcome: 'triaged',
        reason: expect.stringMatching(/^marked wont_fix by /),
      }),
    ]);
    expect(randomness(await dry('--no-triage')).sort()).toEqual([12, 7].sort());

    // By fingerprint prefix this time, on GitHub Actions: the CI actor decides.
    const id = honoured.unfixed[0]!.id;
    const tp = await runTrust(
      ['triage', 'mark', id.slice(0, 10), ...sarif, '--as', 'true_positive', '--why', 'reachable'],
      {
        cwd: dir,
        env: { GITHUB_ACTIONS: 'true', GITHUB_ACTOR: 'octocat', GITHUB_REPOSITORY: 'acme/app' },
      },
    );
    expect(tp.exitCode, tp.stderr).toBe(0);
    expect(logEntries(dir).at(-1)).toMatchObject({ actor: 'github:octocat', decision: 'true_positive' });
    expect((await dry()).unfixed).toEqual([]);
  });

  it('a true_positive mark fixes a finding a rule would set aside (test code)', async () => {
    repo = await makeGitRepo({ 'test/server.test.js': read('server.js') });
    const sarif = read('codeql.sarif').replaceAll('"server.js"', '"test/server.test.js"');
    repo.write({ 'codeql.sarif': sarif });
    const { dir } = repo;
    const before = JSON.parse(
      (await runTrust(['fix', 'codeql.sarif', '--dry-run', '--json'], { cwd: dir })).stdout,
    ) as FixJson;
    expect(before.fixed).toEqual([]);
    const mark = await runTrust(
      [
        'triage',
        'mark',
        'test/server.test.js:12:js/insecure-randomness',
        '--sarif',
        'codeql.sarif',
        '--as',
        'true_positive',
        '--why',
        'shipped as a demo',
      ],
      { cwd: dir },
    );
    expect(mark.exitCode, mark.stderr).toBe(0);
    const after = JSON.parse(
      (await runTrust(['fix', 'codeql.sarif', '--dry-run', '--json'], { cwd: dir })).stdout,
    ) as FixJson;
    expect(after.fixed.map((f) => `${f.rule}:${f.line}`)).toEqual(['js/insecure-randomness:12']);
  });
});

describe('trust triage mark: bad input', () => {
  it.each([
    [[MARKED, '--as', 'false_positive'], '--why is required'],
    [[MARKED, '--as', 'false_positive', '--why', '  '], '--why is required'],
    [[MARKED, '--why', WHY], '--as is required'],
    [
      [MARKED, '--as', 'fine', '--why', WHY],
      '--as fine: give one of false_positive, wont_fix, true_positive',
    ],
    [
      ['server.js:99:js/insecure-randomness', '--as', 'wont_fix', '--why', WHY],
      'unknown finding server.js:99:js/insecure-randomness',
    ],
    [[MARKED, 'deadbeefdeadbeef', '--as', 'wont_fix', '--why', WHY], 'unknown finding deadbeefdeadbeef'],
    [['server.js', '--as', 'wont_fix', '--why', WHY], 'finding server.js: give its fingerprint'],
  ])('%j: exit 2, one line, nothing recorded', async (args, message) => {
    const { dir } = await setup();
    expect((await runTrust(['triage', 'codeql.sarif'], { cwd: dir })).exitCode).toBe(0);
    const size = logEntries(dir).length;
    const r = await runTrust(['triage', 'mark', ...args], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`trust: ${message}`);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(logEntries(dir)).toHaveLength(size);
  });

  it('with no audit log yet: unknown finding, pointing at trust triage and --sarif; nothing created', async () => {
    const { dir } = await setup();
    const r = await runTrust(['triage', 'mark', MARKED, '--as', 'wont_fix', '--why', WHY], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /unknown finding .*no audit log at .*run 'trust triage <sarif>' first, or pass --sarif/,
    );
    expect(existsSync(join(dir, '.trust/trust.db'))).toBe(false);
  });
});
