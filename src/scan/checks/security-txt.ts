/**
 * scan/checks/security-txt: RFC 9116. The file is looked for at /.well-known/security.txt,
 * then at the legacy /security.txt (§3), each followed through at most two redirects on the
 * same host. It must name at least one Contact (a mailto:, tel: or https:// URI) and exactly
 * one Expires, in the future but less than a year ahead (§2.5.5); a served page that parses
 * to no known field is a catch-all, not a security.txt. A signature is reported as info.
 */
import { evidenceOf } from '../evidence.js';
import type { Response } from '../http-client.js';
import { header } from '../observatory/retrieve.js';
import type { Check, CheckContext, ScanFinding, ScanSeverity } from '../types.js';
import { baseOf, getPath, isOk } from './fetch.js';
import {
  looksLikeSecurityTxt,
  parseExpires,
  parseSecurityTxt,
  type SecurityTxt,
} from './security-txt-parse.js';

export const SECURITY_TXT_RULES = [
  'missing',
  'no-contact',
  'invalid-contact',
  'no-expires',
  'multiple-expires',
  'invalid-expires',
  'expired',
  'expires-too-far',
  'duplicate-field',
  'canonical-mismatch',
  'malformed',
  'content-type',
  'signed',
  'unsigned',
  'legacy-location',
] as const;
type Rule = (typeof SECURITY_TXT_RULES)[number];

const PATHS = ['/.well-known/security.txt', '/security.txt'];
const YEAR_MS = 366 * 86_400_000;

export const securityTxtCheck: Check = async (context) => {
  for (const path of PATHS) {
    const response = await getFollowing(context, path);
    if (!isOk(response)) continue;
    const parsed = parseSecurityTxt(response.body);
    if (!looksLikeSecurityTxt(parsed)) continue;
    const findings = judge(context, response, parsed);
    if (path !== PATHS[0]) {
      findings.push(
        make(
          response,
          'legacy-location',
          'info',
          'security.txt only at the legacy path',
          `${response.url} is served, but ${PATHS[0]} is not (RFC 9116 §3).`,
        ),
      );
    }
    return findings;
  }
  const url = new URL(PATHS[0] as string, baseOf(context)).href;
  return [
    {
      ruleId: 'security-txt/missing',
      check: 'security-txt',
      severity: 'low',
      title: 'No security.txt',
      message: `Neither ${PATHS.join(' nor ')} serves a security.txt (RFC 9116): researchers have no published way to report a vulnerability.`,
      url,
    },
  ];
};

async function getFollowing(context: CheckContext, path: string): Promise<Response | undefined> {
  let url = new URL(path, baseOf(context));
  for (let hop = 0; hop <= 2; hop++) {
    const response = await getPath(context, url.href, { accept: 'text/plain' });
    const location =
      response && response.status >= 300 && response.status < 400 ? header(response, 'location') : undefined;
    if (!location) return response;
    const next = URL.canParse(location, url.href) ? new URL(location, url) : undefined;
    if (!next || next.host !== url.host) return response;
    url = next;
  }
  return undefined;
}

