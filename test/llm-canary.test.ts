/**
 * Acceptance 2: a real git repository seeded with canaries — API keys of several providers, a
 * private key, absolute home paths, the repository URL, author names and e-mails — goes
 * through the LLM fix pipeline and LLM triage against the loopback model, and every byte the
 * server received (bodies and headers) is searched for every canary. None may appear.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFixes } from '../src/fix/pipeline.js';
import { createLlmFixer } from '../src/llm/fixer.js';
import { collectIdentity } from '../src/llm/identity.js';
import type { KnownValue } from '../src/llm/secrets.js';
import { triageWithLlm } from '../src/llm/triage.js';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { finding, session, TEST_KEY } from './llm-helpers.js';
import { type LlmServer, type ModelCall, type Reply, startLlmServer } from './servers/llm-server.js';

// Assembled at run time so that this file itself trips no secret scanner.
const j = (...p: string[]) => p.join('');
const KEYS = {
  openai: j('sk-proj-', 'Qz7Xc9Vb2Nm4Lk8Jh6Gf3Ds1Aq5Wr0Ty'),
  anthropic: j('sk-ant-api03-', 'Pq9Wm3Xn7Lb2Kc5Jd8Hf1Gs4Ar6Te0Yv_ZuCanary'),
  aws: j('AKIA', 'Z7CANARYQ7Q7Q7Q7'),
  github: j('ghp_', 'Cn7ry9Q7aZ3xW5vB1nM8kL4jH6gF2dS0pO9iU'),
  stripe: j('sk_live_', '51CanaryQ7abcdefGHIJklmn'),
  slack: j('xoxb-', '1234567890-Canary-Q7-token'),
  google: j('AIza', 'SyC4nArY-Q7_abcdefghijklmnopqrstuvw'),
};
const PEM_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjCanaryQ7PemBody';
const PRIVATE_KEY = [
  '-----BEGIN PRIVATE KEY-----',
  PEM_BODY,
  'K4nAryQ7SecondLineOfTheKeyMaterial0123',
  '-----END PRIVATE KEY-----',
].join('\\n');
const REMOTE = 'https://github.com/canary-org-q7/canary-repo-z3.git';
const AUTHOR = { name: 'Canary Authorperson', email: 'canary.author.q7@canary-corp.example' };
const OTHER_EMAIL = 'ops-canary-q7@canary-corp.example';
const HOME_PATH = join(homedir(), 'canary-q7-secrets', 'settings.yml');
const FOREIGN_HOME = '/home/canaryuser-q7/projects/app/.env';
const DB_PASSWORD = 'Canary-DB-Pass-91';

function files(root: string): Record<string, string> {
  return {
    'src/report.js': `const { exec } = require('child_process');
const { Client } = require('./client');

// Maintainer: ${AUTHOR.name} <${AUTHOR.email}>; source: ${REMOTE}
const ROOT = "${root}/data";

function sendReport(data) {
  const client = new Client({ openai: "${KEYS.openai}", anthropic: '${KEYS.anthropic}', github: "${KEYS.github}" });
  const signing = "${PRIVATE_KEY}";
  const dsn = "postgres://report:${DB_PASSWORD}@db.canary-corp.example:5432/prod";
  client.upload(dsn, signing, "${HOME_PATH}", "${FOREIGN_HOME}");
  exec("tar czf report.tgz " + data.name);
  return client.notify("${OTHER_EMAIL}", ROOT);
}

module.exports = { sendReport };
`,
    'app/billing.py': `import os
import subprocess

STRIPE_KEY = "${KEYS.stripe}"


def charge(customer, amount):
    """Contact ${AUTHOR.email} before changing this. Repo: github.com/canary-org-q7/canary-repo-z3"""
    aws = {"key_id": "${KEYS.aws}", "slack": "${KEYS.slack}", "google": "${KEYS.google}"}
    log = open("${HOME_PATH}", "a")
    subprocess.call("bill --customer " + customer + " --amount " + str(amount), shell=True)
    log.write("charged by ${AUTHOR.name}")
    return aws
`,
  };
}

function canaries(root: string): string[] {
  return [
    ...Object.values(KEYS),
    PEM_BODY,
    'K4nAryQ7SecondLineOfTheKeyMaterial0123',
    REMOTE,
    'canary-org-q7',
    'canary-repo-z3',
    AUTHOR.name,
    AUTHOR.email,
    OTHER_EMAIL,
    HOME_PATH,
    homedir(),
    FOREIGN_HOME,
    '/home/canaryuser-q7',
    root,
    DB_PASSWORD,
  ];
}

/** A fake model that fixes the flagged command line without touching any placeholder. */
function model(call: ModelCall): Reply {
  if (call.toolName === 'record_triage') {
    return {
      tool: { classification: 'true_positive', justification: 'user input reaches a shell', confidence: 0.9 },
    };
  }
  if (call.toolName === 'record_review') {
    const s = { score: 90, reason: 'uses an argument list' };
    return { tool: { safety: s, effectiveness: s, cleanliness: s } };
  }
  const py = call.user.includes('app/billing.py');
  const path = py ? 'app/billing.py' : 'src/report.js';
  const line = call.user
    .split('\n')
    .find((l) => (py ? l.includes('subprocess.call(') : l.includes('exec("tar')));
  if (!line) return { tool: { explanation: 'flagged line not found', edits: [] } };
  const replace = py
    ? '    subprocess.call(["bill", "--customer", customer, "--amount", str(amount)])'
    : line.replace(
        /exec\("tar czf (\S+) " \+ data\.name\);/,
        'exec("tar czf $1 -- " + JSON.stringify(data.name));',
      );
  return {
    tool: {
      explanation: 'argument list instead of a shell string',
      edits: [{ path, find: line.trim(), replace: replace.trim() }],
    },
  };
}

