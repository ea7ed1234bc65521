/**
 * llm/wiring: the composition root of the LLM steps for a command. From the resolved options
 * and the environment it builds the session (providers, budget), collects the identity to
 * redact, sends every call's metadata to the audit log, and offers the fixer and a one-line
 * spend summary. Returns undefined (after one clear line) when no provider is configured.
 */
import type { EntryInput } from '../audit/index.js';
import type { Fixer } from '../fix/fixer.js';
import { createLlmFixer, type LlmFixReport } from './fixer.js';
import { collectIdentity } from './identity.js';
import type { KnownValue } from './secrets.js';
import type { LlmSession } from './session.js';
import { createSession, type LlmSettings, resolveLlmSettings } from './settings.js';
import type { FetchLike } from './transport.js';
import type { LlmCallRecord } from './types.js';

export interface AuditSink {
  append(entry: EntryInput): unknown;
}

export interface LlmSetupInput {
  root: string;
  options: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  /** Where the one "skipped" line goes. */
  say: (line: string) => void;
  audit?: AuditSink;
  fetch?: FetchLike;
  /**
   * Send the calls somewhere else (the in-process proxy cache, `--llm-cache`): given the
   * resolved settings, the base URL and key the SDKs use instead.
   */
  reroute?: (settings: LlmSettings) => Promise<Pick<LlmSettings, 'baseURL' | 'apiKey'>>;
}

export interface LlmSetup {
  settings: LlmSettings;
  session: LlmSession;
  identity: KnownValue[];
  records: LlmCallRecord[];
  reports: LlmFixReport[];
  fixer(): Fixer;
  /** "LLM: 4 calls to anthropic claude-sonnet-4-6, 5,200 input / 800 output tokens, ~$0.0276". */
  summary(): string;
}

export async function setupLlm(input: LlmSetupInput): Promise<LlmSetup | undefined> {
  if (input.options.llm !== true) return undefined;
  const resolved = resolveLlmSettings(input.options, input.env);
  if ('skip' in resolved) {
    input.say(`LLM steps skipped: ${resolved.skip}`);
    return undefined;
  }
  const settings = input.reroute
    ? { ...resolved.settings, ...(await input.reroute(resolved.settings)) }
    : resolved.settings;
  const records: LlmCallRecord[] = [];
  const reports: LlmFixReport[] = [];
  const session = createSession(settings, {
    fetch: input.fetch,
    onCall: (record) => {
      records.push(record);
      input.audit?.append(auditEntry(record));
    },
  });
  const identity = await collectIdentity(input.root, input.env);
  return {
    settings,
    session,
    identity,
    records,
    reports,
    fixer: () =>
      createLlmFixer({
        root: input.root,
        session,
        thresholds: settings.thresholds,
        identity,
        onReport: (r) => reports.push(r),
      }),
    summary: () => summarize(settings, records),
  };
}

export function auditEntry(record: LlmCallRecord): EntryInput {
  return {
    kind: 'llm-call',
    provider: record.provider,
    model: record.model,
    purpose: record.purpose,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    costMicroUsd: Math.round((record.costUsd ?? 0) * 1_000_000),
    promptSha256: record.promptSha256,
    cached: record.cached === true,
    latencyMs: record.latencyMs,
    status: record.ok ? 'ok' : 'error',
    ...(record.error ? { error: record.error } : {}),
  };
}

function summarize(settings: LlmSettings, records: LlmCallRecord[]): string {
  const input = records.reduce((n, r) => n + r.inputTokens, 0);
  const output = records.reduce((n, r) => n + r.outputTokens, 0);
  const priced = records.every((r) => r.costUsd !== undefined);
  const cost = records.reduce((n, r) => n + (r.costUsd ?? 0), 0);
  const models = [...new Set(records.map((r) => r.model))].join(', ') || settings.model;
  const money =
    records.length === 0 ? '' : priced ? `, ~$${cost.toFixed(4)}` : ', cost unknown (set --llm-price)';
  const hits = records.filter((r) => r.cached).length;
  const cached = hits ? ` (${hits} answered from the proxy cache at no cost)` : '';
  return `LLM: ${records.length} call${records.length === 1 ? '' : 's'} to ${settings.provider} ${models}${cached}, ${input.toLocaleString('en-US')} input / ${output.toLocaleString('en-US')} output tokens${money}`;
}
