/**
 * The forge token during a real push: a canary GITHUB_TOKEN, a git smart-HTTP remote on
 * loopback (git http-backend) that demands it as Basic auth, and the loopback GitHub API.
 * The push must authenticate (so the token really travelled), yet the canary must never be in
 * the process list taken while the push is in flight, .git/config, stdout, stderr, the audit
 * log, the PR bodies, the commit, or the patches of a later token-less-forge run.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type ForgeRepo, forgeRepo } from './helpers/forge-repo.js';
import { runTrust } from './helpers/run-trust.js';
import { GitHttpServer } from './servers/git-http-server.js';
import { GitHubServer } from './servers/github-server.js';

const TOKEN = 'ghs_pushCanary7f3a9c0d1e7b5a2c4d6e';
// The token as such, base64, URL-encoded, and as git would send it (Basic user:token).
const forms = [
  TOKEN,
  Buffer.from(TOKEN).toString('base64'),
  encodeURIComponent(TOKEN),
  Buffer.from(`x-access-token:${TOKEN}`).toString('base64'),
];

let f: ForgeRepo;
let api: GitHubServer;
let git: GitHttpServer;

beforeEach(async () => {
  f = await forgeRepo(['src/a.js']);
  api = await new GitHubServer('acme', 'app').start();
  git = await new GitHttpServer(f.remoteRoot, { user: 'x-access-token', token: TOKEN }).start();
});
afterEach(async () => {
  await git.stop();
  await api.stop();
  await f.cleanup();
});

function expectNoCanary(where: string, text: string): void {
  for (const form of forms)
    expect(text.includes(form), `${where} holds the token (${form.slice(0, 8)}…)`).toBe(false);
}

it('pushes with the canary token over HTTP without it reaching ps, .git/config, output, the log, PR bodies or patches', async () => {
  // A finding message that carries the token too: output that echoes it must scrub it.
  const sarif = f.sarif([{ uri: 'src/a.js' }]);
  const text = readFileSync(sarif, 'utf8').replace('is used.', `is used. token=${TOKEN}`);
  const leaky = f.sarif([]);
  writeFileSync(leaky, text);
  const env = {
    GITHUB_TOKEN: TOKEN,
    GITHUB_API_URL: api.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_REPOSITORY: 'acme/app',
  };
  const r = await runTrust(['pr', leaky, '-C', f.repo.dir, '--remote', `${git.url}/app.git`, '--verbose'], {
    env,
  });
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.exitCode).toBe(0);
  expect(api.open()).toHaveLength(1);
  // The push went through the HTTP remote, authenticated with the token.
  const pushes = git.requests.filter((q) => q.path.endsWith('/git-receive-pack'));
  expect(pushes.length).toBeGreaterThan(0);
  expect(git.requests.every((q) => q.authorization?.startsWith('Basic '))).toBe(true);
  expect((await f.remoteGit.raw(['branch', '--list', 'trust/js-weak-hash'])).trim()).not.toBe('');
  // What another process could read while the push ran: every command line on the machine.
  expect(git.processLists.length).toBe(pushes.length);
  expect(git.processLists.join('\n')).toMatch(/git.*(push|receive-pack|http-backend)/);
  for (const list of git.processLists) expectNoCanary('ps during the push', list);
  expectNoCanary('.git/config', readFileSync(join(f.repo.dir, '.git', 'config'), 'utf8'));
  expectNoCanary('stdout', r.stdout);
  expectNoCanary('stderr', r.stderr);
  expectNoCanary('the audit log', readFileSync(join(f.repo.dir, '.trust', 'trust.db')).toString('latin1'));
  for (const p of api.pulls) expectNoCanary('the PR body', `${p.title}\n${p.body}`);
  expectNoCanary('the commit', await f.remoteGit.raw(['log', '-p', '--all']));

  // The same job with the forge set to patches (token still in the environment).
  const patches = await runTrust(['pr', leaky, '-C', f.repo.dir, '--forge', 'patches'], { env });
  expect(patches.exitCode).toBe(0);
  const dir = join(f.repo.dir, '.trust', 'patches');
  const files = readdirSync(dir);
  expect(files).toContain('trust-js-weak-hash.patch');
  for (const file of files) expectNoCanary(file, readFileSync(join(dir, file), 'utf8'));
  expectNoCanary('stdout', patches.stdout);
  expectNoCanary('stderr', patches.stderr);
});

it("pushes with its own token when .git/config holds actions/checkout's URL-scoped header for another token", async () => {
  // What actions/checkout (persist-credentials) leaves behind, here for a token the remote refuses.
  const stale = Buffer.from('x-access-token:ghs_staleCheckoutToken000').toString('base64');
  const origin = `${git.url}/`;
  await f.repo.git.raw(['remote', 'set-url', 'origin', `${git.url}/app.git`]);
  await f.repo.git.raw(['config', '--local', `http.${origin}.extraheader`, `AUTHORIZATION: basic ${stale}`]);
  const configBefore = readFileSync(join(f.repo.dir, '.git', 'config'), 'utf8');
  const r = await runTrust(['pr', f.sarif([{ uri: 'src/a.js' }]), '-C', f.repo.dir], {
    env: {
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: api.url,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_REPOSITORY: 'acme/app',
    },
  });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  const basic = `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`;
  expect(git.requests.length).toBeGreaterThan(0);
  expect(git.requests.every((q) => q.authorization === basic)).toBe(true);
  expect((await f.remoteGit.raw(['branch', '--list', 'trust/js-weak-hash'])).trim()).not.toBe('');
  // The person's (or checkout's) configuration is left exactly as it was.
  expect(readFileSync(join(f.repo.dir, '.git', 'config'), 'utf8')).toBe(configBefore);
});
