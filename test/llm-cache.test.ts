/**
 * `trust triage --llm` and `trust fix --llm` with `--llm-cache`: the built binary runs the
 * trust proxy in-process in front of the loopback model server, with the official SDKs
 * pointed at it by base URL. Two runners (two clones of one repository) share one cache
 * file: the second asks the model nothing, gets the same answer, and records its llm-call
 * entries as cached at no cost. The upstream sees the provider key, never the local proxy key.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuditLog } from '../src/audit/index.js';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { hasStackTrace, runTrust } from './helpers/run-trust.js';
import { byRole, edit, review, TEST_KEY } from './llm-helpers.js';
import { type LlmServer, type Script, startLlmServer } from './servers/llm-server.js';

const USERS_JS = `const db = require('./db');

async function findUser(req, res) {
  const rows = await db.query("SELECT * FROM users WHERE name = '" + req.query.name + "'");
  res.json(rows);
}

module.exports = { findUser };
`;
const BAD = `const rows = await db.query("SELECT * FROM users WHERE name = '" + req.query.name + "'");`;
const GOOD = `const rows = await db.query('SELECT * FROM users WHERE name = ?', [req.query.name]);`;
const SARIF = JSON.stringify({
  version: '2.1.0',
  runs: [
    {
      tool: {
        driver: {
          name: 'CodeQL',
          rules: [{ id: 'js/sql-injection', help: { text: 'Use query parameters.' } }],
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
const VERDICT = {
  tool: {
    classification: 'true_positive',
    justification: 'The name parameter reaches the query unescaped.',
    confidence: 0.93,
  },
};

const repos: TempRepo[] = [];
let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  for (const r of repos.splice(0)) await r.cleanup();
});

async function runners(script: Script, provider: 'anthropic' | 'openai') {
  server = await startLlmServer(script, { expectKey: TEST_KEY });
  const clone = async () => {
    const repo = await makeGitRepo({ 'users.js': USERS_JS, 'r.sarif': SARIF });
    repos.push(repo);
    return repo.dir;
  };
  const store = join(mkdtempSync(join(tmpdir(), 'trust-llm-cache-')), 'team-cache.db');
  const env: Record<string, string> =
    provider === 'anthropic'
      ? { ANTHROPIC_API_KEY: TEST_KEY, ANTHROPIC_BASE_URL: server.url }
      : { OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: server.openaiUrl };
  env.TRUST_MASTER_KEY = randomBytes(32).toString('base64');
  return { a: await clone(), b: await clone(), store, env };
}

function llmCalls(dir: string): Record<string, unknown>[] {
  const log = openAuditLog(join(dir, '.trust/trust.db'), { create: false });
  try {
    return Array.from(
      { length: log.size() },
      (_, i) => log.get(i)!.entry as unknown as Record<string, unknown>,
    ).filter((e) => e.kind === 'llm-call');
  } finally {
    log.close();
  }
}

function rawBytes(store: string): string {
  return [store, `${store}-wal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('');
}

describe.each([
  ['anthropic', []],
  ['openai', ['--llm-stream']],
] as const)('trust triage --llm --llm-cache (%s %s)', (provider, extra) => {
  it('a second runner on the same cache asks the model nothing and pays nothing', async () => {
    const { a, b, store, env } = await runners(byRole({ triage: [VERDICT] }), provider);
    const args = ['triage', 'r.sarif', '--llm', '--llm-provider', provider, '--llm-cache', store, ...extra];
    const first = await runTrust(args, { cwd: a, env });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/true_positive\s+js\/sql-injection\s+users\.js:4\S*\s+trust\/llm/);
    expect(server!.requests).toHaveLength(1);

    const second = await runTrust(args, { cwd: b, env });
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/true_positive\s+js\/sql-injection\s+users\.js:4\S*\s+trust\/llm/);
    expect(second.stdout).toContain('(1 answered from the proxy cache at no cost)');
    expect(server!.requests).toHaveLength(1);
    expect(server!.unscripted).toEqual([]);

    expect(llmCalls(a)).toMatchObject([{ purpose: 'triage', status: 'ok', cached: false }]);
    expect((llmCalls(a)[0]!.costMicroUsd as number) > 0).toBe(true);
    expect(llmCalls(b)).toMatchObject([{ purpose: 'triage', status: 'ok', cached: true, costMicroUsd: 0 }]);

    // The upstream got the provider key; the cache holds neither key nor prompt nor answer.
    const sent = server!.requests[0]!.headers;
    expect(sent.authorization ?? sent['x-api-key']).toMatch(new RegExp(`${TEST_KEY}$`));
    const raw = rawBytes(store);
    for (const canary of [TEST_KEY, 'req.query.name', 'reaches the query unescaped', 'trust_pk_'])
      expect(raw.includes(canary), canary).toBe(false);
    const stats = await runTrust(['proxy', 'stats', '--store', store, '--json'], { cwd: a });
    expect(JSON.parse(stats.stdout)).toMatchObject([{ org: 'local', requests: 2, hits: 1, misses: 1 }]);
  });
});

describe('trust fix --llm --llm-cache', () => {
  it('the second runner gets the same fix from the cache, with no model call', async () => {
    const { a, b, store, env } = await runners(
      byRole({ generator: [edit('users.js', BAD, GOOD)], evaluator: [review(92, 88, 90)] }),
      'anthropic',
    );
    const args = ['fix', 'r.sarif', '--llm', '--llm-cache', store, '--llm-cache-org', 'ci'];
    const first = await runTrust(args, { cwd: a, env });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(server!.requests).toHaveLength(2);
    const second = await runTrust(args, { cwd: b, env });
    expect(second.exitCode, second.stderr).toBe(0);
    expect(server!.requests).toHaveLength(2);
    expect(second.stdout).toContain('(2 answered from the proxy cache at no cost)');
    for (const dir of [a, b]) expect(readFileSync(join(dir, 'users.js'), 'utf8')).toContain(GOOD);
    expect(llmCalls(b).map((c) => [c.purpose, c.cached, c.costMicroUsd])).toEqual([
      ['fix-generate', true, 0],
      ['fix-evaluate', true, 0],
    ]);
  });

  it('without TRUST_MASTER_KEY it is one line, exit 2, and nothing is sent', async () => {
    const { a, store, env } = await runners(byRole({}), 'anthropic');
    const r = await runTrust(['fix', 'r.sarif', '--llm', '--llm-cache', store], {
      cwd: a,
      env: { ...env, TRUST_MASTER_KEY: '' },
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toMatch(/^trust: --llm-cache: TRUST_MASTER_KEY is not set/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(server!.requests).toHaveLength(0);
  });
});
