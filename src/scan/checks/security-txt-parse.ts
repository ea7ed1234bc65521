/**
 * scan/checks/security-txt-parse: RFC 9116 §2.2-2.5 read as data. A file is lines of
 * `Field: value`, comments (`#`) and blank lines, optionally wrapped in an OpenPGP cleartext
 * signature (RFC 4880 §7), whose dash-escaping (`- `) is undone. Pure: no I/O.
 */

export interface SecurityTxtField {
  /** Lower-cased field name. */
  name: string;
  value: string;
  line: number;
}

export interface SecurityTxt {
  signed: boolean;
  fields: SecurityTxtField[];
  /** Lines that are neither a field, a comment nor blank (1-based, as served). */
  malformed: { line: number; text: string }[];
}

/** The fields RFC 9116 §2.5 defines, plus CSAF (registered since, RFC 9116 §6.4 registry). */
export const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  'acknowledgments',
  'canonical',
  'contact',
  'encryption',
  'expires',
  'hiring',
  'policy',
  'preferred-languages',
  'csaf',
]);

const SIGNED_START = '-----BEGIN PGP SIGNED MESSAGE-----';
const SIGNATURE_START = '-----BEGIN PGP SIGNATURE-----';
const FIELD = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+):[ \t]*(.*?)[ \t]*$/;

export function parseSecurityTxt(text: string): SecurityTxt {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const result: SecurityTxt = { signed: false, fields: [], malformed: [] };
  let first = 0;
  let last = lines.length;
  if (lines[0]?.trim() === SIGNED_START) {
    result.signed = true;
    // Armor headers ("Hash: SHA256") run to the first blank line.
    first = lines.findIndex((l, i) => i > 0 && l.trim() === '') + 1 || lines.length;
    const signature = lines.findIndex((l) => l.trim() === SIGNATURE_START);
    last = signature === -1 ? lines.length : signature;
    if (signature === -1)
      result.malformed.push({ line: lines.length, text: 'signed message without a signature block' });
  }
  for (let i = first; i < last; i++) {
    let line = lines[i] ?? '';
    if (result.signed && line.startsWith('- ')) line = line.slice(2);
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const m = FIELD.exec(line);
    if (!m?.[1] || !m[2]) {
      result.malformed.push({ line: i + 1, text: line });
      continue;
    }
    result.fields.push({ name: m[1].toLowerCase(), value: m[2], line: i + 1 });
  }
  return result;
}

/** True when the text is a security.txt at all (and not a catch-all page). */
export function looksLikeSecurityTxt(parsed: SecurityTxt): boolean {
  return parsed.signed || parsed.fields.some((f) => KNOWN_FIELDS.has(f.name));
}

/** RFC 9116 §2.5.5: an Internet date/time (RFC 3339 §5.6). */
export function parseExpires(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(value))
    return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
