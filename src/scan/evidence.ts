/**
 * scan/evidence: what a finding shows an auditor — the request line, the headers that matter,
 * a body excerpt — built in one place so that two promises hold for every check: a secret the
 * site sent back is flagged (its kind listed in `secrets`) and never copied in the clear, and
 * the serialized evidence never exceeds EVIDENCE_LIMIT bytes (it is cut and marked `truncated`).
 * Redaction happens before the cut, on the whole response, so a cut through a token cannot
 * leave half of it visible; the central redactor then scrubs the process's own secrets.
 */
import { redactor } from '../core/redact.js';
import { findSecrets, kindsOf, redactSlice, type SecretRange } from './evidence-secrets.js';
import type { Response } from './http-client.js';
import { EVIDENCE_LIMIT, type Evidence } from './types.js';

export interface EvidencePick {
  /** Header names to keep (case-insensitive), in the order the server sent them. */
  headers?: string[];
  /** The part of the body that shows the finding; found in the body, it is redacted in place. */
  excerpt?: string;
}

/** Gathers the kinds of secret seen while scrubbing one response. */
class Scrubber {
  readonly kinds = new Set<string>();

  see(ranges: readonly SecretRange[]): readonly SecretRange[] {
    for (const kind of kindsOf(ranges)) this.kinds.add(kind);
    return ranges;
  }

  /** Process secrets (tokens in the environment) last, through the central redactor. */
  central(text: string): string {
    const out = redactor.redact(text);
    if (out !== text) this.kinds.add('process-secret');
    return out;
  }

  text(text: string): string {
    return this.central(redactSlice(text, this.see(findSecrets(text))));
  }
}

export function evidenceOf(response: Response, pick: EvidencePick = {}): Evidence {
  const scrub = new Scrubber();
  const wanted = new Set((pick.headers ?? []).map((h) => h.toLowerCase()));
  // Flag what the whole response carries, not only what the evidence quotes.
  for (const [, value] of response.rawHeaders) scrub.see(findSecrets(value));
  const bodyRanges = scrub.see(findSecrets(response.body));
  if (redactor.redact(response.body) !== response.body) scrub.kinds.add('process-secret');

  const evidence: Evidence = {
    request: scrub.text(`${response.method} ${response.url}`),
    status: response.status,
  };
  const headers = response.rawHeaders
    .filter(([name]) => wanted.has(name.toLowerCase()))
    .map(([name, value]): [string, string] => [name, scrub.text(value)]);
  if (headers.length > 0) evidence.headers = headers;
  if (pick.excerpt !== undefined) {
    const at = pick.excerpt === '' ? -1 : response.body.indexOf(pick.excerpt);
    evidence.bodyExcerpt =
      at === -1
        ? scrub.text(pick.excerpt)
        : scrub.central(redactSlice(response.body, bodyRanges, at, at + pick.excerpt.length));
  }
  return fitEvidence(withSecrets(evidence, scrub.kinds));
}

/** Evidence that is not an HTTP exchange (a TLS handshake, a certificate): a line and a text. */
export function textEvidence(request: string, excerpt?: string): Evidence {
  const scrub = new Scrubber();
  const evidence: Evidence = { request: scrub.text(request) };
  if (excerpt !== undefined) evidence.bodyExcerpt = scrub.text(excerpt);
  return fitEvidence(withSecrets(evidence, scrub.kinds));
}

function withSecrets(evidence: Evidence, kinds: Set<string>): Evidence {
  return kinds.size > 0 ? { ...evidence, secrets: [...kinds].sort() } : evidence;
}

export const evidenceSize = (evidence: Evidence) => Buffer.byteLength(JSON.stringify(evidence));

/**
 * Make the evidence fit: headers and the request line first give up what is beyond half the
 * limit (long values cut, then the last headers dropped), then the body excerpt takes the rest.
 */
export function fitEvidence(evidence: Evidence): Evidence {
  if (evidenceSize(evidence) <= EVIDENCE_LIMIT) return evidence;
  let e: Evidence = { ...evidence, truncated: true };
  const half = EVIDENCE_LIMIT / 2;
  const frame = (x: Evidence) =>
    evidenceSize({ ...x, bodyExcerpt: x.bodyExcerpt === undefined ? undefined : '' });
  if (frame(e) > half) {
    e = { ...e, request: cut(e.request, 500) };
    if (e.headers) e.headers = e.headers.map(([n, v]): [string, string] => [cut(n, 100), cut(v, 300)]);
    while (e.headers && e.headers.length > 0 && frame(e) > half)
      e = { ...e, headers: e.headers.slice(0, -1) };
    if (e.headers?.length === 0) e = { ...e, headers: undefined };
    if (frame(e) > half) e = { ...e, secrets: e.secrets?.slice(0, 20) };
  }
  if (e.bodyExcerpt !== undefined && evidenceSize(e) > EVIDENCE_LIMIT) {
    const body = e.bodyExcerpt;
    const sized = (n: number): Evidence => ({ ...e, bodyExcerpt: cut(body, n) });
    e = sized(longest(body.length, (n) => evidenceSize(sized(n)) <= EVIDENCE_LIMIT));
  }
  return e;
}

/** The largest n in [0, max] with ok(n), given ok is monotone and ok(0) holds or nothing does. */
function longest(max: number, ok: (n: number) => boolean): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The first n UTF-16 units, never splitting a surrogate pair, marked as cut. */
function cut(text: string, n: number): string {
  if (text.length <= n) return text;
  let end = n;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
