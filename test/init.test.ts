/**
 * `trust init` both ways: driven through its prompts on a real pseudo-terminal
 * (@lydell/node-pty), and with --yes. The files it writes are valid (the config against the
 * option table's schema, the workflow against action.yml's inputs, YAML parsed), existing
 * files are kept unless --force, and `trust run` accepts what it wrote: it reads the
 * configured SARIF, delivers, and signs a checkpoint `trust log verify` accepts with the
 * verifier key init wrote.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateConfig } from '../src/core/config.js';
import { type ForgeRepo, forgeRepo } from './helpers/forge-repo.js';
import { drivePty } from './helpers/run-pty.js';
import { REPO_ROOT, runTrust } from './helpers/run-trust.js';
import { sarifOf } from './helpers/weak-hash-repo.js';

let f: ForgeRepo;
beforeEach(async () => {
  f = await forgeRepo(['src/a.js']);
  f.repo.write({ 'scans/codeql.sarif': sarifOf([{ uri: 'src/a.js' }]) });
});
afterEach(async () => {
  await f.cleanup();
});

const read = (path: string) => readFileSync(join(f.repo.dir, path), 'utf8');

describe('trust init --yes', () => {
  it('writes a valid config, workflow and verifier key that trust run accepts, and keeps them on a re-run', async () => {
    const r = await runTrust(['init', '--yes', '-C', f.repo.dir]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/Wrote trust\.config\.json, \.github\/workflows\/trust\.yml/);
    const signingKey = /^PRIVATE\+KEY\+\S+$/m.exec(r.stdout)?.[0];
    expect(signingKey).toBeDefined();
    expect(r.stdout).toMatch(/repository secret named TRUST_SIGNING_KEY/);

    const config = JSON.parse(read('trust.config.json'));
    expect(validateConfig(config)).toEqual([]);
    expect(config.run.sarif).toEqual(['scans/codeql.sarif']);
    const workflow = parse(read('.github/workflows/trust.yml'));
    const step = workflow.jobs.trust.steps.find((s: { uses?: string }) => s.uses?.includes('trust'));
    const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8'));
    for (const input of Object.keys(step.with)) expect(Object.keys(action.inputs)).toContain(input);
    expect(step.with.sarif).toBe('scans/codeql.sarif');
    expect(existsSync(join(f.repo.dir, '.github/workflows/trust-scan.yml'))).toBe(false);
    expect(read('.trust/verifier-key')).toMatch(/^\S+\+[0-9a-f]{8}\+\S+\n$/);

    // Committed as a user would, then the CI entry point reads them.
    await f.repo.git.add(['trust.config.json', '.github', '.trust/verifier-key']);
    await f.repo.git.commit('set up trust');
    const run = await runTrust(['run', '-C', f.repo.dir], { env: { TRUST_SIGNING_KEY: signingKey! } });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /opened\s+trust\/js-weak-hash\s+1\s+\.trust\/patches\/trust-js-weak-hash\.patch/,
    );
    const verify = await runTrust(['log', 'verify', '-C', f.repo.dir]);
    expect(verify.stderr).toBe('');
    expect(verify.exitCode).toBe(0);

    writeFileSync(join(f.repo.dir, 'trust.config.json'), '{"pr": {"maxOpen": 3}}\n');
    const again = await runTrust(['init', '--yes', '-C', f.repo.dir]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/trust\.config\.json: exists, kept \(--force overwrites\)/);
    expect(again.stdout).toMatch(/Nothing written/);
    expect(read('trust.config.json')).toBe('{"pr": {"maxOpen": 3}}\n');
    const forced = await runTrust(['init', '--yes', '--force', '-C', f.repo.dir]);
    expect(forced.exitCode).toBe(0);
    expect(JSON.parse(read('trust.config.json')).run.sarif).toEqual(['scans/codeql.sarif']);
  });

  it('refuses to guess without a terminal or --yes: exit 2, one line, nothing written', async () => {
    const r = await runTrust(['init', '-C', f.repo.dir]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe(
      'trust: trust init asks its questions on a terminal: pass --yes to take the defaults',
    );
    expect((await f.repo.git.raw(['status', '--porcelain'])).trim()).toBe('?? scans/');
  });
});

describe('trust init --yes --scan-schedule', () => {
  it("adds a nightly scan workflow whose every input is one of the action's, uploading the SARIF the action writes", async () => {
    const r = await runTrust(['init', '--yes', '--scan-schedule', '-C', f.repo.dir]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /Wrote trust\.config\.json, \.github\/workflows\/trust\.yml, \.github\/workflows\/trust-scan\.yml/,
    );
    const workflow = parse(read('.github/workflows/trust-scan.yml'));
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(workflow.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    const steps = workflow.jobs.scan.steps as { uses: string; with?: Record<string, string> }[];
    const step = steps.find((s) => s.uses.startsWith('trust-cli/'))!;
    const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8'));
    for (const input of Object.keys(step.with!)) expect(Object.keys(action.inputs)).toContain(input);
    expect(step.with!.command).toBe('scan');
    const run = action.runs.steps.find((s: { id?: string }) => s.id === 'run');
    const upload = steps.find((s) => s.uses.startsWith('github/codeql-action/upload-sarif'))!;
    expect(run.run).toContain(`--sarif ${upload.with!.sarif_file}`);
    const restore = steps.find((s) => s.uses === 'actions/cache/restore@v4')!;
    expect(restore.with!.path).toBe('.trust/scans');
  });
});

describe('trust init on a terminal', () => {
  it('asks which forge, which SARIF and which LLM, and writes what was answered', async () => {
    const r = await drivePty(
      ['init', '-C', f.repo.dir],
      [
        { waitFor: /Which forge hosts this repository\?/, send: '\x1b[B\r' }, // down to GitLab
        { waitFor: /Which scanners' SARIF/, send: 'scans/*.sarif\r' },
        { waitFor: /Use an LLM/, send: 'y' },
        { waitFor: /Which provider\?/, send: '\r' }, // Anthropic
        { waitFor: /Also scan your web assets every night/, send: 'y' },
      ],
    );
    expect(r.exitCode, r.output).toBe(0);
    const config = JSON.parse(read('trust.config.json'));
    expect(validateConfig(config)).toEqual([]);
    expect(config).toMatchObject({
      forge: { kind: 'gitlab' },
      run: { sarif: ['scans/*.sarif'] },
      llm: { enabled: true, provider: 'anthropic' },
    });
    const job = parse(read('.gitlab/trust.gitlab-ci.yml'));
    expect(job.include[0].remote).toMatch(/\.gitlab-ci-template\.yml$/);
    expect(job.trust.variables.TRUST_SARIF).toBe('scans/*.sarif');
    expect(parse(read('.gitlab-ci.yml'))).toEqual({
      include: [{ local: '.gitlab/trust.gitlab-ci.yml' }, { local: '.gitlab/trust-scan.gitlab-ci.yml' }],
    });
    const scan = parse(read('.gitlab/trust-scan.gitlab-ci.yml'));
    const template = parse(readFileSync(join(REPO_ROOT, '.gitlab-ci-template.yml'), 'utf8'));
    expect(template[scan['trust-scan'].extends].script.at(-1)).toBe('trust scan');
    expect(r.output).toMatch(/masked CI\/CD variable named TRUST_SIGNING_KEY/);
    expect(r.output).toMatch(/pipeline schedule with TRUST_SCAN=true/);
  });

  it('asks before overwriting a file, and keeps it when told no', async () => {
    writeFileSync(join(f.repo.dir, 'trust.config.json'), '{}\n');
    const r = await drivePty(
      ['init', '-C', f.repo.dir],
      [
        { waitFor: /Which forge hosts this repository\?/, send: '\r' },
        { waitFor: /Which scanners' SARIF/, send: '\r' },
        { waitFor: /Use an LLM/, send: 'n' },
        { waitFor: /Also scan your web assets every night/, send: 'n' },
        { waitFor: /trust\.config\.json exists\. Overwrite it\?/, send: 'n' },
      ],
    );
    expect(r.exitCode, r.output).toBe(0);
    expect(read('trust.config.json')).toBe('{}\n');
    expect(parse(read('.github/workflows/trust.yml')).jobs.trust.steps[1].with.sarif).toBe(
      'scans/codeql.sarif',
    );
  });
});
