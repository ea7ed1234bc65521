/**
 * llm/secret-names: secrets found by what holds them rather than by their format — a value
 * assigned to, passed to, or keyed by a secret-named identifier (`DB_PASSWORD=…`,
 * `setPassword("…")`, `"api-key": "…"`, `?token=…`). A name is split into words, so a prefix
 * (`DB_`, `user.`) never hides the key word, and a value that is itself a word
 * ("password", "bearer") or says it is test data stays, so the model still reads the code.
 */
import {
  KEY_QUALIFIERS,
  META_WORDS,
  PLAIN_VALUE_WORDS,
  SECRET_SUFFIXES,
  SECRET_WORDS,
  TEST_DATA_WORDS,
} from './secret-rules.js';

export interface Range {
  start: number;
  end: number;
}

/** `DB_PASSWORD` -> [db, password]; `setApiKey2` -> [set, api, key, 2]. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(?=\d)|(\d)(?=[A-Za-z])/g, '$1$2 ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether an identifier names a secret (and not a fact about one, like `password_field`). */
export function isSecretName(name: string): boolean {
  const words = wordsOf(name);
  const last = words[words.length - 1];
  if (last === undefined || META_WORDS.has(last)) return false;
  return words.some(
    (w, i) =>
      SECRET_WORDS.has(w) ||
      (w === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!)) ||
      SECRET_SUFFIXES.some((s) => w.length > s.length && w.endsWith(s)),
  );
}

