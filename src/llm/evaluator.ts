/**
 * llm/evaluator: a separate call, with its own system prompt (and optionally its own model),
 * that scores a patch for safety, effectiveness and cleanliness. It sees the finding, the
 * original snippet and the diff — never the generator's explanation or reasoning.
 */
import { describeSnippet, fence, newBoundary } from './prompts/data-block.js';
import { promptsFor } from './prompts/index.js';
import { callStructured, type LlmSession, type StructuredResult } from './session.js';
import type { Thresholds } from './settings.js';
import type { Snippet } from './snippet.js';
import type { JsonSchema } from './types.js';

export interface Score {
  score: number;
  reason: string;
}

export interface Review {
  safety: Score;
  effectiveness: Score;
  cleanliness: Score;
}

const SCORE: JsonSchema = {
  type: 'object',
  required: ['score', 'reason'],
  properties: {
    score: { type: 'integer', minimum: 0, maximum: 100 },
    reason: { type: 'string', minLength: 1 },
  },
};

export const RECORD_REVIEW_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['safety', 'effectiveness', 'cleanliness'],
  properties: { safety: SCORE, effectiveness: SCORE, cleanliness: SCORE },
};

export async function evaluateFix(
  session: LlmSession,
  snippet: Snippet,
  diff: string,
): Promise<StructuredResult<Review>> {
  const prompts = promptsFor(session.evaluator.name);
  const data = `${describeSnippet(snippet, { withFlow: false })}\n\nproposed patch (unified diff):\n${diff}`;
  const boundary = newBoundary(data);
  const result = await callStructured<Review>(session, session.evaluator, {
    purpose: 'fix-evaluate',
    system: prompts.evaluatorSystem(boundary),
    user: prompts.evaluatorUser(boundary, fence(boundary, data)),
    tool: {
      name: 'record_review',
      description: 'Record the scores of the patch.',
      schema: RECORD_REVIEW_SCHEMA,
    },
  });
  if (!result.ok) return result;
  const pick = (s: Score): Score => ({ score: s.score, reason: s.reason });
  const v = result.value;
  return {
    ...result,
    value: { safety: pick(v.safety), effectiveness: pick(v.effectiveness), cleanliness: pick(v.cleanliness) },
  };
}

/** The dimensions below their threshold, as "safety 40 < 70: reason". */
export function shortfalls(review: Review, thresholds: Thresholds): string[] {
  return (['safety', 'effectiveness', 'cleanliness'] as const)
    .filter((k) => review[k].score < thresholds[k])
    .map((k) => `${k} ${review[k].score} < ${thresholds[k]}: ${review[k].reason}`);
}
