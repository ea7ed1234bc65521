/**
 * scan/report/rule-help: what a SARIF rule says about itself, which must not change from one
 * scan to the next (a finding's message may: "expires in 12 days"). Observatory results use
 * their fixed descriptions; the other checks a description and a remedy per rule family,
 * matched by the longest rule-id prefix like the compliance table.
 */
import type { ScanFinding } from '../types.js';
import { OBSERVATORY_RULES } from './observatory-rules.js';

export interface RuleHelp {
  description: string;
  remedy: string;
}

const FAMILIES: [string, RuleHelp][] = [
  [
    'observatory/csp-',
    {
      description: '',
      remedy:
        "Send a Content-Security-Policy without 'unsafe-inline' or broad script sources, ideally starting from default-src 'none'.",
    },
  ],
  [
    'observatory/cookies-',
    {
      description: '',
      remedy: 'Set Secure on every cookie, HttpOnly on session cookies, and SameSite (Lax or Strict) on all.',
    },
  ],
  [
    'observatory/cross-origin-resource-sharing-',
    {
      description: '',
      remedy: 'Allow only a fixed list of origins; never echo the request Origin together with credentials.',
    },
  ],
  [
    'observatory/redirection-',
    { description: '', remedy: 'Redirect every plain-HTTP request straight to HTTPS on the same host.' },
  ],
  [
    'observatory/referrer-policy-',
    { description: '', remedy: 'Send Referrer-Policy: strict-origin-when-cross-origin (or no-referrer).' },
  ],
  [
    'observatory/hsts-',
    {
      description: '',
      remedy:
        'Send Strict-Transport-Security: max-age=31536000 (at least 15552000) over a valid certificate.',
    },
  ],
  [
    'observatory/sri-',
    {
      description: '',
      remedy:
        'Load third-party scripts over HTTPS with an integrity hash and crossorigin="anonymous", or host them yourself.',
    },
  ],
  [
    'observatory/html-not-parseable',
    {
      description: '',
      remedy:
        'Serve well-formed HTML (or the right Content-Type) so browsers and scanners read the same page.',
    },
  ],
  [
    'observatory/x-content-type-options-',
    { description: '', remedy: 'Send X-Content-Type-Options: nosniff.' },
  ],
  [
    'observatory/x-frame-options-',
    {
      description: '',
      remedy: "Send Content-Security-Policy: frame-ancestors 'none' (or 'self'), or X-Frame-Options: DENY.",
    },
  ],
  [
    'observatory/corp-',
    { description: '', remedy: 'Send Cross-Origin-Resource-Policy: same-origin, same-site or cross-origin.' },
  ],
  [
    'tls/protocol-',
    {
      description:
        'The server accepts a TLS protocol version that is deprecated (RFC 8996) and broken by known attacks.',
      remedy: 'Disable SSL 3.0, TLS 1.0 and TLS 1.1; offer TLS 1.2 and 1.3 only.',
    },
  ],
  [
    'tls/tls1.',
    {
      description: 'The server accepts TLS 1.0 or 1.1, deprecated by RFC 8996 and broken by known attacks.',
      remedy: 'Disable TLS 1.0 and 1.1; offer TLS 1.2 and 1.3 only.',
    },
  ],
  [
    'tls/no-tls1.2',
    {
      description: 'The server offers neither TLS 1.2 nor 1.3, so current clients cannot connect securely.',
      remedy: 'Enable TLS 1.2 and 1.3.',
    },
  ],
  [
    'tls/certificate-not-yet-valid',
    {
      description: 'The certificate is not valid yet (its notBefore is in the future); browsers refuse it.',
      remedy: "Check the issuing system's clock and serve a certificate that is valid now.",
    },
  ],
  [
    'tls/certificate-self-signed',
    {
      description: "The certificate is self-signed, so no client can tell it from an attacker's.",
      remedy: 'Serve a certificate from a publicly trusted CA (ACME).',
    },
  ],
  [
    'tls/certificate-untrusted',
    {
      description:
        'The certificate chain does not lead to a trusted root (unknown issuer or missing intermediate).',
      remedy: 'Serve the full chain from a publicly trusted CA.',
    },
  ],
  [
    'tls/certificate-expired',
    {
      description: 'The certificate is past its notAfter date; browsers refuse the connection.',
      remedy: 'Renew the certificate and automate renewal (ACME).',
    },
  ],
  [
    'tls/certificate-expiring-',
    {
      description: 'The certificate expires soon.',
      remedy: 'Renew the certificate before it expires and automate renewal (ACME).',
    },
  ],
  [
    'tls/hostname-mismatch',
    {
      description: "The certificate does not name the asset's host.",
      remedy: 'Serve a certificate whose subjectAltName covers the host.',
    },
  ],
  [
    'tls/chain-untrusted',
    {
      description:
        'The certificate chain does not lead to a trusted root (self-signed, unknown issuer or missing intermediate).',
      remedy: 'Serve the full chain from a publicly trusted CA.',
    },
  ],
  [
    'tls/',
    {
      description: 'The TLS configuration is weak.',
      remedy: 'Follow a current TLS configuration guide (TLS 1.2+, strong ciphers, valid certificate).',
    },
  ],
  [
    'exposed-files/',
    {
      description:
        'A file that should never be public is served (repository metadata, environment files, backups).',
      remedy:
        'Remove the file from the web root or deny the path in the server, and rotate any credential it held.',
    },
  ],
  [
    'security-txt/missing',
    {
      description: 'No /.well-known/security.txt (RFC 9116) tells researchers how to report a vulnerability.',
      remedy: 'Publish /.well-known/security.txt with Contact and Expires over HTTPS.',
    },
  ],
  [
    'security-txt/expired',
    {
      description: 'The security.txt Expires date has passed, so it must not be trusted (RFC 9116 §2.5.5).',
      remedy: 'Update Expires (less than a year ahead) and review the contacts.',
    },
  ],
  [
    'security-txt/',
    {
      description: 'The security.txt file does not follow RFC 9116.',
      remedy: 'Serve it as text/plain over HTTPS with at least one Contact and exactly one Expires.',
    },
  ],
  [
    'banner/',
    {
      description:
        'A response header discloses the exact server or framework version, which tells an attacker which known vulnerabilities to try.',
      remedy: 'Remove version numbers from Server, X-Powered-By and similar headers.',
    },
  ],
  [
    'directory-listing/',
    {
      description: 'The server lists the contents of a directory.',
      remedy: 'Turn off automatic directory indexes (autoindex, Options -Indexes).',
    },
  ],
];

export function ruleHelp(finding: Pick<ScanFinding, 'ruleId' | 'title'>): RuleHelp {
  let best: [string, RuleHelp] | undefined;
  for (const entry of FAMILIES) {
    if (finding.ruleId.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  const result = finding.ruleId.startsWith('observatory/') ? finding.ruleId.slice('observatory/'.length) : '';
  const description = OBSERVATORY_RULES[result]?.description || best?.[1].description || `${finding.title}.`;
  return { description, remedy: best?.[1].remedy ?? 'See the finding for what was observed.' };
}
