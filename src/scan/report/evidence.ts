/**
 * scan/report/evidence: the Observatory findings' evidence through the one evidence builder of
 * scan/evidence.ts (secrets flagged and redacted, never over 5 KB), with one addition: cookie
 * values are never kept (a session cookie is a credential whatever it looks like), only the
 * name and attributes of a Set-Cookie line reach the report.
 */
import { evidenceOf } from '../evidence.js';
import type { Response } from '../http-client.js';
import type { Evidence } from '../types.js';

export function responseEvidence(response: Response, names: string[], excerpt?: string): Evidence {
  const rawHeaders = response.rawHeaders.map(([name, value]): [string, string] => [
    name,
    name.toLowerCase() === 'set-cookie' ? withoutCookieValue(value) : value,
  ]);
  return evidenceOf({ ...response, rawHeaders }, { headers: names, ...(excerpt ? { excerpt } : {}) });
}

/** "sid=abc; Path=/; HttpOnly" -> "sid=…; Path=/; HttpOnly". */
export function withoutCookieValue(line: string): string {
  const semi = line.indexOf(';');
  const pair = semi < 0 ? line : line.slice(0, semi);
  const eq = pair.indexOf('=');
  const name = eq < 0 ? pair : pair.slice(0, eq);
  return `${name.trim()}=…${semi < 0 ? '' : line.slice(semi)}`;
}
