/**
 * `trust fix --llm` end to end: the built binary, a real git repository, SARIF from the
 * multi-fix fixture (five findings codemods fix) plus one SQL injection no codemod answers,
 * and the loopback model server. Acceptance 4: zero LLM calls for codemod-fixed findings.
 * Also: per-call metadata in the audit log, the one-line skip, budgets, and exit 3.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuditLog } from '../src/audit/index.js';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { hasStackTrace, REPO_ROOT, runTrust } from './helpers/run-trust.js';
import { byRole, edit, review, TEST_KEY } from './llm-helpers.js';
import { type LlmServer, type Script, startLlmServer } from './servers/llm-server.js';

const FIXTURE = join(REPO_ROOT, 'test/e2e/fixtures/multi-fix');
const read = (name: string) => readFileSync(join(FIXTURE, name), 'utf8');

const DB_JS = `const db = require('./db');

async function findUser(req, res) {
  const rows = await db.query("SELECT * FROM users WHERE name = '" + req.query.name + "'");
  res.json(rows);
}

module.exports = { findUser };
`;
const BAD = `const rows = await db.query("SELECT * FROM users WHERE name = '" + req.query.name + "'");`;
const GOOD = `const rows = await db.query('SELECT * FROM users WHERE name = ?', [req.query.name]);`;

const EXTRA_SARIF = JSON.stringify({
  version: '2.1.0',
  runs: [
    {
      tool: {
        driver: {
          name: 'CodeQL',
          rules: [
            {
              id: 'js/sql-injection',
              help: { text: 'Use query parameters.' },
              properties: { tags: ['external/cwe/cwe-089'] },
            },
          ],
        },
      },
      results: [
        {
          ruleId: 'js/sql-injection',
          level: 'error',
          message: { text: 'This query depends on a user-provided value.' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'users.js' },
                region: { startLine: 4, startColumn: 3 },
              },
            },
          ],
        },
      ],
    },
  ],
});

let repo: TempRepo | undefined;
let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  await repo?.cleanup();
  server = undefined;
  repo = undefined;
});

async function setup(script: Script, options: { expectKey?: string } = { expectKey: TEST_KEY }) {
  repo = await makeGitRepo({
    'server.js': read('server.js'),
    'users.js': DB_JS,
    'codeql.sarif': read('codeql.sarif'),
    'eslint.sarif': read('eslint.sarif'),
    'extra.sarif': EXTRA_SARIF,
  });
  server = await startLlmServer(script, options);
  return { dir: repo.dir, env: { ANTHROPIC_API_KEY: TEST_KEY, TRUST_LLM_BASE_URL: server.url } };
}

describe('trust fix --llm', () => {
  it('makes zero LLM calls when codemods fix every finding', async () => {
    const { dir, env } = await setup(byRole({}));
    const r = await runTrust(['fix', 'codeql.sarif', 'eslint.sarif', '--llm'], { cwd: dir, env });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('Fixed 5 of 5 findings in 1 file');
    expect(server!.requests).toHaveLength(0);
    expect(readFileSync(join(dir, 'server.js'), 'utf8')).toBe(read('server.expected.js'));
  });

  it('sends only the finding no codemod answers, records each call in the audit log, and reports fix quality', async () => {
    const { dir, env } = await setup(
      byRole({ generator: [edit('users.js', BAD, GOOD)], evaluator: [review(92, 88, 90)] }),
    );
    const r = await runTrust(
      ['fix', 'codeql.sarif', 'eslint.sarif', 'extra.sarif', '--llm', '--codetf', 'codetf.json'],
      { cwd: dir, env },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('Fixed 6 of 6 findings in 2 files');
    expect(r.stdout).toContain('trust:llm/anthropic');
    expect(r.stdout).toMatch(
      /LLM: 2 calls to anthropic claude-sonnet-4-6, [\d,]+ input \/ [\d,]+ output tokens, ~\$0\.\d{4}/,
    );
    // Exactly one generator and one evaluator call, both about users.js and nothing else.
    expect(server!.calls.map((c) => c.toolName)).toEqual(['propose_fix', 'record_review']);
    for (const c of server!.calls) {
      expect(c.user).toContain('file: users.js');
      expect(c.user).not.toContain('Math.random');
    }
    expect(readFileSync(join(dir, 'users.js'), 'utf8')).toBe(DB_JS.replace(BAD, GOOD));
    const codetf = JSON.parse(readFileSync(join(dir, 'codetf.json'), 'utf8')) as {
      results: { codemod: string; changeset: { fixQuality?: unknown; ai?: unknown }[] }[];
    };
    const llm = codetf.results.find((x) => x.codemod === 'trust:llm/anthropic');
    expect(llm?.changeset[0]).toMatchObject({
      ai: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
      fixQuality: {
        safetyRating: { score: 92 },
        effectivenessRating: { score: 88 },
        cleanlinessRating: { score: 90 },
      },
    });
    const log = openAuditLog(join(dir, '.trust/trust.db'), { create: false });
    try {
      const entries = Array.from(
        { length: log.size() },
        (_, i) => log.get(i)!.entry as unknown as Record<string, unknown>,
      ).filter((e) => e.kind === 'llm-call');
      expect(entries.map((e) => e.purpose)).toEqual(['fix-generate', 'fix-evaluate']);
      expect(entries[0]).toMatchObject({
        provider: 'anthropic',
        model: 'claude-sonnet-4-6',
        cached: false,
        status: 'ok',
      });
      expect(entries[0]!.promptSha256).toMatch(/^[0-9a-f]{64}$/);
      const text = JSON.stringify(entries);
      expect(text).not.toContain('SELECT');
      expect(text).not.toContain(TEST_KEY);
    } finally {
      log.close();
    }
  });

  it('skips the LLM with one clear line when no provider is configured, and still succeeds', async () => {
    const { dir } = await setup(byRole({}));
    const r = await runTrust(['fix', 'codeql.sarif', 'eslint.sarif', 'extra.sarif', '--llm'], {
      cwd: dir,
      env: {},
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr.match(/LLM steps skipped/g)).toHaveLength(1);
    expect(r.stderr).toContain(
      'LLM steps skipped: no LLM provider configured (set ANTHROPIC_API_KEY or OPENAI_API_KEY',
    );
    expect(r.stdout).toContain('Fixed 5 of 6 findings');
    expect(server!.requests).toHaveLength(0);
  });

  it('stops at --max-llm-calls and leaves the finding unfixed with the reason', async () => {
    const { dir, env } = await setup(byRole({ generator: [edit('users.js', BAD, GOOD)] }));
    // Each finding's reason is listed with --verbose (the default output groups them by rule).
    const r = await runTrust(['fix', 'extra.sarif', '--llm', '--max-llm-calls', '1', '--verbose'], {
      cwd: dir,
      env,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('LLM call budget spent (--max-llm-calls 1)');
    expect(server!.requests).toHaveLength(1);
    expect(readFileSync(join(dir, 'users.js'), 'utf8')).toBe(DB_JS);
  });

  it('exits 3 with one line when the provider stays down', async () => {
    const { dir, env } = await setup(() => ({ status: 503, headers: { 'retry-after': '0' } }));
    const r = await runTrust(['fix', 'extra.sarif', '--llm', '--llm-retries', '1'], { cwd: dir, env });
    expect(r.exitCode).toBe(3);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^trust: anthropic: HTTP 503 after 2 attempts/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stderr).not.toContain(TEST_KEY);
    expect(readFileSync(join(dir, 'users.js'), 'utf8')).toBe(DB_JS);
  });

  it('records a call that failed after its retries in the audit log, with its error class', async () => {
    const { dir, env } = await setup(() => ({ status: 500, message: 'upstream exploded' }));
    const r = await runTrust(['fix', 'extra.sarif', '--llm', '--llm-retries', '1'], { cwd: dir, env });
    expect(r.exitCode).toBe(3);
    expect(server!.requests).toHaveLength(2);
    const log = openAuditLog(join(dir, '.trust/trust.db'), { create: false });
    try {
      const calls = Array.from(
        { length: log.size() },
        (_, i) => log.get(i)!.entry as unknown as Record<string, unknown>,
      ).filter((e) => e.kind === 'llm-call');
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({
        provider: 'anthropic',
        purpose: 'fix-generate',
        status: 'error',
        error: 'http-500',
        inputTokens: 0,
        outputTokens: 0,
      });
      expect(JSON.stringify(calls)).not.toContain('upstream exploded');
    } finally {
      log.close();
    }
  });

  it('works with an OpenAI-compatible endpoint given only a base URL (no key, like Ollama)', async () => {
    const { dir } = await setup(
      byRole({ generator: [edit('users.js', BAD, GOOD)], evaluator: [review(90, 90, 90)] }),
      {},
    );
    const r = await runTrust(
      ['fix', 'extra.sarif', '--llm', '--llm-stream', '--llm-model', 'qwen2.5-coder', '--llm-price', '0,0'],
      {
        cwd: dir,
        env: { TRUST_LLM_BASE_URL: server!.openaiUrl },
      },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('Fixed 1 of 1 finding');
    expect(r.stdout).toMatch(
      /LLM: 2 calls to openai qwen2.5-coder, [\d,]+ input \/ [\d,]+ output tokens, ~\$0\.0000/,
    );
    expect(server!.calls.every((c) => c.api === 'openai' && c.stream && c.model === 'qwen2.5-coder')).toBe(
      true,
    );
  });
});

describe('trust triage --llm', () => {
  it('classifies needs_review findings with the LLM, records the decision and the call, and never asks twice', async () => {
    const verdict = {
      tool: {
        classification: 'true_positive',
        justification: 'The name parameter reaches the query unescaped.',
        confidence: 0.93,
      },
    };
    const { dir, env } = await setup(byRole({ triage: [verdict] }));
    const r = await runTrust(['triage', 'extra.sarif', '--llm'], { cwd: dir, env });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/true_positive\s+js\/sql-injection\s+users\.js:4\S*\s+trust\/llm/);
    expect(server!.calls.map((c) => c.toolName)).toEqual(['record_triage']);
    const log = openAuditLog(join(dir, '.trust/trust.db'), { create: false });
    try {
      const entries = Array.from(
        { length: log.size() },
        (_, i) => log.get(i)!.entry as unknown as Record<string, unknown>,
      );
      expect(entries.find((e) => e.kind === 'triage')).toMatchObject({
        decision: 'true_positive',
        decidedBy: { method: 'llm', model: 'claude-sonnet-4-6' },
        justification:
          'The name parameter reaches the query unescaped. (confidence 0.93) [llm claude-sonnet-4-6]',
      });
      expect(entries.find((e) => e.kind === 'llm-call')).toMatchObject({ purpose: 'triage', status: 'ok' });
    } finally {
      log.close();
    }
    // A second run keeps the LLM's decision and makes no call.
    const again = await runTrust(['triage', 'extra.sarif', '--llm'], { cwd: dir, env });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(server!.requests).toHaveLength(1);
  });
});

describe('trust fix --llm after a codemod changed the same file', () => {
  it('finds the LLM finding where the codemod moved it', async () => {
    const source = `'use strict';

function token() {
  return Math.random().toString(36).slice(2);
}

async function findUser(req, res) {
  const rows = await db.query("SELECT * FROM users WHERE name = '" + req.query.name + "'");
  res.json(rows);
}

module.exports = { token, findUser };
`;
    const result = (ruleId: string, line: number, col: number) => ({
      ruleId,
      level: 'error',
      message: { text: ruleId },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'app.js' },
            region: { startLine: line, startColumn: col },
          },
        },
      ],
    });
    const sarif = JSON.stringify({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'CodeQL' } },
          results: [result('js/insecure-randomness', 4, 10), result('js/sql-injection', 8, 3)],
        },
      ],
    });
    repo = await makeGitRepo({ 'app.js': source, 'r.sarif': sarif });
    let region = '';
    server = await startLlmServer(
      byRole({ generator: [edit('app.js', BAD, GOOD)], evaluator: [review(90, 90, 90)] }),
    );
    const original = server.script;
    server.script = (call) => {
      if (call.toolName === 'propose_fix') region = call.user;
      return original(call);
    };
    const r = await runTrust(['fix', 'r.sarif', '--llm'], {
      cwd: repo.dir,
      env: { ANTHROPIC_API_KEY: 'k-123456', TRUST_LLM_BASE_URL: server.url },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('Fixed 2 of 2 findings in 1 file');
    expect(region).toMatch(/flagged lines: (\d+)-\1/);
    const fixed = readFileSync(join(repo.dir, 'app.js'), 'utf8');
    expect(fixed).toContain(GOOD);
    expect(fixed).toContain("require('node:crypto')");
    const flagged = Number(/flagged lines: (\d+)/.exec(region)![1]);
    expect(fixed.split('\n')[flagged - 1]).toContain("db.query('SELECT * FROM users WHERE name = ?'");
  });
});
