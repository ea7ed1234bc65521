/**
 * scan/checks/certificate: the facts about the site's certificate that the report keeps and
 * the TLS check judges. The chain is walked here, signature by signature, up to a trusted
 * root (the system's and the scan's extra CA), independently of OpenSSL's one-line verdict:
 * OpenSSL reports only its last error, so an expired self-signed certificate would read as
 * merely "expired". Validity dates are judged separately (expiry is its own finding).
 */
import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, type DetailedPeerCertificate, rootCertificates } from 'node:tls';
import type { CertificateFacts, CheckContext } from '../types.js';
import { probeTls, VERSIONS } from './tls-probe.js';

const DAY_MS = 86_400_000;

export async function certificateFacts(context: CheckContext): Promise<CertificateFacts | undefined> {
  const probe = await probeTls(context);
  const peer = probe?.main.cert;
  if (!probe?.main.ok || !peer?.raw) return undefined;
  const cert = new X509Certificate(peer.raw);
  const validTo = new Date(cert.validTo);
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - context.now.getTime()) / DAY_MS),
    sha256: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
    altNames: (cert.subjectAltName ?? '').split(/,\s*/).filter(Boolean),
    hostnameMatches: checkServerIdentity(context.host.replace(/^\[|\]$/g, ''), peer) === undefined,
    chainVerified: chainVerified(peer, anchors(context.ca)),
    protocols: VERSIONS.filter((v) => probe.offered[v] === true),
  };
}

/** True when the certificate signed itself (and is not a root the scan trusts). */
export function isSelfSigned(peer: DetailedPeerCertificate): boolean {
  const cert = new X509Certificate(peer.raw);
  return cert.checkIssued(cert) && cert.verify(cert.publicKey);
}

function chainVerified(leaf: DetailedPeerCertificate, trusted: X509Certificate[]): boolean {
  let node = leaf;
  for (let depth = 0; depth < 10; depth++) {
    const cert = new X509Certificate(node.raw);
    if (trusted.some((t) => t.fingerprint256 === cert.fingerprint256)) return true;
    if (trusted.some((t) => t.ca && cert.checkIssued(t) && cert.verify(t.publicKey))) return true;
    const next = node.issuerCertificate;
    if (!next?.raw || next.fingerprint256 === node.fingerprint256) return false;
    const issuer = new X509Certificate(next.raw);
    if (!issuer.ca || !cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) return false;
    node = next;
  }
  return false;
}

let systemRoots: X509Certificate[] | undefined;

function anchors(extraPem: string | undefined): X509Certificate[] {
  systemRoots ??= rootCertificates.map((pem) => new X509Certificate(pem));
  const extra = (extraPem ?? '').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return [...systemRoots, ...extra.map((pem) => new X509Certificate(pem))];
}

/** X509Certificate names are one attribute per line. */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}
