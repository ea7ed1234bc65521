import { afterEach, describe, expect, it } from 'vitest';
import { scanContext } from '../../../test/helpers/scan-context.js';
import { type ScanSite, type SiteOptions, startScanSite } from '../../../test/servers/scan-site.js';
import { createTestCa, selfSignedCert } from '../../../test/servers/test-ca.js';
import { BudgetError } from '../http-client.js';
import { certificateFacts } from './certificate.js';
import { tlsCheck } from './tls.js';

const ca = createTestCa();
const sites: ScanSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

async function scan(tls: NonNullable<SiteOptions['tls']>, options: { budget?: number; trust?: string } = {}) {
  const site = await startScanSite(() => ({ body: 'ok' }), { tls, noHttp: true });
  sites.push(site);
  const context = await scanContext(site, { ca: options.trust ?? ca.certPem, budget: options.budget });
  return { site, context, findings: await tlsCheck(context), facts: await certificateFacts(context) };
}

const rules = (findings: { ruleId: string }[]) => findings.map((f) => f.ruleId).sort();

describe('tls check', () => {
  it('a current certificate from a trusted CA on TLS 1.2+ has no findings and full facts', async () => {
    const { findings, facts, context } = await scan(ca.issue({ ips: ['127.0.0.1'], notAfterDays: 200 }));
    expect(rules(findings)).toEqual([]);
    expect(facts).toMatchObject({ hostnameMatches: true, chainVerified: true, issuer: 'CN=trust test CA' });
    expect(facts?.protocols).toEqual(['TLSv1.2', 'TLSv1.3']);
    expect(facts?.daysLeft).toBeGreaterThanOrEqual(199);
    expect(facts?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(facts?.altNames).toContain('IP Address:127.0.0.1');
    // One default handshake, then TLS 1.0, 1.1 and 1.2 (1.3 was the default's): all counted.
    expect(context.client.handshakes).toHaveLength(4);
  });

  it('TLS 1.0 and 1.1 accepted (server at @SECLEVEL=0) are findings', async () => {
    const { findings, facts } = await scan({
      ...ca.issue({ ips: ['127.0.0.1'] }),
      minVersion: 'TLSv1',
      ciphers: 'DEFAULT:@SECLEVEL=0',
    });
    expect(rules(findings)).toEqual(['tls/tls1.0-accepted', 'tls/tls1.1-accepted']);
    expect(facts?.protocols).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    expect(findings[0]?.evidence?.bodyExcerpt).toContain('TLSv1=yes');
  });

  it('a server with nothing newer than TLS 1.1 is a no-tls1.2 finding', async () => {
    const { findings } = await scan({
      ...ca.issue({ ips: ['127.0.0.1'] }),
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT:@SECLEVEL=0',
    });
    expect(rules(findings)).toEqual(['tls/no-tls1.2', 'tls/tls1.0-accepted', 'tls/tls1.1-accepted']);
  });

  it('an expired certificate', async () => {
    const { findings, facts } = await scan(
      ca.issue({ ips: ['127.0.0.1'], notBeforeDays: -90, notAfterDays: -2 }),
    );
    expect(rules(findings)).toEqual(['tls/certificate-expired']);
    expect(facts?.daysLeft).toBeLessThan(0);
    // Expired, but the chain itself still leads to the trusted CA.
    expect(facts?.chainVerified).toBe(true);
  });

  it('a 20-day certificate warns at 30 days, a 45-day one at 60', async () => {
    expect(rules((await scan(ca.issue({ ips: ['127.0.0.1'], notAfterDays: 20 }))).findings)).toEqual([
      'tls/certificate-expiring-30d',
    ]);
    const later = await scan(ca.issue({ ips: ['127.0.0.1'], notAfterDays: 45 }));
    expect(rules(later.findings)).toEqual(['tls/certificate-expiring-60d']);
    expect(later.findings[0]?.severity).toBe('low');
  });

  it('a certificate for another host is a hostname mismatch', async () => {
    const { findings, facts } = await scan(ca.issue({ dns: ['wrong.example'] }));
    expect(rules(findings)).toEqual(['tls/hostname-mismatch']);
    expect(facts).toMatchObject({ hostnameMatches: false, chainVerified: true });
  });

  it('a self-signed certificate', async () => {
    const { findings, facts } = await scan(selfSignedCert({ ips: ['127.0.0.1'] }));
    expect(rules(findings)).toEqual(['tls/certificate-self-signed']);
    expect(facts).toMatchObject({ hostnameMatches: true, chainVerified: false });
  });

  it('an expired self-signed certificate is both (OpenSSL alone would report only the expiry)', async () => {
    const { findings } = await scan(
      selfSignedCert({ ips: ['127.0.0.1'], notBeforeDays: -30, notAfterDays: -1 }),
    );
    expect(rules(findings)).toEqual(['tls/certificate-expired', 'tls/certificate-self-signed']);
  });

  it('a certificate from a CA the scan does not trust', async () => {
    const other = createTestCa('some other CA');
    const { findings } = await scan(other.issue({ ips: ['127.0.0.1'] }));
    expect(rules(findings)).toEqual(['tls/certificate-untrusted']);
  });

  it('no TLS on the port is one finding, not a crash', async () => {
    const site = await startScanSite(() => ({ body: 'plain' }));
    sites.push(site);
    const context = await scanContext(site, { noRetrieval: true });
    const findings = await tlsCheck({ ...context, httpsUrl: `https://${site.host}:${site.httpPort}/` });
    expect(rules(findings)).toEqual(['tls/unavailable']);
  });

  it('the handshakes count against the request budget', async () => {
    const site = await startScanSite(() => ({ body: 'ok' }), {
      tls: ca.issue({ ips: ['127.0.0.1'] }),
      noHttp: true,
    });
    sites.push(site);
    const context = await scanContext(site, { ca: ca.certPem, budget: 2, noRetrieval: true });
    await expect(tlsCheck(context)).rejects.toBeInstanceOf(BudgetError);
    expect(context.client.used).toBe(2);
  });
});
