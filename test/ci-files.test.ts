/**
 * action.yml and .gitlab-ci-template.yml: parsed with a YAML library; every input or variable
 * maps to a real option (its TRUST_* variable in the option table) or a documented secret;
 * the outputs are the ones `trust run` writes. Then each file's shell is run as a CI runner
 * would, against a real repository and a loopback forge: action.yml's bash steps in order
 * (the `uses:` steps and the install skipped on a cache hit are GitHub's, not ours), and the
 * GitLab job's `trust run` line with the job's variables (its npm install needs the network).
 */
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envNameOf, optionsFor } from '../src/core/options.js';
import { type ForgeRepo, forgeRepo } from './helpers/forge-repo.js';
import { makeTempDir } from './helpers/git-repo.js';
import { REPO_ROOT, TRUST_BIN } from './helpers/run-trust.js';
import { sarifOf } from './helpers/weak-hash-repo.js';
import { GitHubServer } from './servers/github-server.js';
import { GitLabServer } from './servers/gitlab-server.js';

const RUN_VARIABLES = new Set(
  [...optionsFor('global'), ...optionsFor('run')].map((o) => envNameOf(o)).filter(Boolean),
);
const SCAN_VARIABLES = new Set(
  [...optionsFor('global'), ...optionsFor('scan')].map((o) => envNameOf(o)).filter(Boolean),
);
/** The action's own: which command its run step starts (checked there, never passed to trust). */
const ACTION_VARIABLES = new Set(['TRUST_ACTION_COMMAND']);
/** Secrets and forge variables trust reads from the environment (SPEC §4), never options. */
const SECRETS = new Set(['GITHUB_TOKEN', 'GITLAB_TOKEN', 'TRUST_SIGNING_KEY']);
const OUTPUTS = ['prs-opened', 'prs-updated', 'findings-fixed', 'findings-unfixed', 'summary-path'];
const TOKEN = 'ghs_actionCanary0123456789abcdef';

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
};
const gitlab = parse(readFileSync(join(REPO_ROOT, '.gitlab-ci-template.yml'), 'utf8')) as Record<
  string,
  {
    extends?: string;
    variables?: Record<string, string>;
    script?: string[];
    artifacts?: { paths: string[]; when: string };
    rules?: { if: string; variables?: Record<string, string> }[];
  }
>;

let f: ForgeRepo;
beforeEach(async () => {
  f = await forgeRepo(['src/a.js']);
  f.repo.write({ 'scans/codeql.sarif': sarifOf([{ uri: 'src/a.js' }]) });
});
afterEach(async () => {
  await f.cleanup();
});