function judge(context: CheckContext, response: Response, parsed: SecurityTxt): ScanFinding[] {
  const out: ScanFinding[] = [];
  const add = (rule: Rule, severity: ScanSeverity, title: string, message: string, excerpt?: string) =>
    out.push(make(response, rule, severity, title, message, excerpt));
  const all = (name: string) => parsed.fields.filter((f) => f.name === name);
  const quote = (fields: { line: number; value: string }[], name: string) =>
    fields.map((f) => `${f.line}: ${name}: ${f.value}`).join('\n');

  const contacts = all('contact');
  if (contacts.length === 0)
    add(
      'no-contact',
      'medium',
      'security.txt has no Contact',
      'RFC 9116 §2.5.3 requires at least one Contact field.',
    );
  const badContacts = contacts.filter((c) => !/^(?:mailto:|tel:|https:\/\/)/i.test(c.value));
  if (badContacts.length > 0) {
    add(
      'invalid-contact',
      'low',
      'security.txt Contact is not a mailto:, tel: or https:// URI',
      'RFC 9116 §2.5.3: a Contact is a URI, and a web URI must be https://.',
      quote(badContacts, 'Contact'),
    );
  }

  const expires = all('expires');
  if (expires.length === 0)
    add(
      'no-expires',
      'medium',
      'security.txt has no Expires',
      'RFC 9116 §2.5.5 requires exactly one Expires field.',
    );
  if (expires.length > 1)
    add(
      'multiple-expires',
      'low',
      'security.txt has more than one Expires',
      'RFC 9116 §2.5.5: Expires must appear only once.',
      quote(expires, 'Expires'),
    );
  const first = expires[0];
  if (first) {
    const at = parseExpires(first.value);
    const now = context.now.getTime();
    if (!at)
      add(
        'invalid-expires',
        'low',
        'security.txt Expires is not an RFC 3339 date-time',
        'RFC 9116 §2.5.5: Expires is an Internet date/time, e.g. 2027-01-01T00:00:00Z.',
        quote([first], 'Expires'),
      );
    else if (at.getTime() <= now)
      add(
        'expired',
        'medium',
        'security.txt has expired',
        `It expired on ${at.toISOString()}: its contents must be treated as stale (RFC 9116 §2.5.5).`,
        quote([first], 'Expires'),
      );
    else if (at.getTime() - now > YEAR_MS)
      add(
        'expires-too-far',
        'low',
        'security.txt expires more than a year ahead',
        'RFC 9116 §2.5.5 recommends an Expires less than a year in the future, so the file is reviewed.',
        quote([first], 'Expires'),
      );
  }

  const languages = all('preferred-languages');
  if (languages.length > 1)
    add(
      'duplicate-field',
      'low',
      'security.txt repeats Preferred-Languages',
      'RFC 9116 §2.5.8: Preferred-Languages must appear only once.',
      quote(languages, 'Preferred-Languages'),
    );
  const canonical = all('canonical');
  if (canonical.length > 0 && !canonical.some((c) => c.value === response.url)) {
    add(
      'canonical-mismatch',
      'low',
      'security.txt Canonical does not name where it is served',
      `No Canonical field is ${response.url} (RFC 9116 §2.5.2).`,
      quote(canonical, 'Canonical'),
    );
  }
  if (parsed.malformed.length > 0) {
    add(
      'malformed',
      'low',
      'security.txt has malformed lines',
      'Lines that are neither a field, a comment nor blank (RFC 9116 §4).',
      parsed.malformed.map((m) => `${m.line}: ${m.text}`).join('\n'),
    );
  }
  const type = header(response, 'content-type')?.toLowerCase().replace(/\s+/g, '') ?? '';
  if (!type.startsWith('text/plain') || (type.includes('charset=') && !type.includes('charset=utf-8'))) {
    add(
      'content-type',
      'low',
      'security.txt is not served as text/plain; charset=utf-8',
      `Content-Type is "${type || 'absent'}" (RFC 9116 §3).`,
    );
  }
  add(
    parsed.signed ? 'signed' : 'unsigned',
    'info',
    parsed.signed ? 'security.txt is signed' : 'security.txt is not signed',
    parsed.signed
      ? 'It is an OpenPGP cleartext-signed message; the signature itself is not verified here.'
      : 'RFC 9116 §2.3 recommends an OpenPGP cleartext signature.',
  );
  return out;
}

function make(
  response: Response,
  rule: Rule,
  severity: ScanSeverity,
  title: string,
  message: string,
  excerpt?: string,
): ScanFinding {
  return {
    ruleId: `security-txt/${rule}`,
    check: 'security-txt',
    severity,
    title,
    message,
    url: response.url,
    evidence: evidenceOf(response, {
      headers: ['content-type'],
      excerpt: excerpt ?? response.body.slice(0, 512),
    }),
  };
}
