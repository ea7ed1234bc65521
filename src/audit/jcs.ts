/**
 * RFC 8785 JSON Canonicalization Scheme. An entry is stored as exactly these bytes, and the
 * verifier requires `canonicalize(JSON.parse(bytes)) === bytes`, so every entry has one and
 * only one accepted encoding.
 */

export class CanonicalizationError extends Error {}

/** The canonical JSON text of `value` (RFC 8785 §3.2). Throws on values JSON cannot carry. */
export function canonicalize(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, '$');
  return parts.join('');
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

function write(value: unknown, parts: string[], path: string): void {
  if (value === null || typeof value === 'boolean') {
    parts.push(String(value));
    return;
  }
  if (typeof value === 'number') {
    // ES6 Number.prototype.toString is exactly the JCS number form; -0 serialises as 0.
    if (!Number.isFinite(value)) throw new CanonicalizationError(`${path}: ${value} is not valid JSON`);
    parts.push(JSON.stringify(value));
    return;
  }
  if (typeof value === 'string') {
    // JSON.stringify escapes exactly what RFC 8785 §3.2.2.2 requires (and lone surrogates).
    parts.push(JSON.stringify(value));
    return;
  }
  if (Array.isArray(value)) {
    parts.push('[');
    value.forEach((item, i) => {
      if (i > 0) parts.push(',');
      write(item, parts, `${path}[${i}]`);
    });
    parts.push(']');
    return;
  }
  if (typeof value === 'object') {
    // Default sort compares UTF-16 code units, which is what §3.2.3 asks for.
    const keys = Object.keys(value as object).sort();
    parts.push('{');
    let first = true;
    for (const key of keys) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      if (!first) parts.push(',');
      first = false;
      parts.push(JSON.stringify(key), ':');
      write(item, parts, `${path}.${key}`);
    }
    parts.push('}');
    return;
  }
  throw new CanonicalizationError(`${path}: a ${typeof value} is not valid JSON`);
}
