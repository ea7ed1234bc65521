/**
 * scan/observatory/retrieve: the responses the ten Observatory tests read, fetched the way
 * the Observatory fetches them (reference/scan.md §1.2): the http:// and https:// front pages
 * with their redirect chains (at most 10 hops), /robots.txt for cookies, and one CORS
 * preflight. Redirects are followed only within the scan's hosts: an off-host hop is recorded
 * in the route (the redirection test needs it) but never requested.
 */
import type { Response, ScanClient } from '../http-client.js';

export const CORS_PROBE_ORIGIN = 'https://trust-scan.invalid';
const PAGE_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

export interface Session {
  /** Every URL of the chain, the start first; an off-host hop is the last, unrequested. */
  route: string[];
  responses: Response[];
  /** The last response received (a 3xx when the chain left the scan's hosts). */
  final?: Response;
  error?: string;
}

export interface Retrieval {
  host: string;
  http?: Session;
  https?: Session;
  /** The response the header tests grade: the HTTPS front page when HTTPS answers. */
  auto?: Response;
  autoSession?: Session;
  robots?: Response;
  cors?: Response;
}

export interface RetrieveTarget {
  host: string;
  httpsUrl: string;
  /** Undefined when the asset has no plain-HTTP front door to check. */
  httpUrl?: string;
  /** Hosts a redirect may take the scan to. */
  inScope: (url: URL) => boolean;
}

export async function retrieve(client: ScanClient, target: RetrieveTarget): Promise<Retrieval> {
  const http = target.httpUrl ? await follow(client, target.httpUrl, target.inScope) : undefined;
  const https = await follow(client, target.httpsUrl, target.inScope);
  const retrieval: Retrieval = { host: target.host };
  if (http?.final) retrieval.http = http;
  if (https.final) retrieval.https = https;
  const session = retrieval.https ?? retrieval.http;
  if (!session?.final) return retrieval;
  retrieval.autoSession = session;
  retrieval.auto = session.final;
  const base = new URL(session.final.url);
  retrieval.robots = await optional(() =>
    client.send('GET', new URL('/robots.txt', base).href, { accept: 'text/plain,*/*;q=0.8' }),
  );
  retrieval.cors = await optional(() =>
    client.send('OPTIONS', base.href, {
      'access-control-request-method': 'GET',
      origin: CORS_PROBE_ORIGIN,
    }),
  );
  return retrieval;
}

async function follow(client: ScanClient, start: string, inScope: (url: URL) => boolean): Promise<Session> {
  const session: Session = { route: [start], responses: [] };
  let url = start;
  for (let hop = 0; hop <= 10; hop++) {
    let response: Response;
    try {
      response = await client.send('GET', url, { accept: PAGE_ACCEPT });
    } catch (error) {
      if (session.responses.length === 0) session.error = (error as Error).message;
      return session;
    }
    session.responses.push(response);
    session.final = response;
    const location = response.headers.location;
    if (response.status < 300 || response.status > 399 || !location) return session;
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return session;
    }
    session.route.push(next.href);
    if (!inScope(next) || hop === 10) return session;
    url = next.href;
  }
  return session;
}

async function optional(work: () => Promise<Response>): Promise<Response | undefined> {
  try {
    return await work();
  } catch {
    return undefined;
  }
}

/** The value of a response header as one string (node joins repeats with ", "). */
export function header(response: Response | undefined, name: string): string | undefined {
  const v = response?.headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(', ') : String(v);
}

export function isHtml(response: Response | undefined): boolean {
  const type = header(response, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  return type === 'text/html' || type === 'application/xhtml+xml';
}
