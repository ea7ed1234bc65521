/**
 * core/retry: one retry loop for every external service (LLM providers, forges). The caller
 * says which errors are worth another attempt and how a final failure reads; the loop owns
 * the attempt count, exponential backoff with jitter and `retry-after` handling.
 */
import { ExternalError } from './errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff step when the server gives no retry-after. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A retry-after longer than this is not waited for: the call fails at once. */
  maxRetryAfterMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export type RetryVerdict = { retry: true; delayMs?: number } | { retry: false };

export interface RetryRules {
  classify(error: unknown): RetryVerdict;
  /** The error the caller sees once retries are over (or for an error not retried). */
  translate(error: unknown, attempts: number): Error;
  /** Who asks to wait ("provider"; default "service") and what else the user can do about it. */
  who?: string;
  advice?: string;
  /** Sees every error the loop gives up with (the caller notes the attempts made, say). */
  onGiveUp?(error: Error, attempts: number): Error;
}

export async function retrying<T>(
  service: string,
  policy: RetryPolicy,
  rules: RetryRules,
  attempt: (n: number) => Promise<T>,
): Promise<{ value: T; attempts: number }> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  for (let n = 1; ; n++) {
    try {
      return { value: await attempt(n), attempts: n };
    } catch (error) {
      const giveUp = (e: Error) => (rules.onGiveUp ? rules.onGiveUp(e, n) : e);
      const verdict = rules.classify(error);
      if (!verdict.retry || n > policy.retries) throw giveUp(rules.translate(error, n));
      const delay = verdict.delayMs ?? backoff(policy, n);
      if (delay > policy.maxRetryAfterMs) {
        const wait = `rate limited: the ${rules.who ?? 'service'} asks to wait ${Math.ceil(delay / 1000)} s; try again later${rules.advice ? ` ${rules.advice}` : ''}`;
        throw giveUp(new ExternalError(service, wait, { cause: error }));
      }
      await sleep(delay);
    }
  }
}

function backoff(policy: RetryPolicy, n: number): number {
  const exp = policy.baseDelayMs * 2 ** (n - 1);
  const jitter = 0.75 + Math.random() * 0.5;
  return Math.min(policy.maxDelayMs, Math.round(exp * jitter));
}

type HeaderBag = Headers | Record<string, string | string[] | number | undefined> | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const plain = headers as Record<string, unknown>;
  const value = plain[name] ?? plain[name.toLowerCase()];
  return value === undefined ? undefined : String(value);
}

/** Milliseconds to wait from `retry-after-ms`, `retry-after` (seconds or HTTP date). */
export function retryAfterMs(headers: HeaderBag): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const after = header(headers, 'retry-after');
  if (after === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(after.trim())) return Math.round(Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
