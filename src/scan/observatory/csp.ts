/**
 * scan/observatory/csp: the Content-Security-Policy test, from the rules in
 * reference/scan.md §1.3 (collect header and meta policies, split on commas, fall back to
 * default-src then *, a source counts only when every policy allows it; first match wins).
 */
import type { Response } from '../http-client.js';
import type { PageFacts } from './html.js';
import { header } from './retrieve.js';

export type Policy = Map<string, string[]>;

export interface ParsedCsp {
  policies: Policy[];
  invalid: boolean;
  /** A repeated report-uri / report-to, allowed but reported. */
  duplicate: boolean;
}

/** Split CSP header values into policies; `invalid` on a repeated directive or a stub policy. */
export function parseCsp(values: string[]): ParsedCsp {
  const out: ParsedCsp = { policies: [], invalid: false, duplicate: false };
  for (const value of values) {
    for (const text of value.split(',')) {
      const trimmed = text.trim();
      if (trimmed.length < 6) {
        out.invalid = true;
        continue;
      }
      const policy: Policy = new Map();
      for (const part of trimmed.split(';')) {
        const tokens = part.trim().split(/\s+/).filter(Boolean);
        const name = tokens.shift()?.toLowerCase();
        if (!name) continue;
        if (policy.has(name)) {
          if (name === 'report-uri' || name === 'report-to') out.duplicate = true;
          else out.invalid = true;
          continue;
        }
        policy.set(
          name,
          tokens.map((t) => t.toLowerCase()),
        );
      }
      out.policies.push(policy);
    }
  }
  return out;
}

const BROAD = new Set(['*', 'http:', 'https:', 'ftp:', 'http://*', 'https://*', 'ftp://*']);
const ACTIVE = [
  'script-src',
  'object-src',
  'style-src',
  'child-src',
  'connect-src',
  'font-src',
  'frame-src',
  'manifest-src',
  'worker-src',
  'default-src',
];
const PASSIVE = ['img-src', 'media-src'];

function sources(policy: Policy, directive: string): string[] {
  return policy.get(directive) ?? policy.get('default-src') ?? ['*'];
}

const isNonceOrHash = (s: string) => /^'(nonce-|sha256-|sha384-|sha512-)/.test(s);

/** Effective script-src: a nonce or hash voids 'unsafe-inline'; with 'strict-dynamic' also schemes and 'self'. */
function scriptSources(policy: Policy): { list: string[]; strictDynamicAlone: boolean } {
  let list = sources(policy, 'script-src');
  const keyed = list.some(isNonceOrHash);
  const strict = list.includes("'strict-dynamic'");
  if (keyed) list = list.filter((s) => s !== "'unsafe-inline'");
  if (keyed && strict) list = list.filter((s) => s !== "'self'" && !/^[a-z][a-z0-9+.-]*:$/.test(s));
  return { list, strictDynamicAlone: strict && !keyed };
}

function styleSources(policy: Policy): string[] {
  const list = sources(policy, 'style-src');
  return list.some(isNonceOrHash) ? list.filter((s) => s !== "'unsafe-inline'") : list;
}

const insecure = (s: string) => s.startsWith('http:') || s.startsWith('ftp:');

interface Flags {
  unsafeInline: boolean;
  unsafeObjects: boolean;
  insecureActive: boolean;
  unsafeEval: boolean;
  insecurePassive: boolean;
  unsafeStyle: boolean;
  defaultNone: boolean;
  strictDynamicAlone: boolean;
}

function flagsOf(policy: Policy, https: boolean): Flags {
  const script = scriptSources(policy);
  const style = styleSources(policy);
  return {
    unsafeInline: script.list.some((s) => s === "'unsafe-inline'" || s === 'data:' || BROAD.has(s)),
    unsafeObjects: sources(policy, 'object-src').some((s) => BROAD.has(s)),
    insecureActive:
      https &&
      ACTIVE.some((d) => (d === 'default-src' ? (policy.get(d) ?? []) : sources(policy, d)).some(insecure)),
    unsafeEval: script.list.includes("'unsafe-eval'") || style.includes("'unsafe-eval'"),
    insecurePassive: https && PASSIVE.some((d) => sources(policy, d).some(insecure)),
    unsafeStyle: style.some((s) => s === "'unsafe-inline'" || s === 'data:' || BROAD.has(s)),
    defaultNone: (policy.get('default-src') ?? []).join(' ') === "'none'",
    strictDynamicAlone: script.strictDynamicAlone,
  };
}

export interface CspOutcome {
  result: string;
  /** The header policy's frame-ancestors, for the X-Frame-Options test. */
  frameAncestors: boolean;
}

export function cspTest(auto: Response, page: PageFacts | undefined): CspOutcome {
  const headerValue = header(auto, 'content-security-policy');
  const metaValues = page?.httpEquiv.get('content-security-policy') ?? [];
  const fromHeader = parseCsp(headerValue !== undefined ? [headerValue] : []);
  const frameAncestors = fromHeader.policies.some((p) => p.has('frame-ancestors'));
  if (headerValue === undefined && metaValues.length === 0) {
    const reporting = header(auto, 'content-security-policy-report-only') !== undefined;
    return {
      result: reporting ? 'csp-not-implemented-but-reporting-enabled' : 'csp-not-implemented',
      frameAncestors,
    };
  }
  const parsed = parseCsp([...(headerValue !== undefined ? [headerValue] : []), ...metaValues]);
  const https = auto.url.startsWith('https:');
  const all = parsed.policies.map((p) => flagsOf(p, https));
  // A source is allowed only when every policy allows it: a flag holds when it holds in all.
  const every = (key: keyof Flags) => all.length > 0 && all.every((f) => f[key]);
  const some = (key: keyof Flags) => all.some((f) => f[key]);
  if (parsed.invalid || parsed.policies.length === 0 || some('strictDynamicAlone'))
    return { result: 'csp-header-invalid', frameAncestors };
  let result: string;
  if (every('unsafeInline') || every('unsafeObjects')) result = 'csp-implemented-with-unsafe-inline';
  else if (every('insecureActive')) result = 'csp-implemented-with-insecure-scheme';
  else if (every('unsafeEval')) result = 'csp-implemented-with-unsafe-eval';
  else if (every('insecurePassive')) result = 'csp-implemented-with-insecure-scheme-in-passive-content-only';
  else if (every('unsafeStyle')) result = 'csp-implemented-with-unsafe-inline-in-style-src-only';
  else if (every('defaultNone')) result = 'csp-implemented-with-no-unsafe-default-src-none';
  else result = 'csp-implemented-with-no-unsafe';
  if (parsed.duplicate && result.startsWith('csp-implemented-with-no-unsafe'))
    result = 'csp-implemented-but-duplicate-directives';
  return { result, frameAncestors };
}
