/**
 * scan/observatory/cookies: the cookies test over the session's whole jar (front page chain
 * and /robots.txt). A name with "login" or "sess" is a session cookie, one with "csrf" an
 * anti-CSRF cookie; the worst result wins and a passing HSTS softens a missing Secure.
 */
import type { Response } from '../http-client.js';

export interface Cookie {
  name: string;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  /** Undefined when the attribute is absent; the raw value otherwise. */
  sameSite?: string;
}

export function parseSetCookie(line: string): Cookie | undefined {
  const [pair, ...attrs] = line.split(';');
  const eq = pair?.indexOf('=') ?? -1;
  if (!pair || eq < 1) return undefined;
  const cookie: Cookie = { name: pair.slice(0, eq).trim(), path: '/', secure: false, httpOnly: false };
  for (const attr of attrs) {
    const [rawKey, ...rest] = attr.split('=');
    const key = rawKey?.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (key === 'secure') cookie.secure = true;
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'samesite') cookie.sameSite = value;
    else if (key === 'path' && value.startsWith('/')) cookie.path = value;
  }
  return cookie;
}

/** The jar after these responses, in order: a later cookie of the same name and path replaces one. */
export function cookieJar(responses: (Response | undefined)[]): Cookie[] {
  const jar = new Map<string, Cookie>();
  for (const response of responses) {
    const lines = response?.headers['set-cookie'] ?? [];
    for (const line of lines) {
      const cookie = parseSetCookie(line);
      if (!cookie) continue;
      if (/max-age\s*=\s*(0|-\d+)\s*(;|$)/i.test(line)) jar.delete(`${cookie.name};${cookie.path}`);
      else jar.set(`${cookie.name};${cookie.path}`, cookie);
    }
  }
  return [...jar.values()];
}

/** Worst first, so the first problem found in this order is the result. */
const ORDER = [
  'cookies-session-without-secure-flag',
  'cookies-session-without-httponly-flag',
  'cookies-samesite-flag-invalid',
  'cookies-without-secure-flag',
  'cookies-anticsrf-without-samesite-flag',
  'cookies-session-without-secure-flag-but-protected-by-hsts',
  'cookies-without-secure-flag-but-protected-by-hsts',
];

export function cookiesTest(jar: Cookie[], hstsPasses: boolean): string {
  if (jar.length === 0) return 'cookies-not-found';
  const found = new Set<string>();
  for (const c of jar) {
    const lower = c.name.toLowerCase();
    const session = lower.includes('login') || lower.includes('sess');
    const anticsrf = lower.includes('csrf');
    const sameSite = c.sameSite?.toLowerCase();
    if (sameSite !== undefined && !['strict', 'lax', 'none'].includes(sameSite))
      found.add('cookies-samesite-flag-invalid');
    if (sameSite === 'none' && !c.secure) found.add('cookies-samesite-flag-invalid');
    if (anticsrf && sameSite === undefined) found.add('cookies-anticsrf-without-samesite-flag');
    if (!c.secure) {
      if (session)
        found.add(
          hstsPasses
            ? 'cookies-session-without-secure-flag-but-protected-by-hsts'
            : 'cookies-session-without-secure-flag',
        );
      else
        found.add(
          hstsPasses ? 'cookies-without-secure-flag-but-protected-by-hsts' : 'cookies-without-secure-flag',
        );
    }
    if (session && !c.httpOnly) found.add('cookies-session-without-httponly-flag');
  }
  const worst = ORDER.find((r) => found.has(r));
  if (worst) return worst;
  return jar.every((c) => c.sameSite !== undefined)
    ? 'cookies-secure-with-httponly-sessions-and-samesite'
    : 'cookies-secure-with-httponly-sessions';
}
