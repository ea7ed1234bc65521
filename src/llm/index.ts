/**
 * llm: LLM fixes and triage. The only folder that imports `openai` and `@anthropic-ai/sdk`
 * (provider-*.ts). It may import core/, sarif types, fix/ (languages, the Fixer hook) and
 * audit types; nothing imports it but the CLI composition root (cli/commands/llm-common.ts)
 * and benches.
 *
 *   settings.ts      options + environment -> provider, model, key, base URL, budget, thresholds
 *   provider-*.ts    LlmProvider over each SDK (forced tool call; JSON and SSE); retry.ts, transport.ts
 *   session.ts       one structured call: budget, schema validation, one retry, audit metadata
 *   snippet.ts       the bounded, redacted snippet (redact-source.ts, secrets.ts, identity.ts)
 *   prompts/         per-family prompts; untrusted data fenced by a random boundary
 *   generator.ts -> edits.ts -> validate.ts -> evaluator.ts, run by fix-pipeline.ts
 *   fixer.ts         the pipeline as a fix/ Fixer;  triage.ts  classification of needs_review
 *   wiring.ts        composition for a command: session, identity, audit entries, summary
 */

export { BudgetExhausted, LlmBudget } from './budget.js';
export type { LlmFixerOptions, LlmFixReport } from './fixer.js';
export { createLlmFixer } from './fixer.js';
export { collectIdentity } from './identity.js';
export { SourceRedactor } from './redact-source.js';
export type { LlmSession } from './session.js';
export { callStructured } from './session.js';
export type { LlmSettings, Thresholds } from './settings.js';
export { createProvider, createSession, resolveLlmSettings } from './settings.js';
export type { FetchLike } from './transport.js';
export type { LlmTriageDecision, LlmTriageResult } from './triage.js';
export { TRIAGE_CLASSES, triageWithLlm } from './triage.js';
export type { LlmCallRecord, LlmProvider, ProviderName, StructuredRequest } from './types.js';
export type { LlmSetup, LlmSetupInput } from './wiring.js';
export { auditEntry, setupLlm } from './wiring.js';
