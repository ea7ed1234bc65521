/**
 * LLM triage of needs_review findings through both SDKs against the loopback model.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LlmBudget } from '../src/llm/budget.js';
import { triageWithLlm } from '../src/llm/triage.js';
import type { LlmCallRecord } from '../src/llm/types.js';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { byRole, finding, session } from './llm-helpers.js';
import { type LlmServer, startLlmServer } from './servers/llm-server.js';

const SOURCE = `import random


def token():
    # only used to shuffle the demo playlist
    return random.random()
`;

let repo: TempRepo | undefined;
let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  await repo?.cleanup();
});

describe.each([
  ['anthropic', true],
  ['openai', false],
] as const)('LLM triage with %s (stream: %s)', (provider, stream) => {
  it('classifies a finding with a justification and a confidence, and records the call', async () => {
    repo = await makeGitRepo({ 'app/shuffle.py': SOURCE });
    server = await startLlmServer(
      byRole({
        triage: [
          {
            tool: {
              classification: 'wont_fix',
              justification: 'Not security relevant:\n the value only shuffles a playlist.',
              confidence: 0.8,
            },
          },
        ],
      }),
    );
    const records: LlmCallRecord[] = [];
    const result = await triageWithLlm(
      { root: repo.dir, session: session(provider, server, { stream, records }), identity: [] },
      finding('app/shuffle.py', 6, {
        id: 'B311',
        help: 'Standard pseudo-random generators are not suitable for security.',
      }),
    );
    expect(result).toEqual({
      decision: {
        classification: 'wont_fix',
        justification: 'Not security relevant: the value only shuffles a playlist.',
        confidence: 0.8,
        model: provider === 'anthropic' ? 'claude-sonnet-4-6' : 'gpt-4.1',
        provider,
      },
    });
    const call = server.calls[0]!;
    expect(call.system).toContain('true_positive');
    expect(call.user).toContain('return random.random()');
    expect(call.user).toMatch(/<<<TRUST-DATA-[0-9a-f]{24}\n/);
    expect(records).toMatchObject([{ purpose: 'triage', ok: true }]);
  });
});

it('rejects a classification outside the four classes, then reports it', async () => {
  repo = await makeGitRepo({ 'app/shuffle.py': SOURCE });
  const bad = { tool: { classification: 'definitely_fine', justification: 'x', confidence: 2 } };
  server = await startLlmServer(byRole({ triage: [bad, bad] }));
  const result = await triageWithLlm(
    { root: repo.dir, session: session('openai', server), identity: [] },
    finding('app/shuffle.py', 6, { id: 'B311' }),
  );
  expect(result).toEqual({ skipped: expect.stringMatching(/^the model's answer was malformed twice/) });
});

it('skips without a call once the budget is spent', async () => {
  repo = await makeGitRepo({ 'app/shuffle.py': SOURCE });
  server = await startLlmServer(byRole({}));
  const budget = new LlmBudget({ maxCalls: 0 });
  const result = await triageWithLlm(
    { root: repo.dir, session: session('openai', server, { budget }), identity: [] },
    finding('app/shuffle.py', 6, { id: 'B311' }),
  );
  expect(result).toEqual({ skipped: 'LLM call budget spent (--max-llm-calls 0)' });
  expect(server.requests).toHaveLength(0);
});
