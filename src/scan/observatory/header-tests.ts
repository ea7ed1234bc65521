/**
 * scan/observatory/header-tests: the single-header tests (CORS, Referrer-Policy, HSTS,
 * X-Content-Type-Options, X-Frame-Options, CORP) and redirection, each from the rules in
 * reference/scan.md §1.3. Each returns the Observatory's result name.
 */
import type { Response } from '../http-client.js';
import type { PageFacts } from './html.js';
import { CORS_PROBE_ORIGIN, header, type Retrieval } from './retrieve.js';

/**
 * Only the preflight's Access-Control-Allow-Origin counts. On 1.4.8 the universal-access
 * result never fires in practice (it compares with an Origin it cannot see), so a reflected
 * Origin with credentials grades as restricted; trust reports it as its own finding instead
 * (checks/cors-reflection.ts).
 */
export function corsTest(cors: Response | undefined): string {
  const acao = header(cors, 'access-control-allow-origin')?.slice(0, 256).trim().toLowerCase();
  if (acao === undefined) return 'cross-origin-resource-sharing-not-implemented';
  if (acao === '*') return 'cross-origin-resource-sharing-implemented-with-public-access';
  return 'cross-origin-resource-sharing-implemented-with-restricted-access';
}

/** A preflight that echoes our Origin and allows credentials: any site may read as the user. */
export function reflectsOriginWithCredentials(cors: Response | undefined): boolean {
  return (
    header(cors, 'access-control-allow-origin')?.trim() === CORS_PROBE_ORIGIN &&
    header(cors, 'access-control-allow-credentials')?.trim().toLowerCase() === 'true'
  );
}

const PRIVATE_REFERRER = new Set([
  'no-referrer',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
]);
const UNSAFE_REFERRER = new Set([
  'origin',
  'origin-when-cross-origin',
  'unsafe-url',
  'no-referrer-when-downgrade',
]);

export function referrerTest(auto: Response, page: PageFacts | undefined): string {
  const values = [
    header(auto, 'referrer-policy'),
    ...(page?.httpEquiv.get('referrer-policy') ?? []),
    ...(page?.referrerMeta ?? []),
  ].filter((v): v is string => v !== undefined);
  if (values.length === 0) return 'referrer-policy-not-implemented';
  const tokens = values
    .join(',')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => PRIVATE_REFERRER.has(t) || UNSAFE_REFERRER.has(t));
  const last = tokens[tokens.length - 1];
  if (last === undefined) return 'referrer-policy-header-invalid';
  return PRIVATE_REFERRER.has(last) ? 'referrer-policy-private' : 'referrer-policy-unsafe';
}

/** HSTS max-age of six months as the Observatory compares it (15552000 s, 180 days). */
const SIX_MONTHS = 15_552_000;

export function hstsTest(auto: Response): string {
  if (!auto.url.startsWith('https:')) return 'hsts-not-implemented-no-https';
  if (!auto.verified) return 'hsts-invalid-cert';
  const value = header(auto, 'strict-transport-security');
  if (value === undefined) return 'hsts-not-implemented';
  if (value.includes(',')) return 'hsts-header-invalid';
  const match = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?\s*(?:;|$)/i.exec(value);
  if (!match?.[1]) return 'hsts-header-invalid';
  return Number(match[1]) < SIX_MONTHS
    ? 'hsts-implemented-max-age-less-than-six-months'
    : 'hsts-implemented-max-age-at-least-six-months';
}

export function xctoTest(auto: Response): string {
  const value = header(auto, 'x-content-type-options');
  if (value === undefined) return 'x-content-type-options-not-implemented';
  return value.trim().toLowerCase() === 'nosniff'
    ? 'x-content-type-options-nosniff'
    : 'x-content-type-options-header-invalid';
}

export function xfoTest(auto: Response, cspFrameAncestors: boolean): string {
  if (cspFrameAncestors) return 'x-frame-options-implemented-via-csp';
  const value = header(auto, 'x-frame-options')?.trim().toLowerCase();
  if (value === undefined) return 'x-frame-options-not-implemented';
  if (value === 'deny' || value === 'sameorigin') return 'x-frame-options-sameorigin-or-deny';
  if (value.startsWith('allow-from ')) return 'x-frame-options-allow-from-origin';
  return 'x-frame-options-header-invalid';
}

export function corpTest(auto: Response): string {
  const value = header(auto, 'cross-origin-resource-policy')?.trim().toLowerCase();
  if (value === undefined) return 'corp-not-implemented';
  if (value === 'same-origin') return 'corp-implemented-with-same-origin';
  if (value === 'same-site') return 'corp-implemented-with-same-site';
  if (value === 'cross-origin') return 'corp-implemented-with-cross-origin';
  return 'corp-header-invalid';
}

/** The port-80 chain only; first match wins. */
export function redirectionTest(retrieval: Retrieval): string {
  const http = retrieval.http;
  if (!http?.final) return 'redirection-not-needed-no-http';
  const route = http.route;
  const last = http.responses[http.responses.length - 1];
  if (last?.url.startsWith('https:') && !last.verified) return 'redirection-invalid-cert';
  if (route.length < 2) return 'redirection-missing';
  const final = route[route.length - 1] as string;
  if (!final.startsWith('https:')) return 'redirection-not-to-https';
  const first = new URL(route[1] as string);
  if (first.protocol !== 'https:') return 'redirection-not-to-https-on-initial-redirection';
  if (first.hostname !== new URL(route[0] as string).hostname) return 'redirection-off-host-from-http';
  return 'redirection-to-https';
}
