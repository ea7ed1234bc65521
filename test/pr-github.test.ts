/**
 * `trust pr` end to end (bin/trust.js) on a real git repository with a bare remote on disk,
 * against the loopback GitHub REST server (every request validated against @octokit/openapi):
 * branch, commit, push and PR; the checkout and the default branch untouched; a re-run
 * changes nothing; one more finding updates the same PR; refusals exit 2 with one line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAuditLog, triageEntry } from '../src/audit/index.js';
import { type ForgeRepo, forgeRepo } from './helpers/forge-repo.js';
import { hasStackTrace, runTrust } from './helpers/run-trust.js';
import { GitHubServer } from './servers/github-server.js';

const TOKEN = 'ghs_prCanary0123456789abcdefXYZ';

let f: ForgeRepo;
let server: GitHubServer;

beforeEach(async () => {
  f = await forgeRepo(['src/a.js', 'src/b.js']);
  server = await new GitHubServer('acme', 'app').start();
});
afterEach(async () => {
  expect(server.problems).toEqual([]);
  await server.stop();
  await f.cleanup();
});

function pr(args: string[], env: Record<string, string> = {}) {
  return runTrust(['pr', ...args, '-C', f.repo.dir], {
    env: {
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: server.url,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_REPOSITORY: 'acme/app',
      ...env,
    },
  });
}

function prEntries(): { action: string; branch: string; fingerprints: string[] }[] {
  const log = openAuditLog(join(f.repo.dir, '.trust', 'trust.db'), { create: false });
  try {
    return [...log.entries({ kinds: ['pr'] })].map((e) => e.entry as never);
  } finally {
    log.close();
  }
}

const writes = () => server.requests.filter((r) => r.method !== 'GET').length;

describe('trust pr on GitHub', () => {
  it('opens one PR on a new branch, leaves the checkout and main alone; a re-run changes nothing; a new finding updates the same PR', async () => {
    const before = await f.checkout();
    const mainBefore = (await f.remoteGit.revparse(['main'])).trim();
    const first = await pr([f.sarif([{ uri: 'src/a.js' }])]);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(
      /opened\s+trust\/js-weak-hash\s+1\s+https:\/\/github\.example\/acme\/app\/pull\/1/,
    );
    expect(server.open()).toHaveLength(1);
    expect(server.open()[0]).toMatchObject({
      head: 'trust/js-weak-hash',
      base: 'main',
      labels: ['security'],
    });
    expect(server.open()[0]!.title).toMatch(/^trust: .*\(1 finding\)$/);
    const body = server.open()[0]!.body;
    expect(body).toContain('`trust:js/weak-hash`');
    expect(body).toContain(`https://github.example/acme/app/blob/${f.base}/src/a.js#L2`);
    // The triage decision behind the fix, by log index and leaf hash.
    expect(body).toMatch(/- #0 triage [0-9a-f]+, leaf `[0-9a-f]{64}`/);

    const tip = (await f.remoteGit.revparse(['trust/js-weak-hash'])).trim();
    expect((await f.remoteGit.raw(['rev-parse', `${tip}^`])).trim()).toBe(f.base);
    expect((await f.remoteGit.raw(['diff', '--name-only', f.base, tip])).trim()).toBe('src/a.js');
    expect(await f.remoteGit.raw(['log', '-1', '--format=%an <%ae>%n%B', tip])).toMatch(
      /^trust\[bot\] <trust-bot@users\.noreply\.github\.com>\nfix\(security\): [\s\S]*Trust-Branch: trust\/js-weak-hash/,
    );
    expect((await f.remoteGit.revparse(['main'])).trim()).toBe(mainBefore);
    expect(await f.checkout()).toEqual(before);
    expect(readFileSync(join(f.repo.dir, '.git', 'config'), 'utf8')).not.toContain(TOKEN);
    expect(prEntries().map((e) => [e.action, e.branch])).toEqual([['opened', 'trust/js-weak-hash']]);

    const writesBefore = writes();
    const second = await pr([f.sarif([{ uri: 'src/a.js' }])]);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toMatch(/unchanged\s+trust\/js-weak-hash/);
    expect(writes()).toBe(writesBefore);
    expect((await f.remoteGit.revparse(['trust/js-weak-hash'])).trim()).toBe(tip);
    expect(prEntries()).toHaveLength(1);

    const third = await pr([f.sarif([{ uri: 'src/a.js' }, { uri: 'src/b.js' }])]);
    expect(third.exitCode).toBe(0);
    expect(third.stdout).toMatch(/updated\s+trust\/js-weak-hash\s+2/);
    expect(server.pulls).toHaveLength(1);
    expect(server.pulls[0]!.title).toMatch(/\(2 findings\)$/);
    const files = await f.remoteGit.raw(['diff', '--name-only', f.base, 'trust/js-weak-hash']);
    expect(files.trim().split('\n')).toEqual(['src/a.js', 'src/b.js']);
    expect(prEntries().map((e) => e.action)).toEqual(['opened', 'updated']);
    expect(await f.checkout()).toEqual(before);
  });

  it("honours a person's latest decision in the log: a finding they marked false_positive gets no PR", async () => {
    const sarif = f.sarif([{ uri: 'src/a.js' }, { uri: 'src/b.js' }]);
    const listed = await runTrust(['findings', sarif, '--json', '-C', f.repo.dir]);
    const ids = (JSON.parse(listed.stdout) as { id: string; location: { path: string } }[]).map((x) => [
      x.location.path,
      x.id,
    ]);
    const b = ids.find(([path]) => path === 'src/b.js')![1]!;
    const log = openAuditLog(join(f.repo.dir, '.trust', 'trust.db'), { create: true, origin: 'test/app' });
    log.append(
      triageEntry({
        finding: {
          fingerprint: b,
          tool: 'CodeQL',
          rule: 'js/weak-cryptographic-algorithm',
          path: 'src/b.js',
        },
        decision: 'false_positive',
        justification: 'the hash names a cache file, it protects nothing',
        decidedBy: { method: 'human' },
      }),
    );
    log.close();
    const r = await pr([sarif]);
    expect(r.exitCode).toBe(0);
    expect(server.open()).toHaveLength(1);
    expect(server.open()[0]!.body).not.toContain(b);
    const files = await f.remoteGit.raw(['diff', '--name-only', f.base, 'trust/js-weak-hash']);
    expect(files.trim()).toBe('src/a.js');
  });

  it('refuses a branch trust did not create, with one line and exit 2, and pushes nothing', async () => {
    // A person's branch that happens to be where trust would push: its tip has no trust trailer.
    await f.repo.git.raw(['push', 'origin', 'main:refs/heads/trust/js-weak-hash']);
    const r = await pr([f.sarif([{ uri: 'src/a.js' }])]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^trust: refusing to push to trust\/js-weak-hash: .*not made by trust/m);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect((await f.remoteGit.revparse(['trust/js-weak-hash'])).trim()).toBe(f.base);
    expect(server.pulls).toHaveLength(0);
  });

  it('has no flag or config key that names a branch to push to: asking for main is exit 2', async () => {
    const sarif = f.sarif([{ uri: 'src/a.js' }]);
    const flag = await pr([sarif, '--branch', 'main']);
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--branch'/);
    f.repo.write({ 'trust.config.json': JSON.stringify({ pr: { branch: 'main' } }) });
    await f.repo.git.add('trust.config.json');
    await f.repo.git.commit('config');
    const config = await pr([sarif]);
    expect(config.exitCode).toBe(2);
    expect(config.stderr).toMatch(/pr\.branch/);
    expect(hasStackTrace(config.stderr)).toBe(false);
    expect(server.requests).toHaveLength(0);
    expect((await f.remoteGit.raw(['branch', '--list'])).trim()).toBe('* main');
  });

  it('refuses a dirty working tree with one line, and touches nothing', async () => {
    f.repo.write({ 'src/a.js': '// my work in progress\n' });
    const r = await pr([f.sarif([{ uri: 'src/a.js' }])]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^trust: the working tree has uncommitted changes to 1 tracked file \(src\/a\.js\): commit or stash them first/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(join(f.repo.dir, 'src/a.js'), 'utf8')).toBe('// my work in progress\n');
    expect(server.requests).toHaveLength(0);
    expect((await f.remoteGit.raw(['branch', '--list'])).trim()).toBe('* main');
  });

  it('without a token writes a format-patch of the fix alone under .trust/patches, and exits 0', async () => {
    const r = await runTrust(['pr', f.sarif([{ uri: 'src/a.js' }]), '-C', f.repo.dir]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(
      /opened\s+trust\/js-weak-hash\s+1\s+\.trust\/patches\/trust-js-weak-hash\.patch/,
    );
    expect(r.stdout).toMatch(/no GITHUB_TOKEN or GITLAB_TOKEN, so the fixes are written as patches/);
    const patch = readFileSync(join(f.repo.dir, '.trust/patches/trust-js-weak-hash.patch'), 'utf8');
    expect(patch).toMatch(/^From [0-9a-f]{40} /);
    expect(patch).toContain('+++ b/src/a.js');
    expect(patch).not.toContain('.trust/');
    expect(server.requests).toHaveLength(0);
    expect((await f.remoteGit.raw(['branch', '--list'])).trim()).toBe('* main');
  });
});
