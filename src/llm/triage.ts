/**
 * llm/triage: asks a model to classify a finding deterministic triage left `needs_review` —
 * true_positive, false_positive, wont_fix or suspicious — with a justification and a
 * confidence. Same redacted snippet and data fencing as fixes; the caller records the
 * decision in the audit log (decidedBy: llm).
 */
import type { Finding } from '../sarif/finding.js';
import { BudgetExhausted } from './budget.js';
import { describeSnippet, fence, newBoundary } from './prompts/data-block.js';
import { promptsFor } from './prompts/index.js';
import { SourceRedactor } from './redact-source.js';
import type { KnownValue } from './secrets.js';
import { callStructured, type LlmSession } from './session.js';
import { buildSnippet } from './snippet.js';
import type { JsonSchema } from './types.js';

export const TRIAGE_CLASSES = ['true_positive', 'false_positive', 'wont_fix', 'suspicious'] as const;
export type TriageClass = (typeof TRIAGE_CLASSES)[number];

export interface LlmTriageDecision {
  classification: TriageClass;
  justification: string;
  /** 0..1 */
  confidence: number;
  model: string;
  provider: string;
}

export type LlmTriageResult = { decision: LlmTriageDecision } | { skipped: string };

export const RECORD_TRIAGE_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['classification', 'justification', 'confidence'],
  properties: {
    classification: { type: 'string', enum: [...TRIAGE_CLASSES] },
    justification: { type: 'string', minLength: 1, maxLength: 2000 },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
  },
};

export interface LlmTriageOptions {
  root: string;
  session: LlmSession;
  identity: readonly KnownValue[];
}

export async function triageWithLlm(options: LlmTriageOptions, finding: Finding): Promise<LlmTriageResult> {
  const { session } = options;
  const spent = session.budget.exhausted();
  if (spent) return { skipped: spent };
  const built = buildSnippet({ root: options.root, finding, redactor: new SourceRedactor(options.identity) });
  if ('unavailable' in built) return { skipped: built.unavailable };
  const prompts = promptsFor(session.generator.name);
  const data = describeSnippet(built.snippet);
  const boundary = newBoundary(data);
  try {
    const result = await callStructured<Omit<LlmTriageDecision, 'model' | 'provider'>>(
      session,
      session.generator,
      {
        purpose: 'triage',
        system: prompts.triageSystem(boundary),
        user: prompts.triageUser(boundary, fence(boundary, data)),
        tool: {
          name: 'record_triage',
          description: 'Record the classification of the finding.',
          schema: RECORD_TRIAGE_SCHEMA,
        },
        maxTokens: 1024,
      },
    );
    if (!result.ok) return { skipped: result.reason };
    const { classification, justification, confidence } = result.value;
    return {
      decision: {
        classification,
        justification: justification.replace(/\s+/g, ' ').trim(),
        confidence,
        model: session.generator.model,
        provider: session.generator.name,
      },
    };
  } catch (error) {
    if (error instanceof BudgetExhausted) return { skipped: error.message };
    throw error;
  }
}
