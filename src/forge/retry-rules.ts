/**
 * forge/retry-rules: which forge API failures are worth another attempt (5xx, 429, 408, a
 * secondary rate limit, a dropped connection) and how a final failure reads: a refused
 * token or a missing repository is the user's to fix (exit 2), the rest is the forge's (exit 3).
 */
import { ConfigError, ExternalError, InputError } from '../core/errors.js';
import { redactor } from '../core/redact.js';
import { type RetryPolicy, type RetryRules, retryAfterMs, retrying } from '../core/retry.js';

export const DEFAULT_FORGE_RETRY: RetryPolicy = {
  retries: 3,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

interface HttpFailure {
  status?: number;
  headers?: Record<string, string>;
  message: string;
}

/** Read status, headers and message from an Octokit RequestError or a Gitbeaker error. */
function failureOf(error: unknown): HttpFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as {
    status?: number;
    response?: { headers?: Record<string, string>; status?: number };
    cause?: { response?: Response; description?: string };
    message?: string;
    name?: string;
  };
  if (typeof e.status === 'number')
    return { status: e.status, headers: e.response?.headers, message: e.message ?? '' };
  const response = e.cause?.response;
  if (response && typeof response.status === 'number') {
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers?.entries?.() ?? []),
      message: e.cause?.description ?? e.message ?? '',
    };
  }
  if (e.name === 'GitbeakerRetryError') return { status: 502, message: e.message ?? '' };
  if (isConnectionError(error)) return { message: connectionMessage(error) };
  return undefined;
}

function isConnectionError(error: unknown): boolean {
  const e = error as { name?: string; message?: string; cause?: { code?: string } };
  return (
    e.name === 'GitbeakerTimeoutError' ||
    (e.name === 'TypeError' && /fetch failed/.test(e.message ?? '')) ||
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|socket hang up/.test(
      `${e.message ?? ''} ${e.cause?.code ?? ''}`,
    )
  );
}

function connectionMessage(error: unknown): string {
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? 'connection failed';
}

export function forgeRules(service: string): RetryRules {
  return {
    who: 'forge',
    classify(error) {
      const f = failureOf(error);
      if (!f) return { retry: false };
      if (f.status === undefined) return { retry: true };
      const limited = f.status === 403 && f.headers?.['x-ratelimit-remaining'] === '0';
      if (f.status === 429 || f.status === 408 || f.status >= 500 || limited) {
        return { retry: true, delayMs: retryAfterMs(f.headers) ?? resetDelay(f.headers) };
      }
      return { retry: false };
    },
    translate(error, attempts) {
      const f = failureOf(error);
      if (!f) return error as Error;
      const tries = attempts === 1 ? '' : ` after ${attempts} attempts`;
      const detail = redactor.redact((f.message.split('\n')[0] ?? '').slice(0, 300));
      if (f.status === 401 || (f.status === 403 && f.headers?.['x-ratelimit-remaining'] !== '0')) {
        return new ConfigError(
          `${service}: the token was refused (HTTP ${f.status}): check that it is set and may write pull requests and contents`,
          [],
          { cause: error },
        );
      }
      if (f.status === 404) {
        return new ConfigError(
          `${service}: not found (HTTP 404): check the repository or project and the API URL`,
          [],
          {
            cause: error,
          },
        );
      }
      if (f.status === 422 || f.status === 400 || f.status === 409) {
        return new InputError(`${service}: the request was rejected (HTTP ${f.status}): ${detail}`, {
          cause: error,
        });
      }
      if (f.status === undefined) {
        return new ExternalError(service, `cannot reach the API${tries}: ${detail}`, { cause: error });
      }
      return new ExternalError(service, `HTTP ${f.status}${tries}: ${detail}`, { cause: error });
    },
  };
}

function resetDelay(headers: Record<string, string> | undefined): number | undefined {
  const reset = Number(headers?.['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : undefined;
}

/** Run one forge API call with the forge retry rules. */
export async function forgeCall<T>(service: string, policy: RetryPolicy, call: () => Promise<T>): Promise<T> {
  return (await retrying(service, policy, forgeRules(service), call)).value;
}