describe('action.yml', () => {
  it('is a composite action whose every input reaches a real option or secret, and whose outputs are trust run’s', () => {
    expect(action.runs.using).toBe('composite');
    const run = action.runs.steps.find((s) => s.id === 'run')!;
    expect(run.run).toMatch(/^\s*run\) node "\$GITHUB_ACTION_PATH\/bin\/trust\.js" run ;;$/m);
    expect(run.run).toMatch(/^\s*scan\) node "\$GITHUB_ACTION_PATH\/bin\/trust\.js" scan --all /m);
    const used = new Set<string>();
    for (const [name, value] of Object.entries(run.env ?? {})) {
      const known =
        RUN_VARIABLES.has(name) ||
        SCAN_VARIABLES.has(name) ||
        SECRETS.has(name) ||
        ACTION_VARIABLES.has(name);
      expect(known, `${name} is not an option of trust run or trust scan`).toBe(true);
      for (const m of value.matchAll(/inputs\.([a-z-]+)/g)) used.add(m[1]!);
    }
    const text = JSON.stringify(action.runs.steps);
    for (const input of Object.keys(action.inputs)) {
      expect(used.has(input) || text.includes(`inputs.${input}`), `input ${input} is not used`).toBe(true);
    }
    expect(Object.keys(action.outputs)).toEqual(OUTPUTS);
    for (const [name, o] of Object.entries(action.outputs))
      expect(o.value).toBe(`\${{ steps.run.outputs.${name} }}`);
    // Inputs go through env, never into the script text (no shell injection through an input).
    for (const s of action.runs.steps) expect(s.run ?? '').not.toMatch(/\$\{\{/);
  });

  it('runs its shell steps on a runner-like environment: trust run opens the PR and sets every output', async () => {
    const server = await new GitHubServer('acme', 'app').start();
    const runner = makeTempDir('trust-runner-');
    try {
      const inputs: Record<string, string> = {
        ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, String(v.default ?? '')])),
        sarif: 'scans/*.sarif',
        labels: 'security,trust',
        token: TOKEN,
      };
      const expr = (value: string) =>
        value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, e: string) => {
          const input = /^inputs\.([a-z-]+)(?:\s*\|\|\s*'(.*)')?$/.exec(e);
          if (input) return inputs[input[1]!] || input[2] || '';
          if (e === 'github.action_path') return REPO_ROOT;
          if (e === 'github.token') return TOKEN;
          throw new Error(`the test does not know the expression ${e}`);
        });
      const base = {
        PATH: process.env.PATH!,
        HOME: process.env.HOME!,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_ACTION_PATH: REPO_ROOT,
        GITHUB_WORKSPACE: f.repo.dir,
        GITHUB_REPOSITORY: 'acme/app',
        GITHUB_API_URL: server.url,
        GITHUB_SERVER_URL: 'https://github.example',
        GITHUB_STEP_SUMMARY: join(runner, 'summary.md'),
        RUNNER_OS: 'Linux',
        RUNNER_ARCH: 'X64',
      };
      const outputs: Record<string, Record<string, string>> = {};
      let ran = 0;
      for (const [i, step] of action.runs.steps.entries()) {
        if (step.uses) continue;
        // The cache is warm (this checkout's node_modules), so the install step is skipped.
        if (step.if === "steps.cache.outputs.cache-hit != 'true'") continue;
        expect(step.if, `step ${i} has a condition the test does not evaluate`).toBeUndefined();
        const out = join(runner, `output-${i}`);
        writeFileSync(out, '');
        const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expr(v)]));
        const r = await execa('bash', ['-e', '-c', step.run!], {
          cwd: step['working-directory'] ? expr(step['working-directory']) : f.repo.dir,
          env: { ...base, ...env, GITHUB_OUTPUT: out },
          extendEnv: false,
          reject: false,
        });
        expect(r.exitCode, `step ${step.id ?? i}: ${r.stderr}`).toBe(0);
        outputs[step.id ?? String(i)] = Object.fromEntries(
          readFileSync(out, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
        );
        ran++;
        expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
      }
      expect(ran).toBe(3);
      expect(outputs.key!.key).toMatch(/^trust-Linux-X64-node\d+-[0-9a-f]{20}$/);
      expect(Object.keys(outputs.run!).sort()).toEqual([...OUTPUTS].sort());
      expect(outputs.run).toMatchObject({
        'prs-opened': '1',
        'findings-fixed': '1',
        'findings-unfixed': '0',
      });
      expect(server.open()).toHaveLength(1);
      expect(server.open()[0]!.labels).toEqual(['security', 'trust']);
      expect(readFileSync(base.GITHUB_STEP_SUMMARY, 'utf8')).toContain('### trust run');
      expect(server.problems).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe('.gitlab-ci-template.yml', () => {
  const job = gitlab['.trust']!;

  it('is an includable job whose variables are trust options, keeps .trust/, and runs in MR, default-branch and scheduled pipelines', () => {
    expect(gitlab.trust).toEqual({ extends: '.trust' });
    expect(job.script!.at(-1)).toBe('trust run');
    for (const name of Object.keys(job.variables ?? {})) {
      if (name === 'TRUST_PACKAGE') continue; // the template's own: what npm installs
      expect(RUN_VARIABLES.has(name), `${name} is not an option of trust run`).toBe(true);
    }
    expect(job.artifacts).toMatchObject({ when: 'always', paths: ['.trust/'] });
    expect(job.rules!.map((r) => r.if)).toEqual([
      '$CI_PIPELINE_SOURCE == "merge_request_event"',
      '$CI_PIPELINE_SOURCE == "schedule" && $TRUST_SCAN == "true"',
      '$CI_PIPELINE_SOURCE == "schedule"',
      '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH',
    ]);
    for (const r of job.rules!) {
      for (const name of Object.keys(r.variables ?? {})) expect(RUN_VARIABLES.has(name)).toBe(true);
    }
  });

  it('its `trust run` line, with the job variables and GitLab CI’s, opens the merge request', async () => {
    const server = await new GitLabServer('acme/app').start();
    const bin = makeTempDir('trust-path-');
    try {
      symlinkSync(TRUST_BIN, join(bin, 'trust'));
      const line = job.script!.find((l) => l.startsWith('trust '))!;
      const r = await execa('bash', ['-e', '-c', line], {
        cwd: f.repo.dir,
        env: {
          PATH: `${bin}:${process.env.PATH}`,
          HOME: process.env.HOME!,
          ...job.variables,
          TRUST_SARIF: 'scans/*.sarif',
          CI: 'true',
          GITLAB_CI: 'true',
          CI_PIPELINE_SOURCE: 'schedule',
          CI_PROJECT_ID: '42',
          CI_API_V4_URL: server.apiUrl,
          GITLAB_TOKEN: TOKEN,
        },
        extendEnv: false,
        reject: false,
      });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(server.open()).toHaveLength(1);
      expect(server.open()[0]!.labels).toEqual(['security']);
      expect(existsSync(join(f.repo.dir, '.trust/summary.md'))).toBe(true);
      expect(server.problems).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
