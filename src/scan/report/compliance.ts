/**
 * scan/report/compliance: a finding's CWE, OWASP Top 10 2021, OWASP API Security Top 10 2023,
 * PCI DSS 4.0 and NIST CSF 2.0 ids, from its rule id alone (reference/scan.md §4). The longest
 * rule-id prefix in the table wins (a result, a family of results, then the check); an
 * unknown check still gets CWE-693 (a protection mechanism that failed) and A05. The PCI and
 * CSF columns are this project's proposals: no public crosswalk from CWE exists.
 */
import type { Compliance, ScanFinding } from '../types.js';

const map = (
  cwe: number[],
  owasp: string[],
  api: string[],
  pciDss4: string[],
  nistCsf2: string[],
): Compliance => ({
  cwe: cwe.map((n) => `CWE-${n}`),
  owaspTop10_2021: owasp.map((a) => `${a}:2021`),
  owaspApiTop10_2023: api.map((a) => `${a}:2023`),
  pciDss4,
  nistCsf2,
});

const TRANSPORT = map([319], ['A02'], ['API8'], ['4.2.1'], ['PR.DS-02']);
const BAD_CERT = map([295], ['A02', 'A07'], ['API8'], ['4.2.1', '4.2.1.1'], ['PR.DS-02']);
const HEADER = map([693], ['A05'], ['API8'], ['6.4.3', '11.6.1'], ['PR.PS-01']);
const CLICKJACKING = map([1021], ['A04'], [], ['6.2.4'], ['PR.PS-01']);
const SRI = map([353, 829], ['A08'], [], ['6.4.3', '11.6.1'], ['GV.SC-07']);
const EXPOSED = map([538], ['A01'], ['API8'], ['2.2'], ['PR.PS-01']);
// A leaked .env usually carries credentials: PCI 8.3.2 (credentials protected in storage and transit).
const EXPOSED_SECRETS = map([538, 200], ['A01'], ['API8'], ['2.2', '8.3.2'], ['PR.PS-01', 'PR.AA-01']);
export const FALLBACK = map([693], ['A05'], ['API8'], [], ['PR.PS-01']);

/** [rule-id prefix, mapping]; the longest prefix of the rule id wins. */
const TABLE: [string, Compliance][] = [
  ['observatory/csp-', HEADER],
  [
    'observatory/csp-implemented-with-insecure-scheme',
    map([319, 693], ['A05'], ['API8'], ['6.4.3', '11.6.1'], ['PR.PS-01']),
  ],
  ['observatory/cookies-', map([614], ['A05'], ['API8'], ['6.2.4'], ['PR.DS-02'])],
  [
    'observatory/cookies-session-without-httponly-flag',
    map([1004], ['A05'], ['API8'], ['6.2.4'], ['PR.DS-02']),
  ],
  ['observatory/cookies-samesite-flag-invalid', map([1275], ['A01'], [], ['6.2.4'], ['PR.PS-01'])],
  [
    'observatory/cookies-anticsrf-without-samesite-flag',
    map([1275, 352], ['A01'], [], ['6.2.4'], ['PR.PS-01']),
  ],
  ['observatory/cross-origin-resource-sharing-', map([942], ['A05'], ['API8'], ['6.2.4'], ['PR.AA-05'])],
  ['observatory/redirection-', TRANSPORT],
  ['observatory/redirection-invalid-cert', BAD_CERT],
  ['observatory/redirection-off-host-from-http', map([319, 601], ['A02'], ['API8'], ['4.2.1'], ['PR.DS-02'])],
  ['observatory/referrer-policy-', map([200], ['A01'], ['API8'], ['6.2.4'], ['PR.DS-02'])],
  ['observatory/hsts-', TRANSPORT],
  ['observatory/hsts-invalid-cert', BAD_CERT],
  ['observatory/sri-', SRI],
  ['observatory/html-not-parseable', SRI],
  ['observatory/x-content-type-options-', HEADER],
  ['observatory/x-frame-options-', CLICKJACKING],
  ['observatory/corp-', HEADER],
  ['observatory/', HEADER],
  ['tls/', map([326, 327], ['A02'], ['API8'], ['4.2.1'], ['PR.DS-02'])],
  ['tls/certificate-', map([324, 298], ['A02', 'A07'], ['API8'], ['4.2.1', '4.2.1.1'], ['PR.DS-02'])],
  ['tls/hostname-mismatch', map([297, 295], ['A02', 'A07'], ['API8'], ['4.2.1', '4.2.1.1'], ['PR.DS-02'])],
  ['tls/certificate-not-yet-valid', map([298], ['A02', 'A07'], ['API8'], ['4.2.1'], ['PR.DS-02'])],
  ['tls/certificate-self-signed', BAD_CERT],
  ['tls/certificate-untrusted', BAD_CERT],
  ['tls/chain-untrusted', BAD_CERT],
  ['exposed-files/', EXPOSED],
  ['exposed-files/env', EXPOSED_SECRETS],
  ['exposed-files/phpinfo', map([497, 200], ['A01'], ['API8'], ['2.2'], ['PR.PS-01'])],
  ['exposed-files/server-status', map([497, 200], ['A01'], ['API8'], ['2.2'], ['PR.PS-01'])],
  ['exposed-files/.env', EXPOSED_SECRETS],
  ['security-txt/', map([], [], [], [], ['ID.RA-08'])],
  ['banner/', map([497], ['A01'], ['API8'], ['2.2', '6.3.3'], ['PR.PS-02'])],
  ['directory-listing/', map([548], ['A01'], ['API8'], ['2.2'], ['PR.PS-01'])],
  ['open-redirect/', map([601], ['A01'], [], ['6.2.4'], ['PR.PS-06'])],
  ['cors/', map([942], ['A05'], ['API8'], ['6.2.4'], ['PR.AA-05'])],
  ['headers/', HEADER],
  ['cookies/', map([614], ['A05'], ['API8'], ['6.2.4'], ['PR.DS-02'])],
];

export function complianceOf(ruleId: string): Compliance {
  let best: [string, Compliance] | undefined;
  for (const entry of TABLE) {
    const [key] = entry;
    if (ruleId.startsWith(key) && (!best || key.length > best[0].length)) best = entry;
  }
  return clone(best?.[1] ?? FALLBACK);
}

export function withCompliance(finding: ScanFinding): ScanFinding {
  return { ...finding, compliance: complianceOf(finding.ruleId) };
}

function clone(c: Compliance): Compliance {
  return {
    cwe: [...c.cwe],
    owaspTop10_2021: [...c.owaspTop10_2021],
    owaspApiTop10_2023: [...c.owaspApiTop10_2023],
    pciDss4: [...c.pciDss4],
    nistCsf2: [...c.nistCsf2],
  };
}
