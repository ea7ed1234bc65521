/**
 * llm/secrets: the catalogue of things that must never leave in a snippet, as detectors over
 * source text. Each detector yields ranges; redact-source.ts turns them into placeholders.
 * Order matters: earlier detectors win where ranges overlap.
 */

export type RedactionKind =
  | 'private-key'
  | 'url-credentials'
  | 'connection-string'
  | 'jwt'
  | 'secret'
  | 'identity'
  | 'email'
  | 'path'
  | 'entropy';

export interface Detection {
  start: number;
  end: number;
  kind: RedactionKind;
}

interface PatternDetector {
  kind: RedactionKind;
  pattern: RegExp;
  /** Redact only this capture group (the value, not its key). */
  group?: number;
}

/** Provider key formats (prefixes and lengths as the providers document or issue them). */
const KEY_FORMATS: RegExp[] = [
  /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{20,}/g, // Anthropic
  /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, // OpenAI
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bASIA[0-9A-Z]{16}\b/g, // AWS temporary key id
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{22,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g, // GitLab
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, // Slack
  /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g, // Stripe
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API key
  /\bya29\.[0-9A-Za-z_-]{20,}/g, // Google OAuth access token
  /\bnpm_[A-Za-z0-9]{36}\b/g, // npm
  /\bhf_[A-Za-z0-9]{30,}\b/g, // Hugging Face
  /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\b/g, // SendGrid
  /\bSK[0-9a-f]{32}\b/g, // Twilio
  /\bdop_v1_[a-f0-9]{64}\b/g, // DigitalOcean
  /\bpypi-[A-Za-z0-9_-]{50,}\b/g, // PyPI
  /\bshpat_[a-fA-F0-9]{32}\b/g, // Shopify
];

const PATTERNS: PatternDetector[] = [
  {
    kind: 'private-key',
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g,
  },
  { kind: 'url-credentials', pattern: /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s/:@'"`]+:[^\s@'"`]+@[^\s'"`<>)]+/g },
  {
    kind: 'connection-string',
    pattern:
      /\b(?:Password|Pwd|AccountKey|SharedAccessKey|SharedAccessSignature|ApiKey|Secret)\s*=\s*([^;'"`\s]+)/gi,
    group: 1,
  },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g },
  ...KEY_FORMATS.map((pattern) => ({ kind: 'secret' as const, pattern })),
];

const LATE_PATTERNS: PatternDetector[] = [
  { kind: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g },
  {
    kind: 'path',
    pattern:
      /(?<![\w.-])(?:\/(?:home|Users|root|builds|runner|workspace|__w|github\/workspace|mnt\/[a-z]\/Users)\/[^\s'"`:;,)\]}]+|[A-Za-z]:[\\/](?:Users|Documents and Settings)[\\/][^\s'"`;,)\]}]+)/g,
  },
  {
    // A value assigned to a name that says it is secret: password = "…", apiKey: '…', "token": "…".
    kind: 'secret',
    pattern:
      /\b(?:[A-Za-z_$][\w$]*)?(?:secret|token|passw(?:or)?d|pwd|api_?key|apikey|access_?key|private_?key|credential|auth)[\w$]*['"]?\s*(?:=|:|=>|:=)\s*(['"`])([^'"`\n]{4,})\1/gi,
    group: 2,
  },
];

function* run(text: string, detector: PatternDetector): Generator<Detection> {
  for (const m of text.matchAll(detector.pattern)) {
    if (m.index === undefined) continue;
    if (detector.group === undefined) {
      yield { start: m.index, end: m.index + m[0].length, kind: detector.kind };
      continue;
    }
    const value = m[detector.group];
    if (!value) continue;
    const offset = m[0].lastIndexOf(value);
    yield { start: m.index + offset, end: m.index + offset + value.length, kind: detector.kind };
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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

/** Shannon entropy in bits per character. */
export function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

// Tokens right after a quote or an assignment: where secrets live in code and config files.
const CANDIDATE = /(?<=(?:['"`]|[=:]\s*))[A-Za-z0-9+/_-]{20,}={0,2}(?![A-Za-z0-9+/_=-])/g;

export function looksRandom(token: string): boolean {
  if (!/\d/.test(token) || !/[A-Za-z]/.test(token)) return false;
  if (/^[0-9a-f]+$/i.test(token)) return token.length >= 32 && entropy(token) >= 3.0;
  if (token.includes('/') && token.split('/').every((s) => /^[a-z_-]*$/i.test(s))) return false;
  const mixedCase = /[a-z]/.test(token) && /[A-Z]/.test(token);
  return entropy(token) >= (mixedCase ? 3.7 : 4.0);
}

function* highEntropy(text: string): Generator<Detection> {
  for (const m of text.matchAll(CANDIDATE)) {
    if (m.index !== undefined && looksRandom(m[0])) {
      yield { start: m.index, end: m.index + m[0].length, kind: 'entropy' };
    }
  }
}

/** Every sensitive range in `text`, non-overlapping, in text order (earlier detectors win). */
export function detect(text: string, known: readonly KnownValue[] = []): Detection[] {
  const taken: Detection[] = [];
  const overlaps = (d: Detection) => taken.some((t) => d.start < t.end && t.start < d.end);
  const take = (all: Iterable<Detection>) => {
    for (const d of all) if (d.end > d.start && !overlaps(d)) taken.push(d);
  };
  for (const p of PATTERNS) take(run(text, p));
  take(literals(text, known));
  for (const p of LATE_PATTERNS) take(run(text, p));
  take(highEntropy(text));
  return taken.sort((a, b) => a.start - b.start);
}
