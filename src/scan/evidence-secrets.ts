/**
 * scan/evidence-secrets: finds secrets in what a site sent back, so evidence can flag and
 * redact them. The formats are the ones the LLM snippet redactor already knows
 * (llm/secret-rules.ts: provider tokens, key material, credentials in URLs and connection
 * strings, values held by secret-named keys such as `DB_PASSWORD=`), so a rule added there
 * protects scan evidence too. Hosts, e-mail addresses and paths are NOT redacted here: in a
 * response they are the evidence (a security.txt Contact, a listed directory).
 */
import { namedSecrets, valueRuleAccepts } from '../llm/secret-names.js';
import { TOKEN_RULES, VALUE_RULES } from '../llm/secret-rules.js';

export interface SecretRange {
  start: number;
  end: number;
  /** The rule that matched: "aws-access-key-id", "anthropic", "private-key", "named-secret"… */
  kind: string;
  /** Token kinds found inside it (a GitHub token inside a URL with credentials). */
  inner?: string[];
}

interface Detector {
  kind: string;
  keyword: string;
  pattern: RegExp;
  group?: number;
  accept?: (value: string) => boolean;
}

// Provider tokens first: their kind says most ("aws-access-key-id", not "authorization").
const DETECTORS: Detector[] = [
  ...TOKEN_RULES.map((r) => ({ kind: r.id, keyword: r.keyword, pattern: r.pattern })),
  ...VALUE_RULES.map((r) => ({
    kind: r.id,
    keyword: r.keyword,
    pattern: r.pattern,
    group: r.group,
    accept: valueRuleAccepts(r.id),
  })),
];

/**
 * Every secret in `text`, non-overlapping, in text order. A later match that is wider than
 * earlier ones and covers them whole (a private key block, a URL with credentials) absorbs
 * them, keeping their kinds; one that is covered or only overlaps is dropped.
 */
export function findSecrets(text: string): SecretRange[] {
  if (text.length === 0) return [];
  const lower = text.toLowerCase();
  let taken: SecretRange[] = [];
  const take = (range: SecretRange) => {
    const hit = taken.filter((t) => range.start < t.end && t.start < range.end);
    // Already covered, or only overlapping: the earlier match stands.
    if (hit.some((t) => t.start <= range.start && t.end >= range.end)) return;
    if (hit.some((t) => t.start < range.start || t.end > range.end)) return;
    if (hit.length > 0) {
      range.inner = hit.flatMap((t) => [t.kind, ...(t.inner ?? [])]);
      taken = taken.filter((t) => !hit.includes(t));
    }
    taken.push(range);
  };
  for (const d of DETECTORS) {
    if (!lower.includes(d.keyword)) continue;
    for (const m of text.matchAll(d.pattern)) {
      if (m.index === undefined) continue;
      const value = d.group === undefined ? m[0] : m[d.group];
      if (!value || (d.accept && !d.accept(value))) continue;
      const start = m.index + (d.group === undefined ? 0 : m[0].lastIndexOf(value));
      take({ start, end: start + value.length, kind: d.kind });
    }
  }
  for (const r of namedSecrets(text)) if (r.end > r.start) take({ ...r, kind: 'named-secret' });
  return taken.sort((a, b) => a.start - b.start);
}

/** The kinds a list of ranges names, the absorbed ones too. */
export function kindsOf(ranges: readonly SecretRange[]): string[] {
  return ranges.flatMap((r) => [r.kind, ...(r.inner ?? [])]);
}

export const placeholderOf = (kind: string) => `[redacted ${kind}]`;

/**
 * The slice [from, to) of `text` with every secret that overlaps it replaced, even one the
 * slice only partly covers: a cut through a token must not leave its visible half behind.
 */
export function redactSlice(
  text: string,
  ranges: readonly SecretRange[],
  from = 0,
  to = text.length,
): string {
  let out = '';
  let at = from;
  for (const r of ranges) {
    if (r.end <= from || r.start >= to) continue;
    out += text.slice(at, Math.max(at, r.start));
    out += placeholderOf(r.kind);
    at = Math.max(at, r.end);
  }
  return at < to ? out + text.slice(at, to) : out;
}
