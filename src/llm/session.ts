/**
 * llm/session: one structured call as every LLM step makes it — budget first, then the
 * provider, then schema validation of the answer. A malformed answer is asked for again
 * once (with what was wrong); a second malformed answer is reported, not thrown. Every HTTP
 * exchange's metadata (never its text) goes to `onCall`, which the CLI sends to the audit log.
 */
import { createHash } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import type { LlmBudget } from './budget.js';
import { costOf, type Price, priceOf } from './pricing.js';
import { describeFailure } from './retry.js';
import { type Exchange, exchange } from './transport.js';
import type { LlmCallRecord, LlmProvider, RawAnswer, StructuredRequest } from './types.js';

export interface LlmSession {
  generator: LlmProvider;
  /** A separate provider/model for the evaluator; the generator's when not configured. */
  evaluator: LlmProvider;
  budget: LlmBudget;
  /** Price override for models not in the table (USD per million tokens). */
  price?: Price;
  onCall?: (record: LlmCallRecord) => void;
}

export type StructuredResult<T> =
  | { ok: true; value: T; calls: number }
  | { ok: false; reason: string; calls: number };

const ajv = new Ajv({ allErrors: false, strict: false });
const validators = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let v = validators.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    validators.set(schema, v);
  }
  return v;
}

export async function callStructured<T>(
  session: LlmSession,
  provider: LlmProvider,
  request: StructuredRequest,
): Promise<StructuredResult<T>> {
  const validate = validatorFor(request.tool.schema);
  let current = request;
  let lastProblem = '';
  for (let round = 1; round <= 2; round++) {
    session.budget.reserve();
    const started = performance.now();
    const promptSha256 = promptHash(current);
    let answer: RawAnswer;
    const seen: Exchange = { cached: false };
    try {
      answer = await exchange.run(seen, () => provider.complete(current));
    } catch (error) {
      // A call that failed after its retries is recorded too: the log must show every call.
      const { errorClass, attempts } = describeFailure(error);
      session.budget.record(0);
      session.onCall?.({
        provider: provider.name,
        model: provider.model,
        purpose: request.purpose,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        latencyMs: Math.round(performance.now() - started),
        promptSha256,
        attempts,
        ok: false,
        error: errorClass,
      });
      throw error;
    }
    const latencyMs = Math.round(performance.now() - started);
    const problem = answer.problem ?? (validate(answer.value) ? undefined : describe(validate));
    // A cached answer replays the usage of the call that paid for it; this one cost nothing.
    const costUsd = seen.cached
      ? 0
      : costOf(
          priceOf(answer.model || provider.model, session.price),
          answer.usage.inputTokens,
          answer.usage.outputTokens,
        );
    session.budget.record(costUsd);
    session.onCall?.({
      provider: provider.name,
      model: answer.model || provider.model,
      purpose: request.purpose,
      inputTokens: answer.usage.inputTokens,
      outputTokens: answer.usage.outputTokens,
      costUsd,
      latencyMs,
      promptSha256,
      attempts: answer.attempts,
      ok: problem === undefined,
      ...(problem === undefined ? {} : { error: 'malformed-answer' }),
      ...(seen.cached ? { cached: true } : {}),
    });
    if (problem === undefined) return { ok: true, value: answer.value as T, calls: round };
    lastProblem = problem;
    current = {
      ...request,
      user: `${request.user}\n\nYour previous answer was rejected: ${problem}. Call ${request.tool.name} again with arguments that match its schema exactly.`,
    };
  }
  return { ok: false, reason: `the model's answer was malformed twice (${lastProblem})`, calls: 2 };
}

function promptHash(request: StructuredRequest): string {
  return createHash('sha256').update(request.system).update('\0').update(request.user).digest('hex');
}

function describe(validate: ValidateFunction): string {
  const e = validate.errors?.[0];
  if (!e) return 'the answer does not match the schema';
  return `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`;
}
