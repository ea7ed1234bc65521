import { describe, expect, it } from 'vitest';
import { scoreModifier } from '../observatory/grade.js';
import { complianceOf, FALLBACK, withCompliance } from './compliance.js';
import { OBSERVATORY_RULES } from './observatory-rules.js';

describe('complianceOf', () => {
  it('maps the reference table (scan.md §4) by rule id', () => {
    expect(complianceOf('observatory/csp-not-implemented')).toEqual({
      cwe: ['CWE-693'],
      owaspTop10_2021: ['A05:2021'],
      owaspApiTop10_2023: ['API8:2023'],
      pciDss4: ['6.4.3', '11.6.1'],
      nistCsf2: ['PR.PS-01'],
    });
    expect(complianceOf('observatory/x-frame-options-not-implemented')).toMatchObject({
      cwe: ['CWE-1021'],
      owaspTop10_2021: ['A04:2021'],
      owaspApiTop10_2023: [],
    });
    expect(complianceOf('observatory/hsts-not-implemented').cwe).toEqual(['CWE-319']);
    expect(complianceOf('observatory/hsts-invalid-cert').cwe).toEqual(['CWE-295']);
    expect(complianceOf('observatory/cookies-session-without-httponly-flag').cwe).toEqual(['CWE-1004']);
    expect(complianceOf('observatory/cookies-session-without-secure-flag').cwe).toEqual(['CWE-614']);
    expect(complianceOf('observatory/cookies-samesite-flag-invalid')).toMatchObject({
      cwe: ['CWE-1275'],
      owaspTop10_2021: ['A01:2021'],
    });
    expect(
      complianceOf('observatory/sri-not-implemented-and-external-scripts-not-loaded-securely'),
    ).toMatchObject({
      cwe: ['CWE-353', 'CWE-829'],
      owaspTop10_2021: ['A08:2021'],
      nistCsf2: ['GV.SC-07'],
    });
  });

  it('maps the other checks by prefix', () => {
    expect(complianceOf('tls/protocol-tls1.0').cwe).toEqual(['CWE-326', 'CWE-327']);
    expect(complianceOf('tls/certificate-expired').cwe).toEqual(['CWE-324', 'CWE-298']);
    expect(complianceOf('tls/certificate-expiring-30d').pciDss4).toEqual(['4.2.1', '4.2.1.1']);
    expect(complianceOf('tls/hostname-mismatch').cwe).toEqual(['CWE-297', 'CWE-295']);
    expect(complianceOf('tls/chain-untrusted').owaspTop10_2021).toEqual(['A02:2021', 'A07:2021']);
    // The ids the TLS check writes.
    expect(complianceOf('tls/tls1.0-accepted').cwe).toEqual(['CWE-326', 'CWE-327']);
    expect(complianceOf('tls/no-tls1.2').cwe).toEqual(['CWE-326', 'CWE-327']);
    expect(complianceOf('tls/certificate-self-signed').cwe).toEqual(['CWE-295']);
    expect(complianceOf('tls/certificate-untrusted').cwe).toEqual(['CWE-295']);
    expect(complianceOf('tls/certificate-not-yet-valid').cwe).toEqual(['CWE-298']);
    expect(complianceOf('exposed-files/git-head').cwe).toEqual(['CWE-538']);
    expect(complianceOf('exposed-files/env').pciDss4).toContain('8.3.2');
    expect(complianceOf('security-txt/missing')).toEqual({
      cwe: [],
      owaspTop10_2021: [],
      owaspApiTop10_2023: [],
      pciDss4: [],
      nistCsf2: ['ID.RA-08'],
    });
    expect(complianceOf('banner/version-disclosed')).toMatchObject({
      cwe: ['CWE-497'],
      nistCsf2: ['PR.PS-02'],
    });
    expect(complianceOf('directory-listing/enabled').cwe).toEqual(['CWE-548']);
  });

  it('an unknown rule id still gets a CWE; an unknown Observatory result the header mapping', () => {
    expect(complianceOf('brand-new-check/whatever')).toEqual(FALLBACK);
    expect(complianceOf('brand-new-check/whatever').cwe).toEqual(['CWE-693']);
    expect(complianceOf('observatory/coop-header-invalid').cwe).toEqual(['CWE-693']);
  });

  it('every Observatory result that costs points or fails has a mapping with a CWE', () => {
    for (const result of Object.keys(OBSERVATORY_RULES)) {
      expect(scoreModifier(result, 5)).toBeTypeOf('number');
      expect(complianceOf(`observatory/${result}`).cwe.length, result).toBeGreaterThan(0);
    }
  });

  it('withCompliance fills the field and returns a copy; the table is not shared', () => {
    const finding = {
      ruleId: 'banner/version-disclosed',
      check: 'banner',
      severity: 'low' as const,
      title: 'Server version disclosed',
      message: 'Server: nginx/1.25.3',
      url: 'https://shop.example/',
    };
    const mapped = withCompliance(finding);
    expect(finding).not.toHaveProperty('compliance');
    mapped.compliance?.cwe.push('CWE-1');
    expect(complianceOf('banner/version-disclosed').cwe).toEqual(['CWE-497']);
  });
});
