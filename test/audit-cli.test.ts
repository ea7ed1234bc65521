// The `trust log` commands end to end, as a CI job would run them: keygen, triage, checkpoint
// (with the GitHub notice), verify, prove / verify-proof without the database, show, export.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashLeaf, verifyInclusion } from '../src/audit/merkle.js';
import { parseProof } from '../src/audit/proof.js';
import { makeGitRepo, makeTempDir, type TempRepo } from './helpers/git-repo.js';
import { hasStackTrace, runTrust } from './helpers/run-trust.js';

const SARIF = JSON.stringify({
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'Semgrep', rules: [{ id: 'js-eval' }] } },
      results: ['src/a.js', 'src/b.js', 'test/a.test.js'].map((uri) => ({
        ruleId: 'js-eval',
        message: { text: 'eval' },
        locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } } }],
      })),
    },
  ],
});

const repos: TempRepo[] = [];
afterAll(async () => {
  for (const r of repos) await r.cleanup();
});

describe('trust log commands', () => {
  it('keygen, triage, checkpoint, verify, prove and verify-proof, show and export', async () => {
    const repo = await makeGitRepo({
      'src/a.js': 'eval(a);\n',
      'src/b.js': 'eval(b);\n',
      'test/a.test.js': 'eval(t);\n',
      'r.sarif': SARIF,
    });
    repos.push(repo);
    const cwd = repo.dir;
    const github = {
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: '77',
      GITHUB_ACTOR: 'octo',
      GITHUB_SHA: 'c0ffee',
      GITHUB_REF: 'refs/heads/main',
    };

    const keygen = await runTrust(['log', 'keygen', '--json'], { cwd, env: github });
    expect(keygen.exitCode, keygen.stderr).toBe(0);
    const keys = JSON.parse(keygen.stdout) as { verifierKey: string; signingKey: string; origin: string };
    expect(keys.origin).toBe('github.com/acme/app/trust-audit');
    expect(readFileSync(join(cwd, '.trust/verifier-key'), 'utf8')).toBe(`${keys.verifierKey}\n`);

    const missing = await runTrust(['log', 'checkpoint'], { cwd, env: github });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/^trust: TRUST_SIGNING_KEY is not set/);

    expect((await runTrust(['triage', 'r.sarif'], { cwd, env: github })).exitCode).toBe(0);
    const env = { ...github, TRUST_SIGNING_KEY: keys.signingKey };
    const cp = await runTrust(['log', 'checkpoint'], { cwd, env });
    expect(cp.exitCode, cp.stderr).toBe(0);
    const note = readFileSync(join(cwd, '.trust/checkpoint'), 'utf8');
    expect(note.split('\n').slice(0, 2)).toEqual(['github.com/acme/app/trust-audit', '5']);
    // The job log carries the checkpoint as a notice; the secret never appears anywhere.
    expect(cp.stderr).toContain(
      '::notice title=trust audit log checkpoint::github.com/acme/app/trust-audit%0A5%0A',
    );
    // PRIVATE+KEY+<name>+<key hash>+<base64 key data>; the key data may itself contain '+'.
    const secretPart = keys.signingKey.split('+').slice(4).join('+');
    expect(secretPart.length).toBeGreaterThan(40);
    for (const text of [
      cp.stdout,
      cp.stderr,
      readFileSync(join(cwd, '.trust/trust.db')).toString('latin1'),
    ]) {
      expect(text).not.toContain(secretPart);
    }
    expect(existsSync(join(cwd, '.trust/trust.db-wal'))).toBe(false);

    const verify = await runTrust(['log', 'verify'], { cwd, env: github });
    expect(verify.exitCode, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('Audit log verified: 5 entries, 1 signed checkpoint');

    // A bad flag value is a one-line usage error.
    const badIndex = await runTrust(['log', 'prove', 'x'], { cwd });
    expect(badIndex.exitCode).toBe(2);
    expect(hasStackTrace(badIndex.stderr)).toBe(false);

    const prove = await runTrust(['log', 'prove', '2'], { cwd });
    expect(prove.exitCode, prove.stderr).toBe(0);
    expect(prove.stdout.startsWith('c2sp.org/tlog-proof@v1\nextra ')).toBe(true);
    const bundle = parseProof(prove.stdout);
    expect(bundle.index).toBe(2);
    expect(bundle.checkpoint).toBe(note);
    const [, , root] = note.split('\n');
    expect(verifyInclusion(2, 5, hashLeaf(bundle.entry!), bundle.proof, Buffer.from(root!, 'base64'))).toBe(
      true,
    );

    // Elsewhere, without the database: only the proof and the verifier key.
    const away = makeTempDir('trust-proof-');
    writeFileSync(join(away, 'e2.tlog-proof'), prove.stdout);
    const ok = await runTrust(['log', 'verify-proof', 'e2.tlog-proof', '--verifier-key', keys.verifierKey], {
      cwd: away,
    });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(
      'Proof verified: entry 2 (triage) is in github.com/acme/app/trust-audit at size 5',
    );
    const forged = prove.stdout.replace(/^extra (\S+)/m, (_, b64: string) => {
      const e = JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));
      e.decision = 'false_positive';
      return `extra ${Buffer.from(JSON.stringify(e)).toString('base64')}`;
    });
    writeFileSync(join(away, 'forged.tlog-proof'), forged);
    const bad = await runTrust(
      ['log', 'verify-proof', 'forged.tlog-proof', '--verifier-key', keys.verifierKey],
      { cwd: away },
    );
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('is not included');
    const noKey = await runTrust(['log', 'verify-proof', 'e2.tlog-proof'], { cwd: away });
    expect(noKey.exitCode).toBe(2);

    const show = await runTrust(['log', 'show', '--kind', 'triage', '--json'], { cwd });
    const rows = JSON.parse(show.stdout) as Array<{ index: number; entry: { kind: string; actor: string } }>;
    expect(rows.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(rows.every((r) => r.entry.actor === 'github:octo')).toBe(true);
    const future = await runTrust(['log', 'show', '--since', '2999-01-01', '--json'], { cwd });
    expect(JSON.parse(future.stdout)).toEqual([]);
    const recent = await runTrust(['log', 'show', '--since', '1d', '--kind', 'run', '--json'], { cwd });
    expect(
      (JSON.parse(recent.stdout) as Array<{ entry: { ci: { runId: string } } }>)[0]!.entry.ci.runId,
    ).toBe('77');
    const badSince = await runTrust(['log', 'show', '--since', 'yesterday'], { cwd });
    expect(badSince.exitCode).toBe(2);

    const exported = await runTrust(['log', 'export'], { cwd });
    const lines = exported.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(hashLeaf(Buffer.from(lines[2]!, 'utf8'))).toEqual(hashLeaf(bundle.entry!));
  });

  it('rotates keys by dual-signing: checkpoints verify with either committed key', async () => {
    const repo = await makeGitRepo({ 'README.md': '# x\n' });
    repos.push(repo);
    const cwd = repo.dir;
    const origin = ['--origin', 'example.org/rot/trust-audit'];
    const oldKey = JSON.parse((await runTrust(['log', 'keygen', '--json', ...origin], { cwd })).stdout);
    const newKey = JSON.parse((await runTrust(['log', 'keygen', '--json', ...origin], { cwd })).stdout);
    expect(readFileSync(join(cwd, '.trust/verifier-key'), 'utf8')).toBe(
      `${oldKey.verifierKey}\n${newKey.verifierKey}\n`,
    );
    const both = `${oldKey.signingKey} ${newKey.signingKey}`;
    const cp = await runTrust(['log', 'checkpoint'], { cwd, env: { TRUST_SIGNING_KEY: both } });
    expect(cp.exitCode, cp.stderr).toBe(0);
    expect(readFileSync(join(cwd, '.trust/checkpoint'), 'utf8').match(/^\u2014 /gm)).toHaveLength(2);
    for (const key of [oldKey.verifierKey, newKey.verifierKey]) {
      const r = await runTrust(['log', 'verify', '--verifier-key', key], { cwd });
      expect(r.exitCode, r.stderr).toBe(0);
    }
    const shown = JSON.parse((await runTrust(['log', 'show', '--kind', 'key', '--json'], { cwd })).stdout);
    expect(shown.map((e: { entry: { action: string } }) => e.entry.action)).toEqual(['generate', 'rotate']);
  });
});
