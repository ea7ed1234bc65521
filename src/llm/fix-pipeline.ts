/**
 * llm/fix-pipeline: generator -> apply to a copy -> mechanical validation -> evaluator.
 * A rejected or low-scoring attempt gets one retry with the reason as feedback; a second
 * failure leaves the finding unfixed with that reason. Nothing is written to disk here: a
 * passing fix is returned as the new file text for the fix engine to merge.
 */

import { unifiedDiff } from './diff.js';
import { applyEdits } from './edits.js';
import { evaluateFix, type Review, shortfalls } from './evaluator.js';
import { generateFix } from './generator.js';
import type { SourceRedactor } from './redact-source.js';
import type { LlmSession } from './session.js';
import type { Thresholds } from './settings.js';
import type { Snippet } from './snippet.js';
import { validateFix } from './validate.js';

export const MAX_GENERATOR_ATTEMPTS = 2;

export interface LlmFixOutcome {
  status: 'fixed' | 'unfixed';
  /** Why unfixed; for fixed, the generator's explanation. */
  reason: string;
  /** Machine-readable cause when unfixed: a validation check, "evaluator", "malformed", "declined". */
  check?: string;
  /** The whole file after the fix, real values restored (fixed only). */
  after?: string;
  /** The diff the evaluator saw (redacted). */
  diff?: string;
  review?: Review;
  generatorAttempts: number;
  calls: number;
}

export async function runFixPipeline(
  session: LlmSession,
  thresholds: Thresholds,
  snippet: Snippet,
  redactor: SourceRedactor,
  original: string,
): Promise<LlmFixOutcome> {
  if (!snippet.language) {
    return {
      status: 'unfixed',
      check: 'unsupported-language',
      reason: `trust cannot parse ${snippet.path}, so it cannot check an LLM fix`,
      generatorAttempts: 0,
      calls: 0,
    };
  }
  let feedback: string | undefined;
  let calls = 0;
  let last: { check: string; reason: string; review?: Review } = {
    check: 'declined',
    reason: 'no attempt made',
  };
  for (let attempt = 1; attempt <= MAX_GENERATOR_ATTEMPTS; attempt++) {
    // Feedback can quote the checked file (real values restored): it is redacted like the rest.
    const generated = await generateFix(session, snippet, feedback && redactor.redact(feedback));
    calls += generated.calls;
    if (!generated.ok)
      return {
        status: 'unfixed',
        check: 'malformed',
        reason: `generator: ${generated.reason}`,
        generatorAttempts: attempt,
        calls,
      };
    if (generated.value.edits.length === 0) {
      return {
        status: 'unfixed',
        check: 'declined',
        reason: `the model declined: ${oneLine(generated.value.explanation)}`,
        generatorAttempts: attempt,
        calls,
      };
    }
    const applied = applyEdits(snippet, redactor, generated.value.edits);
    if (!applied.ok) {
      last = applied;
      feedback = `Your edits were rejected: ${applied.reason}.`;
      continue;
    }
    const after = redactor.restore(applied.text);
    const invalid = snippet.language
      ? validateFix({ path: snippet.path, language: snippet.language, before: original, after })
      : undefined;
    if (invalid) {
      last = invalid;
      feedback = `Your edits were rejected: ${invalid.reason}.`;
      continue;
    }
    const diff = unifiedDiff(snippet.path, snippet.redactedSource, applied.text);
    const reviewed = await evaluateFix(session, snippet, diff);
    calls += reviewed.calls;
    if (!reviewed.ok)
      return {
        status: 'unfixed',
        check: 'malformed',
        reason: `evaluator: ${reviewed.reason}`,
        generatorAttempts: attempt,
        calls,
      };
    const short = shortfalls(reviewed.value, thresholds);
    if (short.length === 0) {
      return {
        status: 'fixed',
        reason: oneLine(generated.value.explanation),
        after,
        diff,
        review: reviewed.value,
        generatorAttempts: attempt,
        calls,
      };
    }
    last = { check: 'evaluator', reason: `evaluator: ${short.join('; ')}`, review: reviewed.value };
    feedback = `A reviewer rejected your patch: ${short.join('; ')}.`;
  }
  return {
    status: 'unfixed',
    check: last.check,
    reason: last.reason,
    review: last.review,
    generatorAttempts: MAX_GENERATOR_ATTEMPTS,
    calls,
  };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
