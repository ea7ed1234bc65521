/**
 * llm/retry: one retry loop for both providers. The SDKs' own retries are switched off
 * (maxRetries: 0) so that the policy, the attempt count and the final error are ours:
 * 429, 408, 409 and 5xx, dropped connections, timeouts and mid-stream provider errors are
 * retried with exponential backoff that honours `retry-after-ms` / `retry-after`; anything
 * else fails at once. Failures leave as ExternalError (exit 3) or ConfigError (bad key, 2).
 */
import { ConfigError, ExternalError } from '../core/errors.js';
import { redactor } from '../core/redact.js';
import { type RetryPolicy, type RetryVerdict, retryAfterMs, retrying } from '../core/retry.js';

export type { RetryPolicy };

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

interface ErrorShape {
  status?: number;
  headers?: Headers | Record<string, string>;
  name?: string;
  message?: string;
}

export async function withRetries<T>(
  service: string,
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
): Promise<{ value: T; attempts: number }> {
  return retrying(
    service,
    policy,
    {
      classify,
      translate: (e, n) => translate(service, e, n),
      who: 'provider',
      advice: "or raise the provider's limits",
      onGiveUp: failed,
    },
    attempt,
  );
}

/** HTTP attempts a failed call made, by the error withRetries threw (for its llm-call entry). */
const attemptsOfFailure = new WeakMap<object, number>();

function failed(error: Error, attempts: number): Error {
  if (typeof error === 'object' && error !== null) attemptsOfFailure.set(error, attempts);
  return error;
}

/**
 * What a failed call's audit entry says about it: an error class (never the message, which
 * may quote the request) and the attempts made. Looks through our error to the SDK's cause.
 */
export function describeFailure(error: unknown): { errorClass: string; attempts: number } {
  const attempts = (typeof error === 'object' && error !== null && attemptsOfFailure.get(error)) || 1;
  const sdk = (error as { cause?: unknown } | undefined)?.cause ?? error;
  return { errorClass: errorClassOf(sdk), attempts };
}

function errorClassOf(error: unknown): string {
  const kind = kindOf(error);
  if (kind === 'APIConnectionTimeoutError') return 'timeout';
  if (kind === 'APIConnectionError' || isDroppedStream(error)) return 'connection';
  const status = (error as ErrorShape | undefined)?.status;
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate-limit';
  if (typeof status === 'number') return `http-${status}`;
  if (kind === 'APIError') return 'stream-error';
  return 'internal';
}

/** The SDK error class name ("APIConnectionTimeoutError"); `name` is not always set by the SDKs. */
function kindOf(error: unknown): string {
  return (error as { constructor?: { name?: string } } | undefined)?.constructor?.name ?? '';
}

function classify(error: unknown): RetryVerdict {
  const e = error as ErrorShape;
  if (isConnectionError(error)) return { retry: true };
  if (typeof e.status !== 'number') {
    // The SDKs raise mid-stream `error` events (overloaded, api_error) as status-less APIErrors.
    return { retry: kindOf(error) === 'APIError' };
  }
  if (e.status === 429 || e.status === 408 || e.status === 409 || e.status >= 500) {
    return { retry: true, delayMs: retryAfterMs(e.headers) };
  }
  return { retry: false };
}

function isConnectionError(error: unknown): boolean {
  const kind = kindOf(error);
  return kind === 'APIConnectionError' || kind === 'APIConnectionTimeoutError' || isDroppedStream(error);
}

/**
 * A stream the server dropped after its headers: undici ends the body with TypeError
 * "terminated" (cause: a socket error), which the SDKs pass on as it is or wrap once.
 */
function isDroppedStream(error: unknown): boolean {
  for (
    let e = error as { message?: string; cause?: unknown; code?: string } | undefined, depth = 0;
    e && depth < 4;
    depth++
  ) {
    if (e.code === 'UND_ERR_SOCKET' || e.code === 'ECONNRESET') return true;
    if (e.message === 'terminated' && e.cause) return true;
    e = e.cause as typeof e;
  }
  return false;
}

export { retryAfterMs };

function translate(service: string, error: unknown, attempts: number): Error {
  const e = error as ErrorShape;
  // Not an SDK error (those always carry a `status` property): a bug, keep it as it is.
  if (typeof error !== 'object' || error === null || !('status' in error)) return error as Error;
  const tries = attempts === 1 ? '' : ` after ${attempts} attempts`;
  const detail = redactor.redact(firstLine(e.message ?? String(error)));
  if (e.status === 401 || e.status === 403) {
    return new ConfigError(
      `${service}: the provider refused the credentials (HTTP ${e.status}); check the API key variable and the base URL`,
      [],
      { cause: error },
    );
  }
  if (kindOf(error) === 'APIConnectionTimeoutError') {
    return new ExternalError(service, `request timed out${tries}`, { cause: error });
  }
  if (kindOf(error) === 'APIConnectionError') {
    return new ExternalError(service, `cannot reach the provider${tries}: ${detail}`, { cause: error });
  }
  if (typeof e.status === 'number') {
    return new ExternalError(service, `HTTP ${e.status}${tries}: ${detail}`, { cause: error });
  }
  return new ExternalError(service, `${detail}${tries}`, { cause: error });
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
