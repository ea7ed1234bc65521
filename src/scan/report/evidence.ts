/**
 * scan/report/evidence: the evidence the report builds from a graded response: the request
 * line, the status and only the headers that matter, redacted by the central redactor and cut
 * to EVIDENCE_LIMIT bytes. Cookie values are never kept (a session cookie is a credential):
 * only the name and attributes of a Set-Cookie line reach the report.
 */
import { redactor } from '../../core/redact.js';
import type { Response } from '../http-client.js';
import { EVIDENCE_LIMIT, type Evidence } from '../types.js';

/** Longest header value kept; the rest is cut so several headers still fit the limit. */
const VALUE_LIMIT = 1024;

export function responseEvidence(response: Response, names: string[], bodyExcerpt?: string): Evidence {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  let truncated = false;
  const headers = response.rawHeaders
    .filter(([name]) => wanted.has(name.toLowerCase()))
    .map(([name, value]): [string, string] => {
      const shown = name.toLowerCase() === 'set-cookie' ? withoutCookieValue(value) : value;
      if (shown.length > VALUE_LIMIT) truncated = true;
      return [name, redactor.redact(shown.slice(0, VALUE_LIMIT))];
    });
  const evidence: Evidence = {
    request: `${response.method} ${redactor.redact(response.url)}`,
    status: response.status,
  };
  if (headers.length > 0) evidence.headers = headers;
  if (bodyExcerpt) evidence.bodyExcerpt = redactor.redact(bodyExcerpt);
  if (truncated) evidence.truncated = true;
  return capEvidence(evidence);
}

/** "sid=abc; Path=/; HttpOnly" -> "sid=…; Path=/; HttpOnly". */
export function withoutCookieValue(line: string): string {
  const semi = line.indexOf(';');
  const pair = semi < 0 ? line : line.slice(0, semi);
  const eq = pair.indexOf('=');
  const name = eq < 0 ? pair : pair.slice(0, eq);
  return `${name.trim()}=…${semi < 0 ? '' : line.slice(semi)}`;
}

const bytes = (e: Evidence) => Buffer.byteLength(JSON.stringify(e), 'utf8');

/** Drops the body excerpt, then headers from the end, until the JSON fits EVIDENCE_LIMIT. */
export function capEvidence(evidence: Evidence): Evidence {
  if (bytes(evidence) <= EVIDENCE_LIMIT) return evidence;
  const out: Evidence = { ...evidence, truncated: true, headers: [...(evidence.headers ?? [])] };
  while (out.bodyExcerpt && bytes(out) > EVIDENCE_LIMIT) {
    const keep = Math.floor(out.bodyExcerpt.length / 2);
    out.bodyExcerpt = keep < 16 ? undefined : out.bodyExcerpt.slice(0, keep);
  }
  while ((out.headers?.length ?? 0) > 0 && bytes(out) > EVIDENCE_LIMIT) out.headers?.pop();
  if (out.headers?.length === 0) delete out.headers;
  if (out.bodyExcerpt === undefined) delete out.bodyExcerpt;
  if (bytes(out) > EVIDENCE_LIMIT) out.request = out.request.slice(0, 1024);
  return out;
}
