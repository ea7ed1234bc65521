/**
 * Delivery on real git (a temp repository with a bare remote on disk) to the loopback GitHub
 * and GitLab servers through the official SDKs: branches, commits, requests, idempotent
 * re-runs, updates, refusals, failures and recovery, and patches without a token.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { type DeliveryGroup, type DeliveryOptions, deliver } from '../src/forge/deliver.js';
import type { Forge } from '../src/forge/forge.js';
import { createGitHubForge } from '../src/forge/github.js';
import { createGitLabForge } from '../src/forge/gitlab.js';
import { createPatchForge } from '../src/forge/patches.js';
import { makeGitRepo, makeTempDir, type TempRepo } from './helpers/git-repo.js';
import { GitHubServer } from './servers/github-server.js';
import { GitLabServer } from './servers/gitlab-server.js';

const TOKEN = 'ghs_canaryToken0123456789abcdefXYZ';
const FAST = { retries: 2, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 1000 };

let repo: TempRepo;
let remote: string;
let base: string;

beforeEach(async () => {
  repo = await makeGitRepo({
    'src/a.js': 'const r = Math.random();\n',
    'src/b.js': 'eval(x);\n',
    'README.md': '# app\n',
  });
  remote = join(makeTempDir('trust-remote-'), 'app.git');
  execFileSync('git', ['init', '--bare', '--initial-branch', 'main', remote]);
  await repo.git.addRemote('origin', remote);
  await repo.git.push('origin', 'main');
  base = (await repo.git.revparse(['HEAD'])).trim();
});
afterEach(async () => {
  await repo.cleanup();
  rmSync(join(remote, '..'), { recursive: true, force: true });
});

function group(
  files: Record<string, string>,
  ids: string[],
  key = 'codemod:trust:js/secure-random',
): DeliveryGroup {
  return {
    key,
    branch: `trust/${key.replace(/^codemod:trust:/, '').replace(/[^a-z0-9]+/gi, '-')}`,
    title: 'Use a cryptographically secure random source',
    message: 'fix: use a secure random source\n\nFixes the findings of js/insecure-randomness.',
    files: Object.entries(files).map(([path, content]) => ({ path, content })),
    content: {
      groupKey: key,
      method: 'codemod',
      summary: 'Replaces Math.random() where the value is security-sensitive.',
      codemod: {
        id: 'trust:js/secure-random',
        title: 'Secure random',
        description: 'Uses crypto.',
        reviewGuidance: 'merge-after-cursory-review',
      },
      references: [{ url: 'https://cwe.mitre.org/data/definitions/338.html', description: 'CWE-338' }],
      findings: ids.map((id, i) => ({
        id,
        rule: 'js/insecure-randomness',
        cwe: [338],
        level: 'warning',
        path: 'src/a.js',
        line: i + 1,
        message: 'insecure random',
      })),
      decisions: [],
      files: Object.keys(files).map((path) => ({ path, added: 1, removed: 1 })),
      diff: '-a\n+b\n',
    },
  };
}

function options(forge: Forge, extra: Partial<DeliveryOptions> = {}): DeliveryOptions {
  return {
    repo: { dir: repo.dir, git: repo.git },
    forge,
    base,
    date: '2026-01-01T00:00:00Z',
    identity: { name: 'trust[bot]', email: 'trust@users.noreply.invalid' },
    labels: ['security'],
    draft: false,
    reviewers: [],
    maxOpen: 10,
    closeStale: false,
    currentFindings: new Set(),
    ...extra,
  };
}

async function checkoutState() {
  return {
    branch: (await repo.git.revparse(['--abbrev-ref', 'HEAD'])).trim(),
    head: (await repo.git.revparse(['HEAD'])).trim(),
    status: (await repo.git.raw(['status', '--porcelain'])).trim(),
    a: readFileSync(join(repo.dir, 'src/a.js'), 'utf8'),
  };
}

const remoteGit = () => simpleGit(remote);

describe('GitHub', () => {
  let server: GitHubServer;
  let forge: Forge;
  beforeEach(async () => {
    server = await new GitHubServer('acme', 'app').start();
    forge = createGitHubForge({
      token: TOKEN,
      repository: 'acme/app',
      apiUrl: server.url,
      serverUrl: 'https://github.example',
      remote: 'origin',
      retry: FAST,
    });
  });
  afterEach(async () => {
    expect(server.problems).toEqual([]);
    await server.stop();
  });

  it('opens one PR on a new branch, leaves the checkout and main alone, and a re-run changes nothing', async () => {
    const before = await checkoutState();
    const mainBefore = (await remoteGit().revparse(['main'])).trim();
    const g = group({ 'src/a.js': 'const r = crypto.randomInt(10);\n' }, ['fp1']);
    const first = await deliver([g], options(forge));
    expect(first.groups.map((x) => x.status)).toEqual(['opened']);
    expect(server.open()).toHaveLength(1);
    expect(server.open()[0]).toMatchObject({
      head: 'trust/js-secure-random',
      base: 'main',
      labels: ['security'],
    });
    expect(server.open()[0]!.body).toContain('trust:js/secure-random');
    expect(server.open()[0]!.body).toContain('https://github.example/acme/app/blob/');
    // The branch holds the fix alone, on the scanned commit, marked as trust's.
    const tip = (await remoteGit().revparse(['trust/js-secure-random'])).trim();
    expect((await remoteGit().raw(['rev-parse', `${tip}^`])).trim()).toBe(base);
    expect((await remoteGit().raw(['diff', '--name-only', base, tip])).trim()).toBe('src/a.js');
    expect(await remoteGit().raw(['log', '-1', '--format=%B%n%an <%ae>', tip])).toMatch(
      /Trust-Branch: trust\/js-secure-random\n[\s\S]*trust\[bot\]/,
    );
    expect((await remoteGit().revparse(['main'])).trim()).toBe(mainBefore);
    expect(await checkoutState()).toEqual(before);
    // The token went as a header to the API and nowhere into git's files.
    expect(server.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
    expect(readFileSync(join(repo.dir, '.git', 'config'), 'utf8')).not.toContain(TOKEN);
    expect(readFileSync(join(remote, 'config'), 'utf8')).not.toContain(TOKEN);

    const writes = server.requests.filter((r) => r.method !== 'GET').length;
    const second = await deliver([g], options(forge));
    expect(second.groups.map((x) => x.status)).toEqual(['unchanged']);
    expect(server.requests.filter((r) => r.method !== 'GET').length).toBe(writes);
    expect((await remoteGit().revparse(['trust/js-secure-random'])).trim()).toBe(tip);

    const more = group({ 'src/a.js': 'const r = crypto.randomInt(10);\n', 'src/b.js': 'JSON.parse(x);\n' }, [
      'fp1',
      'fp2',
    ]);
    const third = await deliver([more], options(forge));
    expect(third.groups.map((x) => x.status)).toEqual(['updated']);
    expect(server.pulls).toHaveLength(1);
    expect(server.pulls[0]!.body).toContain('fp2');
    expect(
      (await remoteGit().raw(['diff', '--name-only', base, 'trust/js-secure-random'])).trim().split('\n'),
    ).toEqual(['src/a.js', 'src/b.js']);
  });

  it('refuses the default branch and a branch trust did not make, whatever asks for it', async () => {
    const bad = { ...group({ 'src/a.js': 'x\n' }, ['fp1']), branch: 'main' };
    await expect(deliver([bad], options(forge))).rejects.toThrow(InputError);
    const other = { ...group({ 'src/a.js': 'x\n' }, ['fp1']), branch: 'feature/login' };
    await expect(deliver([other], options(forge))).rejects.toThrow(/only pushes new branches under trust\//);
    // A person's branch that happens to sit under trust/: its tip lacks the trailer.
    await repo.git.raw(['push', 'origin', 'main:refs/heads/trust/js-secure-random']);
    const result = await deliver([group({ 'src/a.js': 'y\n' }, ['fp1'])], options(forge));
    expect(result.groups[0]!.status).toBe('failed');
    expect(result.failure).toBeInstanceOf(InputError);
    expect((await remoteGit().revparse(['trust/js-secure-random'])).trim()).toBe(base);
    expect(server.pulls).toHaveLength(0);
  });

  it('retries a forge that fails, stops with the groups it did not deliver, and a re-run finishes without duplicates', async () => {
    const groups = [
      group({ 'src/a.js': 'a2\n' }, ['fp1'], 'codemod:trust:js/one'),
      group({ 'src/b.js': 'b2\n' }, ['fp2'], 'codemod:trust:js/two'),
    ];
    server.failNext(1);
    const recovered = await deliver(groups, options(forge));
    expect(recovered.groups.map((g) => g.status)).toEqual(['opened', 'opened']);
    server.pulls.length = 0;
    await repo.git.raw(['push', 'origin', '--delete', 'trust/js-one', 'trust/js-two']);
    server.failNext(1000);
    const failed = await deliver(groups, options(forge)).catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(/GitHub: HTTP 500 after 3 attempts/);
    server.failNext(0);
    const partial = await deliver(groups, { ...options(forge), maxOpen: 10 });
    expect(partial.groups.map((g) => g.status)).toEqual(['opened', 'opened']);
    const again = await deliver(groups, options(forge));
    expect(again.groups.map((g) => g.status)).toEqual(['unchanged', 'unchanged']);
    expect(server.pulls.map((p) => p.head).sort()).toEqual(['trust/js-one', 'trust/js-two']);
  });

  it('stops opening requests at the cap and closes stale ones when asked', async () => {
    const groups = ['one', 'two', 'three'].map((n, i) =>
      group({ 'src/a.js': `${n}\n` }, [`fp${i}`], `codemod:trust:js/${n}`),
    );
    const capped = await deliver(groups, options(forge, { maxOpen: 2 }));
    expect(capped.groups.map((g) => g.status)).toEqual(['opened', 'opened', 'deferred']);
    const stale = await deliver(
      [groups[0]!],
      options(forge, { closeStale: true, currentFindings: new Set(['fp0', 'fp1']) }),
    );
    expect(stale.closed.map((c) => c.branch)).toEqual([]);
    const closing = await deliver(
      [groups[0]!],
      options(forge, { closeStale: true, currentFindings: new Set(['fp0']) }),
    );
    expect(closing.closed.map((c) => c.branch)).toEqual(['trust/js-two']);
    expect(server.pulls.find((p) => p.head === 'trust/js-two')!.state).toBe('closed');
    expect((await remoteGit().raw(['branch', '--list', 'trust/js-two'])).trim()).toBe('');
  });
});

describe('GitLab', () => {
  it('opens, leaves unchanged and updates one merge request', async () => {
    const server = await new GitLabServer('acme/app').start();
    try {
      const forge = createGitLabForge({
        token: TOKEN,
        project: '42',
        apiUrl: server.apiUrl,
        remote: 'origin',
        retry: FAST,
      });
      const g = group({ 'src/a.js': 'fixed\n' }, ['fp1']);
      expect(
        (await deliver([g], options(forge, { draft: true, reviewers: ['alice'] }))).groups[0]!.status,
      ).toBe('opened');
      expect(server.open()[0]).toMatchObject({
        source_branch: 'trust/js-secure-random',
        target_branch: 'main',
        reviewer_ids: [7],
        labels: ['security'],
      });
      expect(server.open()[0]!.title).toMatch(/^Draft: /);
      expect((await deliver([g], options(forge, { draft: true }))).groups[0]!.status).toBe('unchanged');
      const more = group({ 'src/a.js': 'fixed\n', 'src/b.js': 'fixed too\n' }, ['fp1', 'fp2']);
      expect((await deliver([more], options(forge, { draft: true }))).groups[0]!.status).toBe('updated');
      expect(server.mergeRequests).toHaveLength(1);
      expect(server.requests.every((r) => r.token === TOKEN)).toBe(true);
      expect(server.problems).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe('no token: patches', () => {
  it('writes a format-patch file that git am applies, and rewrites nothing on a re-run', async () => {
    const dir = join(repo.dir, '.trust', 'patches');
    const forge = createPatchForge({ dir, defaultBranch: 'main' });
    const g = group({ 'src/a.js': 'patched\n' }, ['fp1']);
    expect((await deliver([g], options(forge))).groups[0]!.status).toBe('opened');
    const patch = readFileSync(join(dir, 'trust-js-secure-random.patch'), 'utf8');
    expect(patch).toMatch(/^From [0-9a-f]{40} /);
    expect(readFileSync(join(dir, 'trust-js-secure-random.md'), 'utf8')).toContain('trust:js/secure-random');
    expect((await deliver([g], options(forge))).groups[0]!.status).toBe('unchanged');
    const clone = makeTempDir('trust-clone-');
    execFileSync('git', ['clone', '-q', remote, clone]);
    execFileSync(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@t', 'am', '-q', join(dir, 'trust-js-secure-random.patch')],
      { cwd: clone },
    );
    expect(readFileSync(join(clone, 'src/a.js'), 'utf8')).toBe('patched\n');
    rmSync(clone, { recursive: true, force: true });
  });
});
