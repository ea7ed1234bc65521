/**
 * RFC 8785 JSON Canonicalization Scheme. An entry is stored as exactly these bytes, and the
 * verifier requires `canonicalize(JSON.parse(bytes)) === bytes`, so every entry has one and
 * only one accepted encoding.
 */

export class CanonicalizationError extends Error {}

/** The canonical JSON text of `value` (RFC 8785 §3.2). Throws on values JSON cannot carry. */
export function canonicalize(value: unknown): string {
  try {
    return write(value);
  } catch (error) {
    if (error instanceof Unencodable) throw new CanonicalizationError(`$${error.path}: ${error.reason}`);
    throw error;
  }
}

/**
 * Thrown by write() at the value that cannot be encoded; each enclosing array or object adds
 * its step on the way out, so the path is only built when there is an error to report.
 */
class Unencodable extends Error {
  path = '';
  constructor(readonly reason: string) {
    super(reason);
  }
}

function within(error: unknown, step: string): unknown {
  if (error instanceof Unencodable) error.path = step + error.path;
  return error;
}

/** The canonical UTF-8 bytes of `value`. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}

/**
 * Parse `bytes` and report whether they are already canonical. Returns undefined for bytes
 * that are not JSON at all (invalid UTF-8 included).
 */
export function parseCanonical(bytes: Uint8Array): { value: unknown; canonical: boolean } | undefined {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text = buffer.toString('utf8');
  // The lenient decoder turns invalid UTF-8 into U+FFFD; only then pay for the strict one.
  if (text.includes('\uFFFD')) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  let canonical: boolean;
  try {
    canonical = canonicalize(value) === text;
  } catch {
    canonical = false;
  }
  return { value, canonical };
}

// Strings with nothing to escape are common; they skip JSON.stringify.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

function write(value: unknown): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    // ES6 Number.prototype.toString is exactly the JCS number form; -0 serialises as 0.
    if (!Number.isFinite(value)) throw new Unencodable(`${value} is not valid JSON`);
    return JSON.stringify(value);
  }
  // JSON.stringify escapes exactly what RFC 8785 §3.2.2.2 requires (and lone surrogates).
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      try {
        out += (i > 0 ? ',' : '') + write(value[i]);
      } catch (error) {
        throw within(error, `[${i}]`);
      }
    }
    return `${out}]`;
  }
  if (typeof value === 'object') {
    // Default sort compares UTF-16 code units, which is what §3.2.3 asks for.
    const keys = Object.keys(value as object).sort();
    let out = '{';
    let first = true;
    for (const key of keys) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      try {
        out += `${first ? '' : ','}${quote(key)}:${write(item)}`;
      } catch (error) {
        throw within(error, `.${key}`);
      }
      first = false;
    }
    return `${out}}`;
  }
  throw new Unencodable(`a ${typeof value} is not valid JSON`);
}
