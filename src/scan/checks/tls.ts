/**
 * scan/checks/tls: protocol versions and the certificate (testssl's checks, reference/scan.md
 * §2): TLS 1.0 / 1.1 accepted, no TLS 1.2 or later, expired or not yet valid, expiring within
 * 30 or 60 days (testssl's DAYS2WARN), a name that does not match the host, and a chain that
 * does not lead to a trusted root (self-signed or untrusted).
 */
import { textEvidence } from '../evidence.js';
import type { CertificateFacts, Check, CheckContext, ScanFinding, ScanSeverity } from '../types.js';
import { certificateFacts, isSelfSigned } from './certificate.js';
import { probeTls, type TlsProbe } from './tls-probe.js';

export const TLS_RULES = [
  'unavailable',
  'tls1.0-accepted',
  'tls1.1-accepted',
  'no-tls1.2',
  'certificate-expired',
  'certificate-not-yet-valid',
  'certificate-expiring-30d',
  'certificate-expiring-60d',
  'hostname-mismatch',
  'certificate-self-signed',
  'certificate-untrusted',
] as const;
type TlsRule = (typeof TLS_RULES)[number];

export const tlsCheck: Check = async (context) => {
  const probe = await probeTls(context);
  const finding = (rule: TlsRule, severity: ScanSeverity, title: string, message: string, detail: string) =>
    tlsFinding(context, probe, { rule, severity, title, message, detail });
  if (!probe.main.ok) {
    return [
      finding(
        'unavailable',
        'medium',
        'No TLS handshake',
        `No TLS handshake with ${context.httpsUrl} completed (${probe.main.error}).`,
        `error: ${probe.main.error}`,
      ),
    ];
  }
  const findings = protocolFindings(probe, finding);
  const facts = await certificateFacts(context);
  if (facts) findings.push(...certificateFindings(context, probe, facts, finding));
  return findings;
};

type Make = (
  rule: TlsRule,
  severity: ScanSeverity,
  title: string,
  message: string,
  detail: string,
) => ScanFinding;

function protocolFindings(probe: TlsProbe, finding: Make): ScanFinding[] {
  const out: ScanFinding[] = [];
  for (const [version, rule] of [
    ['TLSv1', 'tls1.0-accepted'],
    ['TLSv1.1', 'tls1.1-accepted'],
  ] as const) {
    if (probe.offered[version] !== true) continue;
    out.push(
      finding(
        rule,
        'medium',
        `${version.replace('v', ' ')} accepted`,
        `The server completes a handshake limited to ${version}, a deprecated protocol (RFC 8996).`,
        `offered: ${offered(probe)}`,
      ),
    );
  }
  if (probe.offered['TLSv1.2'] === false && probe.offered['TLSv1.3'] === false) {
    out.push(
      finding(
        'no-tls1.2',
        'high',
        'No TLS 1.2 or 1.3',
        'The server accepts neither TLS 1.2 nor TLS 1.3.',
        `offered: ${offered(probe)}`,
      ),
    );
  }
  return out;
}

function certificateFindings(
  context: CheckContext,
  probe: TlsProbe,
  facts: CertificateFacts,
  finding: Make,
): ScanFinding[] {
  const out: ScanFinding[] = [];
  const detail = describe(facts);
  const now = context.now.getTime();
  if (Date.parse(facts.validTo) < now) {
    out.push(
      finding(
        'certificate-expired',
        'high',
        'Certificate expired',
        `The certificate expired on ${facts.validTo}.`,
        detail,
      ),
    );
  } else if (Date.parse(facts.validFrom) > now) {
    out.push(
      finding(
        'certificate-not-yet-valid',
        'high',
        'Certificate not yet valid',
        `The certificate is valid only from ${facts.validFrom}.`,
        detail,
      ),
    );
  } else if (facts.daysLeft < 30) {
    out.push(
      finding(
        'certificate-expiring-30d',
        'medium',
        'Certificate expires within 30 days',
        `The certificate expires in ${facts.daysLeft} days (${facts.validTo}).`,
        detail,
      ),
    );
  } else if (facts.daysLeft < 60) {
    out.push(
      finding(
        'certificate-expiring-60d',
        'low',
        'Certificate expires within 60 days',
        `The certificate expires in ${facts.daysLeft} days (${facts.validTo}).`,
        detail,
      ),
    );
  }
  if (!facts.hostnameMatches) {
    out.push(
      finding(
        'hostname-mismatch',
        'high',
        'Certificate does not match the host',
        `The certificate is not valid for ${context.host}.`,
        detail,
      ),
    );
  }
  if (!facts.chainVerified) {
    const self = probe.main.cert ? isSelfSigned(probe.main.cert) : false;
    out.push(
      self
        ? finding(
            'certificate-self-signed',
            'high',
            'Self-signed certificate',
            'The certificate is self-signed and not issued by a trusted authority.',
            detail,
          )
        : finding(
            'certificate-untrusted',
            'high',
            'Certificate chain not trusted',
            `The certificate chain does not lead to a trusted root (${probe.main.authorizationError ?? 'unverified'}).`,
            detail,
          ),
    );
  }
  return out;
}

function tlsFinding(
  context: CheckContext,
  probe: TlsProbe,
  f: { rule: TlsRule; severity: ScanSeverity; title: string; message: string; detail: string },
): ScanFinding {
  return {
    ruleId: `tls/${f.rule}`,
    check: 'tls',
    severity: f.severity,
    title: f.title,
    message: f.message,
    url: context.httpsUrl,
    evidence: textEvidence(`TLS handshake ${new URL(probe.url).host}`, f.detail),
  };
}

function offered(probe: TlsProbe): string {
  return Object.entries(probe.offered)
    .map(([v, ok]) => `${v}=${ok ? 'yes' : 'no'}`)
    .join(' ');
}

function describe(facts: CertificateFacts): string {
  return [
    `subject: ${facts.subject}`,
    `issuer: ${facts.issuer}`,
    `valid: ${facts.validFrom} .. ${facts.validTo}`,
    `altNames: ${facts.altNames.join(', ')}`,
    `sha256: ${facts.sha256}`,
  ].join('\n');
}
