/**
 * llm/secrets: the catalogue of things that must never leave in a snippet, as detectors over
 * source text. Each detector yields ranges; redact-source.ts turns them into placeholders.
 * Order matters: earlier detectors win where ranges overlap. The rules themselves are data
 * (secret-rules.ts); secrets found by the name that holds them are in secret-names.ts.
 */
import { looksRandom, namedSecrets, type Range, valueRuleAccepts } from './secret-names.js';
import { CODE_RECEIVERS, INTERNAL_TLDS, PATH_ROOTS, TOKEN_RULES, VALUE_RULES } from './secret-rules.js';

export { entropy, looksRandom } from './secret-names.js';

export type RedactionKind =
  | 'private-key'
  | 'url-credentials'
  | 'connection-string'
  | 'jwt'
  | 'secret'
  | 'identity'
  | 'email'
  | 'path'
  | 'host'
  | 'entropy';

export interface Detection extends Range {
  kind: RedactionKind;
}

interface PatternDetector {
  kind: RedactionKind;
  /** Lower-case text every match contains (one of them, for a list); '' for none. */
  keyword: string | readonly string[];
  pattern: RegExp;
  /** Redact only this capture group (the value, not its key). */
  group?: number;
  /** A last look at the redacted part (a bare word after "Bearer" is prose, not a token). */
  accept?: (value: string) => boolean;
}

const KIND_OF_VALUE_RULE: Record<string, RedactionKind> = {
  'private-key': 'private-key',
  'url-credentials': 'url-credentials',
  'connection-string': 'connection-string',
  jwt: 'jwt',
};

const EARLY: PatternDetector[] = [
  ...VALUE_RULES.map((r) => ({
    kind: KIND_OF_VALUE_RULE[r.id] ?? ('secret' as const),
    keyword: r.keyword,
    pattern: r.pattern,
    group: r.group,
    accept: valueRuleAccepts(r.id),
  })),
  ...TOKEN_RULES.map((r) => ({ kind: 'secret' as const, keyword: r.keyword, pattern: r.pattern })),
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const PATH = new RegExp(
  [
    // Absolute POSIX paths under folders that name a person, a runner or a deployment.
    String.raw`(?<![\w.~-])/(?:${PATH_ROOTS.map(escapeRegExp).join('|')})/[^\s'"\`:;,)\]}<>]+`,
    // Windows drive paths and UNC shares.
    String.raw`(?<![\w.-])[A-Za-z]:[\\/][^\s'"\`;,)\]}<>|*?]+`,
    String.raw`(?<![\w\\])\\{2,4}[A-Za-z0-9._-]+\\{1,2}[^\s'"\`;,)\]}<>|*?]+`,
  ].join('|'),
  'g',
);

const INTERNAL_HOST = new RegExp(
  String.raw`(?<![\w.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:${INTERNAL_TLDS.map(escapeRegExp).join('|')})(?![\w-]|\.[a-z0-9])`,
  'gi',
);
const PRIVATE_IP =
  /(?<![\w.])(?:10\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])|192\.168|169\.254)\.\d{1,3}\.\d{1,3}(?![\w]|\.\d)/g;

const LATE: PatternDetector[] = [
  { kind: 'path', keyword: '', pattern: PATH },
  {
    kind: 'host',
    keyword: INTERNAL_TLDS.map((tld) => `.${tld}`),
    pattern: INTERNAL_HOST,
    // `this.local`, `req.internal` are member accesses, not hosts.
    accept: (v) => !CODE_RECEIVERS.has(v.slice(0, v.indexOf('.')).toLowerCase()),
  },
  { kind: 'host', keyword: '.', pattern: PRIVATE_IP },
];

function* run(text: string, lower: string, detector: PatternDetector): Generator<Detection> {
  const { keyword } = detector;
  if (typeof keyword === 'string' ? !lower.includes(keyword) : !keyword.some((k) => lower.includes(k)))
    return;
  for (const m of text.matchAll(detector.pattern)) {
    if (m.index === undefined) continue;
    const value = detector.group === undefined ? m[0] : m[detector.group];
    if (!value || (detector.accept && !detector.accept(value))) continue;
    const offset = detector.group === undefined ? 0 : m[0].lastIndexOf(value);
    yield { start: m.index + offset, end: m.index + offset + value.length, kind: detector.kind };
  }
}

export interface KnownValue {
  value: string;
  kind: RedactionKind;
}

/** Literal values known to be sensitive here (git identity, the root path, env secrets). */
function* literals(text: string, known: readonly KnownValue[]): Generator<Detection> {
  for (const { value, kind } of known) {
    const edge = /^\w/.test(value) ? '(?<![\\w.-])' : '';
    const tail = /\w$/.test(value) ? '(?![\\w-])' : '';
    const pattern = new RegExp(`${edge}${escapeRegExp(value)}${tail}`, 'gi');
    for (const m of text.matchAll(pattern)) {
      if (m.index !== undefined) yield { start: m.index, end: m.index + m[0].length, kind };
    }
  }
}

// Tokens right after a quote or an assignment: where secrets live in code and config files.
const CANDIDATE = /(?<=(?:['"`]|[=:]\s*))[A-Za-z0-9+/_-]{20,}={0,2}(?![A-Za-z0-9+/_=-])/g;

function* highEntropy(text: string): Generator<Detection> {
  for (const m of text.matchAll(CANDIDATE)) {
    if (m.index !== undefined && looksRandom(m[0])) {
      yield { start: m.index, end: m.index + m[0].length, kind: 'entropy' };
    }
  }
}

const EMAIL_LOCAL = /[A-Za-z0-9._%+-]/;
const EMAIL_DOMAIN = /[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/y;

/** E-mail addresses, found from each "@" outwards (a regex from every word start is slow). */
function* emails(text: string): Generator<Detection> {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && EMAIL_LOCAL.test(text[start - 1]!)) start--;
    if (start === at) continue;
    EMAIL_DOMAIN.lastIndex = at + 1;
    const domain = EMAIL_DOMAIN.exec(text);
    if (!domain) continue;
    yield { start, end: at + 1 + domain[0].length, kind: 'email' };
    at += domain[0].length;
  }
}

function* named(text: string): Generator<Detection> {
  for (const r of namedSecrets(text)) yield { ...r, kind: 'secret' };
}

/**
 * Every sensitive range in `text`, non-overlapping, in text order (earlier detectors win).
 * Ranges in `protect` (placeholders already in the text) are never redacted again.
 */
export function detect(
  text: string,
  known: readonly KnownValue[] = [],
  protect: readonly Range[] = [],
): Detection[] {
  const lower = text.toLowerCase();
  const blocked: Range[] = [...protect];
  const taken: Detection[] = [];
  const overlaps = (d: Range) => blocked.some((t) => d.start < t.end && t.start < d.end);
  const take = (all: Iterable<Detection>) => {
    for (const d of all) {
      if (d.end <= d.start || overlaps(d)) continue;
      taken.push(d);
      blocked.push(d);
    }
  };
  for (const p of EARLY) take(run(text, lower, p));
  take(literals(text, known));
  take(named(text));
  take(emails(text));
  for (const p of LATE) take(run(text, lower, p));
  take(highEntropy(text));
  return taken.sort((a, b) => a.start - b.start);
}
