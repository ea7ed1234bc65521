import { describe, expect, it } from 'vitest';
import { ExternalError } from '../core/errors.js';
import { DEFAULT_RETRY, describeFailure, retryAfterMs, withRetries } from './retry.js';

/** Shaped like the SDKs' APIError: a status and response headers. */
class APIError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly headers: Headers,
  ) {
    super(`${status} failure`);
  }
}

describe('retry-after', () => {
  it('reads milliseconds, seconds and HTTP dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    const later = new Date(Date.now() + 5000).toUTCString();
    expect(retryAfterMs(new Headers({ 'retry-after': later }))).toBeGreaterThan(3000);
    expect(retryAfterMs(new Headers({}))).toBeUndefined();
  });

  it('waits what the server asked before retrying', async () => {
    const waits: number[] = [];
    let n = 0;
    const result = await withRetries(
      'anthropic',
      { ...DEFAULT_RETRY, sleep: async (ms) => void waits.push(ms) },
      async () => {
        if (n++ < 2) throw new APIError(429, new Headers({ 'retry-after': '3' }));
        return 'ok';
      },
    );
    expect(result).toEqual({ value: 'ok', attempts: 3 });
    expect(waits).toEqual([3000, 3000]);
  });

  it('fails at once, without waiting, when the provider asks for longer than the limit', async () => {
    const waits: number[] = [];
    const error = await withRetries(
      'openai',
      { ...DEFAULT_RETRY, sleep: async (ms) => void waits.push(ms) },
      async () => {
        throw new APIError(429, new Headers({ 'retry-after': '3600' }));
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalError);
    expect((error as Error).message).toBe(
      "openai: rate limited: the provider asks to wait 3600 s; try again later or raise the provider's limits",
    );
    expect(waits).toEqual([]);
  });

  it('does not retry a client error, and lets a bug through untouched', async () => {
    let calls = 0;
    const error = await withRetries('openai', DEFAULT_RETRY, async () => {
      calls++;
      throw new APIError(400, new Headers());
    }).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect((error as Error).message).toBe('openai: HTTP 400: 400 failure');
    const bug = new TypeError('x is undefined');
    await expect(withRetries('openai', DEFAULT_RETRY, async () => Promise.reject(bug))).rejects.toBe(bug);
  });
});

describe('describeFailure', () => {
  const fail = (make: () => Error, retries = 2) =>
    withRetries('openai', { ...DEFAULT_RETRY, retries, sleep: async () => {} }, async () => {
      throw make();
    }).then(
      () => expect.fail('expected a failure'),
      (error: unknown) => describeFailure(error),
    );

  it('names the class of the final failure and the attempts made, never the message', async () => {
    expect(await fail(() => new APIError(500, new Headers()))).toEqual({
      errorClass: 'http-500',
      attempts: 3,
    });
    expect(await fail(() => new APIError(429, new Headers({ 'retry-after': '0' })), 1)).toEqual({
      errorClass: 'rate-limit',
      attempts: 2,
    });
    expect(await fail(() => new APIError(401, new Headers()))).toEqual({ errorClass: 'auth', attempts: 1 });
    class APIConnectionTimeoutError extends Error {
      readonly status = undefined;
    }
    expect(await fail(() => new APIConnectionTimeoutError('timed out'), 0)).toEqual({
      errorClass: 'timeout',
      attempts: 1,
    });
  });
});
