/**
 * Shared by the LLM tests: findings built in code, an LLM session wired to the loopback
 * server, and a fake model that answers generator and evaluator calls by role.
 */

import { LlmBudget } from '../src/llm/budget.js';
import type { LlmSession } from '../src/llm/session.js';
import { createProvider, type LlmSettings } from '../src/llm/settings.js';
import type { LlmCallRecord, ProviderName } from '../src/llm/types.js';
import type { Finding } from '../src/sarif/finding.js';
import type { LlmServer, ModelCall, Reply, Script } from './servers/llm-server.js';

export const TEST_KEY = 'sk-loopback-test-key-0123456789';

export function finding(
  path: string,
  line: number,
  rule: { id: string; help?: string; message?: string; cwe?: number[] },
  endLine = line,
): Finding {
  return {
    id: `fp-${path}-${line}-${rule.id}`,
    tool: { name: 'CodeQL' },
    rule: { id: rule.id, help: rule.help },
    level: 'error',
    cwe: rule.cwe ?? [],
    message: rule.message ?? `problem reported by ${rule.id}`,
    location: { path, status: 'in-tree', region: { startLine: line, endLine } },
    relatedLocations: [],
    codeFlows: [],
    partialFingerprints: {},
    suppressed: false,
    suppressions: [],
    sources: [{ file: 'results.sarif', runIndex: 0, resultIndex: 0, tool: 'CodeQL' }],
  };
}

export function settings(
  provider: ProviderName,
  server: LlmServer,
  stream = false,
  extra: Partial<LlmSettings> = {},
): LlmSettings {
  return {
    provider,
    model: provider === 'anthropic' ? 'claude-sonnet-4-6' : 'gpt-4.1',
    apiKey: TEST_KEY,
    baseURL: provider === 'anthropic' ? server.url : server.openaiUrl,
    stream,
    timeoutMs: 5000,
    retries: 1,
    thresholds: { safety: 70, effectiveness: 70, cleanliness: 70 },
    ...extra,
  };
}

export function session(
  provider: ProviderName,
  server: LlmServer,
  options: { stream?: boolean; records?: LlmCallRecord[]; budget?: LlmBudget } = {},
): LlmSession {
  const s = settings(provider, server, options.stream);
  const p = createProvider(s, s.model, { retry: { baseDelayMs: 5 } });
  return {
    generator: p,
    evaluator: p,
    budget: options.budget ?? new LlmBudget(),
    onCall: (r) => options.records?.push(r),
  };
}

/** Answers by role: `generator` for propose_fix calls, `evaluator` for record_review, in order. */
export function byRole(roles: { generator?: Reply[]; evaluator?: Reply[]; triage?: Reply[] }): Script {
  const queues = {
    propose_fix: [...(roles.generator ?? [])],
    record_review: [...(roles.evaluator ?? [])],
    record_triage: [...(roles.triage ?? [])],
  };
  return (call: ModelCall) => {
    const queue = queues[call.toolName as keyof typeof queues];
    const reply = queue?.shift();
    if (!reply) throw new Error(`unscripted ${call.toolName} call #${call.index}`);
    return reply;
  };
}

export const review = (
  safety: number,
  effectiveness: number,
  cleanliness: number,
  why = 'reviewed',
): Reply => ({
  tool: {
    safety: { score: safety, reason: `safety: ${why}` },
    effectiveness: { score: effectiveness, reason: `effectiveness: ${why}` },
    cleanliness: { score: cleanliness, reason: `cleanliness: ${why}` },
  },
});

export const edit = (path: string, find: string, replace: string, explanation = 'fixes it'): Reply => ({
  tool: { explanation, edits: [{ path, find, replace }] },
});

/** The editable region as the model received it (between "editable region" and the next section). */
export function regionFrom(call: ModelCall): string {
  const m =
    /editable region, lines \d+-\d+:\n([\s\S]*?)(?:\n\n(?:code-flow steps|proposed patch)|\nTRUST-DATA-)/.exec(
      call.user,
    );
  return m?.[1] ?? '';
}