let repo: TempRepo;
let identity: KnownValue[];

beforeAll(async () => {
  repo = await makeGitRepo({ 'README.md': '# service\n' });
  await repo.git.addRemote('origin', REMOTE);
  repo.write(files(repo.dir));
  await repo.git.add('.');
  await repo.git.commit('add billing and reporting', undefined, {
    '--author': `${AUTHOR.name} <${AUTHOR.email}>`,
  });
  identity = await collectIdentity(repo.dir, {});
});
afterAll(async () => repo.cleanup());

describe.each([
  ['anthropic', false],
  ['anthropic', true],
  ['openai', false],
  ['openai', true],
] as const)('canaries never leave (%s, stream: %s)', (provider, stream) => {
  let server: LlmServer;
  afterAll(async () => server?.close());

  it('sends no canary byte while fixing two findings and triaging one, and restores every secret in the fixed files', async () => {
    server = await startLlmServer(model, { expectKey: TEST_KEY });
    const before = {
      js: readFileSync(join(repo.dir, 'src/report.js'), 'utf8'),
      py: readFileSync(join(repo.dir, 'app/billing.py'), 'utf8'),
    };
    const fixer = createLlmFixer({
      root: repo.dir,
      session: session(provider, server, { stream }),
      thresholds: { safety: 70, effectiveness: 70, cleanliness: 70 },
      identity,
    });
    const run = await runFixes({
      root: repo.dir,
      findings: [
        finding('src/report.js', 12, {
          id: 'js/command-line-injection',
          help: 'Do not build shell commands from input.',
          cwe: [78],
        }),
        finding('app/billing.py', 11, { id: 'B602', help: 'subprocess call with shell=True', cwe: [78] }),
      ],
      codemods: [],
      fixers: [fixer],
      write: false,
    });
    expect(run.outcomes.map((o) => [o.path, o.status, o.reason])).toEqual([
      ['app/billing.py', 'fixed', undefined],
      ['src/report.js', 'fixed', undefined],
    ]);
    const triaged = await triageWithLlm(
      { root: repo.dir, session: session(provider, server, { stream }), identity },
      finding('src/report.js', 12, {
        id: 'js/command-line-injection',
        help: 'Do not build shell commands from input.',
      }),
    );
    expect(triaged).toMatchObject({ decision: { classification: 'true_positive' } });
    // The fix pipeline works on files concurrently, so the calls may interleave.
    expect(server.calls.map((c) => c.toolName).sort()).toEqual([
      'propose_fix',
      'propose_fix',
      'record_review',
      'record_review',
      'record_triage',
    ]);

    const seen = server.requests.map((r) => {
      const { authorization, 'x-api-key': apiKey, ...headers } = r.headers;
      return `${r.path}\n${JSON.stringify(headers)}\n${r.body.toString('utf8')}`;
    });
    const all = seen.join('\n').toLowerCase();
    for (const canary of canaries(repo.dir))
      expect(all, `canary ${canary} was sent`).not.toContain(canary.toLowerCase());

    // The fixed files keep every real value: placeholders were restored, not written.
    const after = Object.fromEntries(run.files.map((f) => [f.path, f.after]));
    expect(after['src/report.js']).toBe(
      before.js.replace(
        /exec\("tar czf (\S+) " \+ data\.name\);/,
        'exec("tar czf $1 -- " + JSON.stringify(data.name));',
      ),
    );
    expect(after['app/billing.py']).toContain(`STRIPE_KEY = "${KEYS.stripe}"`);
    expect(after['app/billing.py']).toContain(
      'subprocess.call(["bill", "--customer", customer, "--amount", str(amount)])',
    );
    expect(after['app/billing.py']).not.toMatch(/REDACTED_/);
  });
});

it('collects the repository identity from git metadata', () => {
  const values = identity.map((k) => k.value);
  expect(values).toEqual(
    expect.arrayContaining([REMOTE, 'canary-org-q7/canary-repo-z3', AUTHOR.name, AUTHOR.email, repo.dir]),
  );
});
