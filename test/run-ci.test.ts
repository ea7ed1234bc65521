/**
 * `trust run` end to end (bin/trust.js) as GitHub Actions runs it (its variables, the files
 * behind $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT, a loopback GitHub) and as GitLab CI runs
 * it (its variables, a loopback GitLab, the Markdown report file); then a forge that answers
 * 500 past the retries: exit 3 with one line naming what was and was not delivered, and a
 * rerun that finishes without delivering anything twice.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSignerKey, openAuditLog } from '../src/audit/index.js';
import { type ForgeRepo, forgeRepo } from './helpers/forge-repo.js';
import { makeTempDir } from './helpers/git-repo.js';
import { runTrust } from './helpers/run-trust.js';
import { sarifOf } from './helpers/weak-hash-repo.js';
import { GitHubServer } from './servers/github-server.js';
import { GitLabServer } from './servers/gitlab-server.js';

const TOKEN = 'ghs_runCanary0123456789abcdefXYZ';

let f: ForgeRepo;
let runner: string;
beforeEach(async () => {
  f = await forgeRepo(['src/a.js', 'src/b.js']);
  runner = makeTempDir('trust-runner-');
  // Scan results land in the workspace untracked, as a scanner step leaves them.
  f.repo.write({
    'scans/codeql.sarif': sarifOf([
      { uri: 'src/a.js' },
      { uri: 'src/b.js', rule: 'js/no-codemod', level: 'error' },
    ]),
  });
});
afterEach(async () => {
  await f.cleanup();
});

function kinds(): { kind: string; ci?: { provider: string; runId?: string }; forge?: string }[] {
  const log = openAuditLog(join(f.repo.dir, '.trust', 'trust.db'), { create: false });
  try {
    return [...log.entries()].map((e) => e.entry as never);
  } finally {
    log.close();
  }
}

function outputsOf(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const at = line.indexOf('=');
    out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}

describe('GitHub Actions', () => {
  let server: GitHubServer;
  beforeEach(async () => {
    server = await new GitHubServer('acme', 'app').start();
  });
  afterEach(async () => {
    expect(server.problems).toEqual([]);
    await server.stop();
  });

  function actionsEnv() {
    return {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_API_URL: server.url,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_SHA: f.base,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_WORKFLOW: 'security',
      GITHUB_JOB: 'trust',
      GITHUB_ACTOR: 'octocat',
      GITHUB_WORKSPACE: f.repo.dir,
      GITHUB_STEP_SUMMARY: join(runner, 'step_summary'),
      GITHUB_OUTPUT: join(runner, 'output'),
      GITHUB_TOKEN: TOKEN,
    };
  }

  it('opens the PR, writes the job summary and outputs, annotates what is left, records and signs the run, and fails per --fail-on', async () => {
    const key = generateSignerKey('github.example/acme/app/trust-audit');
    const env = { ...actionsEnv(), TRUST_SIGNING_KEY: key.signerKey };
    writeFileSync(env.GITHUB_STEP_SUMMARY, '');
    writeFileSync(env.GITHUB_OUTPUT, '');
    const r = await runTrust(['run', '--sarif', 'scans/*.sarif', '--fail-on', 'error'], {
      cwd: f.repo.dir,
      env,
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /^trust: 1 unresolved finding remains at error or above \(--fail-on error\): src\/b\.js:2 js\/no-codemod$/m,
    );
    expect(server.open()).toHaveLength(1);
    expect(server.open()[0]!.head).toBe('trust/js-weak-hash');
    // The unfixed finding is annotated on its line; the fixed one is not.
    expect(r.stderr).toMatch(
      /^::error file=src\/b\.js,line=2,title=trust%3A js\/no-codemod \(unfixed\)::A broken/m,
    );
    expect(r.stderr).not.toMatch(/::(error|warning) file=src\/a\.js/);
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8');
    expect(summary).toContain('### trust run');
    expect(summary).toContain('| 1 | 0 | 0 | 0 | 0 | 1 | 1 |');
    expect(summary).toContain('[link](https://github.example/acme/app/pull/1)');
    expect(summary).toMatch(/Audit log checkpoint: \d+ entries/);
    expect(readFileSync(join(f.repo.dir, '.trust/summary.md'), 'utf8')).toBe(`${summary.trimEnd()}\n`);
    expect(outputsOf(env.GITHUB_OUTPUT)).toEqual({
      'prs-opened': '1',
      'prs-updated': '0',
      'findings-fixed': '1',
      'findings-unfixed': '1',
      'summary-path': join(f.repo.dir, '.trust/summary.md'),
    });
    const entries = kinds();
    expect(entries.map((e) => e.kind)).toEqual(['triage', 'triage', 'pr', 'fix', 'run']);
    expect(entries.at(-1)!.ci).toMatchObject({ provider: 'github', runId: '4242' });
    const verify = await runTrust(['log', 'verify', '--verifier-key', key.verifierKey], { cwd: f.repo.dir });
    expect(verify.stderr).toBe('');
    expect(verify.exitCode).toBe(0);
    expect(`${r.stdout}${r.stderr}${summary}`).not.toContain(TOKEN);

    // The next scheduled run: same findings, nothing new delivered.
    writeFileSync(env.GITHUB_OUTPUT, '');
    const again = await runTrust(['run', '--sarif', 'scans/*.sarif'], { cwd: f.repo.dir, env });
    expect(again.exitCode).toBe(0);
    expect(outputsOf(env.GITHUB_OUTPUT)).toMatchObject({
      'prs-opened': '0',
      'prs-updated': '0',
      'findings-fixed': '1',
    });
    expect(server.pulls).toHaveLength(1);
    expect(kinds().filter((e) => e.kind === 'run')).toHaveLength(2);
  });

  it('retries a forge answering 500, exits 3 naming what was and was not delivered, and a rerun completes without duplicates', async () => {
    const env = actionsEnv();
    f.repo.write({ 'scans/codeql.sarif': sarifOf([{ uri: 'src/a.js' }, { uri: 'src/b.js' }]) });
    // The first PR goes through; creating any later one fails, however often it is retried.
    server.failWhere = (q) => q.operation === 'POST /repos/{owner}/{repo}/pulls' && server.pulls.length >= 1;
    const args = ['run', '--sarif', 'scans/*.sarif', '--group-by', 'file', '--forge-retries', '1'];
    const failed = await runTrust(args, { cwd: f.repo.dir, env });
    expect(failed.exitCode).toBe(3);
    const line = failed.stderr.split('\n').find((l) => l.startsWith('trust: '));
    expect(line).toMatch(
      /^trust: GitHub: HTTP 500 after 2 attempts: .*; delivered trust\/file-src-a-js-[0-9a-f]{8}; not delivered: trust\/file-src-b-js-[0-9a-f]{8} \(a rerun finishes the rest\)$/,
    );
    const attempts = server.requests.filter((q) => q.operation === 'POST /repos/{owner}/{repo}/pulls');
    expect(attempts).toHaveLength(3);
    expect(server.pulls).toHaveLength(1);

    server.failWhere = undefined;
    writeFileSync(env.GITHUB_OUTPUT, '');
    const rerun = await runTrust(args, { cwd: f.repo.dir, env });
    expect(rerun.exitCode).toBe(0);
    expect(outputsOf(env.GITHUB_OUTPUT)).toMatchObject({ 'prs-opened': '1', 'findings-fixed': '2' });
    expect(server.pulls.map((p) => p.head).sort()).toEqual([
      expect.stringMatching(/^trust\/file-src-a-js-/),
      expect.stringMatching(/^trust\/file-src-b-js-/),
    ]);
    expect(kinds().filter((e) => e.kind === 'pr')).toHaveLength(2);
    expect(kinds().filter((e) => e.kind === 'fix')).toHaveLength(2);
  });
});

describe('GitLab CI', () => {
  it('opens the merge request from the configured SARIF, writes the Markdown report and records the run', async () => {
    const server = await new GitLabServer('acme/app').start();
    try {
      f.repo.write({
        'trust.config.json': JSON.stringify({ run: { sarif: ['scans/*.sarif'] }, pr: { draft: true } }),
      });
      await f.repo.git.add('trust.config.json');
      await f.repo.git.commit('trust config');
      const env = {
        CI: 'true',
        GITLAB_CI: 'true',
        CI_PROJECT_ID: '42',
        CI_PROJECT_PATH: 'acme/app',
        CI_API_V4_URL: server.apiUrl,
        CI_PROJECT_URL: 'https://gitlab.example/acme/app',
        CI_PIPELINE_ID: '777',
        CI_COMMIT_SHA: f.base,
        GITLAB_TOKEN: TOKEN,
      };
      const r = await runTrust(['run'], { cwd: f.repo.dir, env });
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/trust run on GitLab CI: 1 SARIF file/);
      expect(server.open()).toHaveLength(1);
      expect(server.open()[0]).toMatchObject({ source_branch: 'trust/js-weak-hash', target_branch: 'main' });
      expect(server.open()[0]!.title).toMatch(/^Draft: trust: /);
      expect(server.open()[0]!.description).toContain('https://gitlab.example/acme/app/-/blob/');
      const report = readFileSync(join(f.repo.dir, '.trust/summary.md'), 'utf8');
      expect(report).toContain('Delivered to GitLab 42');
      expect(report).toContain('| 1 | 0 | 0 | 0 | 0 | 1 | 1 |');
      const entries = kinds();
      expect(entries.filter((e) => e.kind === 'pr').map((e) => e.forge)).toEqual(['gitlab']);
      expect(entries.at(-1)).toMatchObject({ kind: 'run', ci: { provider: 'gitlab', runId: '777' } });
      expect(server.problems).toEqual([]);
      expect(`${r.stdout}${r.stderr}${report}`).not.toContain(TOKEN);
    } finally {
      await server.stop();
    }
  });
});
