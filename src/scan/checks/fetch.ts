/**
 * scan/checks/fetch: how a check asks for a path. A network failure of one probe (a reset, a
 * timeout) is "no answer" and the check goes on; a policy refusal (budget exhausted, a host
 * outside the scan) is not swallowed: the scan stops and says why.
 */
import { randomBytes } from 'node:crypto';
import { PolicyError } from '../../core/errors.js';
import type { Response } from '../http-client.js';
import type { CheckContext } from '../types.js';

export async function getPath(
  context: CheckContext,
  path: string,
  headers: Record<string, string> = {},
): Promise<Response | undefined> {
  try {
    return await context.client.send('GET', new URL(path, baseOf(context)).href, headers);
  } catch (error) {
    if (error instanceof PolicyError) throw error;
    return undefined;
  }
}

/** The origin probes go to: HTTPS when it answered, else the plain-HTTP front door. */
export function baseOf(context: CheckContext): string {
  const https = context.retrieval.https?.final;
  if (https || !context.httpUrl || !context.retrieval.http?.final) return new URL(context.httpsUrl).origin;
  return new URL(context.httpUrl).origin;
}

/** A path no site has: what the site answers for it is its answer for "nothing here". */
export function randomPath(prefix = '/'): string {
  return `${prefix}trust-scan-${randomBytes(8).toString('hex')}`;
}

export const isOk = (response: Response | undefined): response is Response =>
  response !== undefined && response.status >= 200 && response.status < 300;
