/**
 * test/servers/test-ca: a throw-away certificate authority made inside the test (node:crypto
 * keys, node-forge for the X.509 encoding), and leaf certificates it signs for loopback names
 * and addresses. Nothing is read from disk or the network.
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface TestCa {
  certPem: string;
  keyPem: string;
  issue(options: LeafOptions): LeafCert;
}

export interface LeafOptions {
  dns?: string[];
  ips?: string[];
  /** Days from now; negative for an already expired certificate. */
  notAfterDays?: number;
  notBeforeDays?: number;
}

export interface LeafCert {
  certPem: string;
  keyPem: string;
}

function keyPair(): {
  privatePem: string;
  publicKey: forge.pki.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
} {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(privatePem) as forge.pki.rsa.PrivateKey;
  const publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  return { privatePem, publicKey, privateKey: forgeKey };
}

function serial(): string {
  return `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
}

function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * 86_400_000);
}

/** A leaf that signs itself (no CA at all): what `openssl req -x509` makes for a quick site. */
export function selfSignedCert(options: LeafOptions = {}): LeafCert {
  const leaf = keyPair();
  const c = forge.pki.createCertificate();
  c.publicKey = leaf.publicKey;
  c.serialNumber = serial();
  c.validity.notBefore = daysFromNow(options.notBeforeDays ?? -1);
  c.validity.notAfter = daysFromNow(options.notAfterDays ?? 365);
  const attrs = [{ name: 'commonName', value: options.dns?.[0] ?? options.ips?.[0] ?? 'localhost' }];
  c.setSubject(attrs);
  c.setIssuer(attrs);
  c.setExtensions([{ name: 'subjectAltName', altNames: altNamesOf(options) }]);
  c.sign(leaf.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(c), keyPem: leaf.privatePem };
}

function altNamesOf(options: LeafOptions) {
  return [
    ...(options.dns ?? []).map((value) => ({ type: 2, value })),
    ...(options.ips ?? []).map((ip) => ({ type: 7, ip })),
  ];
}

export function createTestCa(name = 'trust test CA'): TestCa {
  const ca = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = ca.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = daysFromNow(-1);
  cert.validity.notAfter = daysFromNow(3650);
  const attrs = [{ name: 'commonName', value: name }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(ca.privateKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  return {
    certPem,
    keyPem: ca.privatePem,
    issue(options) {
      const leaf = keyPair();
      const c = forge.pki.createCertificate();
      c.publicKey = leaf.publicKey;
      c.serialNumber = serial();
      c.validity.notBefore = daysFromNow(options.notBeforeDays ?? -1);
      c.validity.notAfter = daysFromNow(options.notAfterDays ?? 365);
      const cn = options.dns?.[0] ?? options.ips?.[0] ?? 'localhost';
      c.setSubject([{ name: 'commonName', value: cn }]);
      c.setIssuer(attrs);
      const altNames = altNamesOf(options);
      c.setExtensions([
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames },
      ]);
      c.sign(ca.privateKey, forge.md.sha256.create());
      return { certPem: forge.pki.certificateToPem(c), keyPem: leaf.privatePem };
    },
  };
}