// Environment and template references, format slots, angle- or bracket-wrapped placeholders.
const REFERENCE =
  /^\$\{?[A-Za-z_][\w.:-]*\}?$|^\$\(|\{\{.*\}\}|\$\{[^}]*\}|%\(\w+\)[sd]|^%[sd]$|^\{\w*\}$|^<[^<>]+>$|^\[[^\]]+\]$|\b(?:process\.env|os\.environ|getenv|System\.getenv|ENV\[)/;

/** A value that is not a secret even under a secret name: a word, a reference, test data. */
export function isPlainValue(raw: string): boolean {
  const value = raw.trim();
  if (value.length < 3 || /^[*xX.•#?_\s-]+$/.test(value) || /^\d{1,4}$/.test(value)) return true;
  if (REFERENCE.test(value)) return true;
  const words = wordsOf(value);
  // Made of words only ("Password must be at least 8 characters"): a message, not a secret.
  const sentence = /\s/.test(value);
  const wordy = words.every((w) => PLAIN_VALUE_WORDS.has(w) || (sentence && /^\d+$/.test(w)));
  if (words.length === 0 || (wordy && words.some((w) => /^[a-z]/.test(w)))) return true;
  // "test-token", "dummy_password_1": named as test data, and nothing in it looks random.
  return (
    value.length <= 40 &&
    words.some((w) => TEST_DATA_WORDS.has(w)) &&
    !value.split(/[^A-Za-z0-9]+/).some((part) => part.length >= 12 && looksRandom(part))
  );
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

export function looksRandom(token: string): boolean {
  if (!/\d/.test(token) || !/[A-Za-z]/.test(token)) return false;
  if (/^[0-9a-f]+$/i.test(token)) return token.length >= 32 && entropy(token) >= 3.0;
  if (token.includes('/') && token.split('/').every((s) => /^[a-z_-]*$/i.test(s))) return false;
  const mixedCase = /[a-z]/.test(token) && /[A-Z]/.test(token);
  return entropy(token) >= (mixedCase ? 3.7 : 4.0);
}

const STRING = String.raw`(?:[rRbBuUfF]{1,2})?(['"\`])((?:\\.|(?!\4)[^\\\n]){1,400})\4`;
/**
 * name, optional closing quote / bracket, optional type annotation, an assignment,
 * comparison, key or argument separator, then a string: `pass = "…"`, `"token": "…"`,
 * `headers["X-Api-Key"] = "…"`, `password: str = "…"`, `put("secret", "…")`, `pw == "…"`.
 */
const QUOTED_VALUE = new RegExp(
  String.raw`(?<![\w$-])(['"\`]?)([A-Za-z_$][\w$.-]*)\1\]?(?:\s*:\s*[A-Za-z_][\w.]*(?=\s*=))?\s*(===|!==|==|!=|=>|:=|\+=|\?\?=|\|\|=|[:=]|,)\s*${STRING}`,
  'g',
);

function* quotedValues(text: string): Generator<Range> {
  for (const m of text.matchAll(QUOTED_VALUE)) {
    const [, quote, name, sep, , value] = m;
    if (m.index === undefined || !name || value === undefined) continue;
    // `f(password, "…")` passes a variable; only a quoted key makes `,` a key-value pair.
    if (sep === ',' && !quote) continue;
    if (!isSecretName(name) || isPlainValue(value)) continue;
    const end = m.index + m[0].length - 1;
    yield { start: end - value.length, end };
  }
}

/** A header written as one string: `curl -H "X-Api-Key: …"`, `'Cookie: session=…'`. */
const HEADER_STRING = /(['"`])([A-Za-z][\w-]*)[ \t]*:[ \t]*([^'"`\n]{3,})\1/g;

function* headerStrings(text: string): Generator<Range> {
  for (const m of text.matchAll(HEADER_STRING)) {
    const [, , name, value] = m;
    if (m.index === undefined || !name || !value || !isSecretName(name) || isPlainValue(value)) continue;
    const end = m.index + m[0].length - 1;
    yield { start: end - value.length, end };
  }
}

const CALL = /(?<![\w$])([A-Za-z_$][\w$]*)\s*\(/g;
// Getters and checks take the secret's name, not the secret: getToken("github").
const LOOKUP_VERBS = new Set([
  'get',
  'read',
  'load',
  'fetch',
  'find',
  'lookup',
  'has',
  'delete',
  'remove',
  'is',
]);

/** String arguments of a call to a secret-named function: `user.setPassword("…")`. */
function* callArguments(text: string): Generator<Range> {
  for (const m of text.matchAll(CALL)) {
    const callee = m[1]!;
    if (m.index === undefined || !isSecretName(callee)) continue;
    if (LOOKUP_VERBS.has(wordsOf(callee)[0]!)) continue;
    yield* stringArguments(text, m.index + m[0].length);
  }
}

/** Top-level string literals from `from` to the call's closing parenthesis on the same line. */
function* stringArguments(text: string, from: number): Generator<Range> {
  let depth = 0;
  for (let i = from; i < text.length && i < from + 400; i++) {
    const ch = text[i]!;
    if (ch === '\n') return;
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (depth-- === 0) return;
    } else if (ch === '"' || ch === "'" || ch === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== ch && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      if (text[j] !== ch) return;
      const value = text.slice(i + 1, j);
      if (depth === 0 && !isPlainValue(value)) yield { start: i + 1, end: j };
      i = j;
    }
  }
}

/**
 * Unquoted values in env files, shell, Dockerfile, YAML, INI and properties:
 * `DB_PASSWORD=…`, `export API_TOKEN=…`, `ENV DB_PASSWORD …`, `password: …`.
 */
const CONFIG_LINE =
  /^[ \t]*(?:-[ \t]+)?(?:(export|ENV|ARG|set|SET|setenv|declare(?:[ \t]+-\w+)*|readonly|local)[ \t]+)?([A-Za-z_][\w.-]*)(=|[ \t]*[=:][ \t]*|[ \t]+)([^\s'"`#][^\n]*?)[ \t]*(?:[ \t]#[^\n]*)?$/gm;

function* configValues(text: string): Generator<Range> {
  for (const m of text.matchAll(CONFIG_LINE)) {
    const [, prefix, name, sep, value] = m;
    if (m.index === undefined || !name || !sep || !value) continue;
    // A bare space separates a name from its value only after ENV / setenv.
    if (sep.trim() === '' && !/^(?:ENV|setenv)$/.test(prefix ?? '')) continue;
    // Code, not a literal: a call, a structure, a statement end.
    if (/[([{]/.test(value) || /[,;]$/.test(value)) continue;
    const strict = prefix !== undefined || sep === '=' || sep.trim() !== '=';
    // `password = pw` in Python is a variable; only a value with a digit or symbol is a literal.
    if (!strict && /^[A-Za-z_$][\w$.]*$/.test(value) && !/\d/.test(value)) continue;
    if (!isSecretName(name)) continue;
    // A shell word ends at a space (`export A=1 B=2`); YAML, INI and legacy ENV run to the end.
    const word = sep === '=' || (prefix && sep.trim() === '=') ? value.split(/\s/)[0]! : value;
    if (isPlainValue(word)) continue;
    const start = m.index + m[0].indexOf(value, m[0].indexOf(name) + name.length);
    yield { start, end: start + word.length };
  }
}

/**
 * `NAME=value` inside a line — a command, a markdown code span, a scanner message:
 * "run `export API_TOKEN=…`", "DB_PASSWORD=… read from". A bare identifier value without a
 * digit is a variable passed by keyword (`connect(password=pw)`), not a literal.
 */
const INLINE_ASSIGNMENT = /(?<![\w$.-])([A-Za-z_][\w.-]*)=([^\s'"`;&|()<>,\]}]+)/g;

function* inlineAssignments(text: string): Generator<Range> {
  for (const m of text.matchAll(INLINE_ASSIGNMENT)) {
    const [, name, value] = m;
    if (m.index === undefined || !name || !value || !isSecretName(name)) continue;
    if (/^[A-Za-z_$][\w$.]*$/.test(value) && !/\d/.test(value)) continue;
    if (isPlainValue(value)) continue;
    const end = m.index + m[0].length;
    yield { start: end - value.length, end };
  }
}

const QUERY_PARAM = /[?&;]([A-Za-z_][\w.-]*)=([^&#\s'"`<>;]+)/g;
const QUERY_SECRETS = new Set([
  'sig',
  'signature',
  'key',
  'code',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
]);

/** Secret query parameters: `?access_token=…`, `&sig=…`, `?key=…`. */
function* queryValues(text: string): Generator<Range> {
  for (const m of text.matchAll(QUERY_PARAM)) {
    const [, name, value] = m;
    if (m.index === undefined || !name || !value) continue;
    if (!QUERY_SECRETS.has(name.toLowerCase()) && !isSecretName(name)) continue;
    if (isPlainValue(value)) continue;
    const end = m.index + m[0].length;
    yield { start: end - value.length, end };
  }
}

// Every secret name contains one of these (case-insensitive): lines without one are skipped.
const HINT = /pw|pass|secret|token|cred|key|auth|cookie|session|dsn|sig|code=/gi;

/**
 * Every range a secret-named holder points at, in detector order. Each detector works within
 * a line, so only the lines that contain a hint of a secret name are searched.
 */
/**
 * The second look a value rule's match gets before it counts as a secret ("Bearer realm" is
 * prose, not a token; a connection string built by a call is code): the snippet redactor and
 * the scan's evidence both take it, so the two never disagree on what a match is.
 */
export function valueRuleAccepts(ruleId: string): ((value: string) => boolean) | undefined {
  if (ruleId === 'authorization') return (v) => /\d|[+/=]/.test(v) || looksRandom(v);
  if (ruleId === 'connection-string') return (v) => !v.includes('(') && !isPlainValue(v);
  return undefined;
}

export function* namedSecrets(text: string): Generator<Range> {
  const hint = new RegExp(HINT.source, HINT.flags);
  for (let m = hint.exec(text); m; m = hint.exec(text)) {
    const start = text.lastIndexOf('\n', m.index) + 1;
    const newline = text.indexOf('\n', m.index);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    for (const r of lineSecrets(line)) yield { start: start + r.start, end: start + r.end };
    hint.lastIndex = end;
  }
}

function* lineSecrets(line: string): Generator<Range> {
  yield* quotedValues(line);
  yield* headerStrings(line);
  yield* callArguments(line);
  yield* configValues(line);
  yield* inlineAssignments(line);
  yield* queryValues(line);
}
