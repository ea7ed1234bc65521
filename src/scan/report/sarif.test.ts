import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sarifSchemaErrors } from '../../../test/helpers/sarif-schema.js';
import { type GradedSite, startGradedSite } from '../../../test/scan/graded-site.js';
import { reportFrom } from '../../../test/scan/report-fixture.js';
import { FINGERPRINT_KEY, fingerprintOf, scanSarif } from './sarif.js';

const WEAK: [string, string][] = [
  ['Content-Type', 'text/html'],
  ['Set-Cookie', 'sessionid=abc; Secure'],
  ['X-Frame-Options', 'DENY'],
];

describe('scanSarif', () => {
  let site: GradedSite;
  beforeAll(async () => {
    site = await startGradedSite();
  });
  afterAll(async () => {
    await site.close();
  });

  it('writes URL locations, rules with help and compliance tags, levels from severity', async () => {
    const report = reportFrom(await site.grade({ name: 'weak', headers: WEAK }, 5));
    const log = scanSarif([report]);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    const rules = run?.tool.driver.rules ?? [];
    const results = run?.results ?? [];
    expect(results).toHaveLength(report.findings.length);
    const httpOnly = results.find((r) => r.ruleId === 'observatory/cookies-session-without-httponly-flag');
    expect(httpOnly).toMatchObject({
      level: 'warning',
      kind: 'fail',
      locations: [{ physicalLocation: { artifactLocation: { uri: site.httpsUrl } } }],
      webRequest: { method: 'GET', target: site.httpsUrl },
      webResponse: { statusCode: 200, headers: { 'Set-Cookie': 'sessionid=…; Secure' } },
    });
    const rule = rules[httpOnly?.ruleIndex ?? -1];
    expect(rule?.id).toBe('observatory/cookies-session-without-httponly-flag');
    expect(rule?.name).toBe('ObservatoryCookiesSessionWithoutHttponlyFlag');
    expect(rule?.help?.text).toContain('CWE: CWE-1004');
    expect(rule?.help?.markdown).toContain('- PCI DSS 4.0: 6.2.4');
    expect(rule?.properties?.tags).toEqual(
      expect.arrayContaining([
        'security',
        'external/cwe/cwe-1004',
        'owasp-top10-2021/A05',
        'pci-dss-4.0/6.2.4',
      ]),
    );
    expect(rule?.properties?.['security-severity']).toBe('5.5');
    const csp = results.find((r) => r.ruleId === 'observatory/csp-not-implemented');
    expect(csp?.level).toBe('warning');
    const xcto = results.find((r) => r.ruleId === 'observatory/x-content-type-options-not-implemented');
    expect(xcto?.level).toBe('note');
    expect(run?.invocations?.[0]?.properties).toMatchObject({
      grade: report.observatory.grade,
      algorithm: 5,
    });
  });

  it('fingerprints are stable across scans and ignore the query, but not the rule or the path', async () => {
    const first = scanSarif([reportFrom(await site.grade({ name: 'a', headers: WEAK }, 5))]);
    const second = scanSarif([
      reportFrom(await site.grade({ name: 'b', headers: WEAK }, 5), { at: '2026-12-04T03:00:00.000Z' }),
    ]);
    const prints = (log: typeof first) =>
      (log.runs[0]?.results ?? []).map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]);
    expect(prints(first)).toEqual(prints(second));
    expect(new Set(prints(first)).size).toBe(prints(first).length);
    const f = { ruleId: 'tls/certificate-expired', url: 'https://a.example/' };
    expect(fingerprintOf({ ...f, url: 'https://a.example/?t=1' })).toBe(fingerprintOf(f));
    expect(fingerprintOf({ ...f, url: 'https://a.example/x' })).not.toBe(fingerprintOf(f));
    expect(fingerprintOf({ ...f, ruleId: 'tls/chain-untrusted' })).not.toBe(fingerprintOf(f));
  });

  it('a rule describes itself the same way whatever the finding says this time', async () => {
    const graded = await site.grade({ name: 'w', headers: WEAK }, 5);
    const tls = (days: number) => ({
      ruleId: 'tls/certificate-expiring-30d',
      check: 'tls',
      severity: 'medium' as const,
      title: 'Certificate expires within 30 days',
      message: `It expires in ${days} days.`,
      url: site.httpsUrl,
    });
    const rule = (days: number) =>
      scanSarif([reportFrom(graded, { findings: [tls(days)] })]).runs[0]?.tool.driver.rules?.find(
        (r) => r.id === 'tls/certificate-expiring-30d',
      );
    expect(rule(12)).toEqual(rule(3));
    expect(rule(12)?.fullDescription?.text).toBe('The certificate expires soon.');
    expect(rule(12)?.help?.text).toContain('Fix: Renew the certificate');
    const csp = scanSarif([reportFrom(graded)]).runs[0]?.tool.driver.rules?.find(
      (r) => r.id === 'observatory/csp-not-implemented',
    );
    expect(csp?.fullDescription?.text).toMatch(/^The page sends no Content Security Policy/);
    expect(csp?.help?.markdown).toContain('**Fix:** Send a Content-Security-Policy');
  });

  it('several assets share one rule table', async () => {
    const a = reportFrom(await site.grade({ name: 'a', headers: WEAK }, 5));
    const b = { ...a, asset: { ...a.asset, url: 'https://b.example' } };
    const run = scanSarif([a, b]).runs[0];
    expect(run?.results).toHaveLength(a.findings.length * 2);
    expect(run?.tool.driver.rules).toHaveLength(a.findings.length);
    expect(run?.invocations).toHaveLength(2);
  });
});

describe('scanSarif against the SARIF 2.1.0 schema', () => {
  let site: GradedSite;
  beforeAll(async () => {
    site = await startGradedSite();
  });
  afterAll(async () => {
    await site.close();
  });

  it('a real report, with findings of every check, validates', async () => {
    const headers: [string, string][] = [
      ['Content-Type', 'text/html'],
      ['Set-Cookie', 'sessionid=abc'],
    ];
    const body = '<html><head><script src="http://cdn.example.com/x.js"></script></head></html>';
    const report = reportFrom(await site.grade({ name: 'worst', headers, body, http: 'serve' }, 5), {
      findings: [
        {
          ruleId: 'tls/certificate-expiring-30d',
          check: 'tls',
          severity: 'medium',
          title: 'Certificate expires in 12 days',
          message: 'The certificate of 127.0.0.1 expires on 2026-12-15.',
          url: site.httpsUrl,
        },
        {
          ruleId: 'exposed-files/git-head',
          check: 'exposed-files',
          severity: 'high',
          title: '/.git/HEAD is served',
          message: 'The repository metadata is public.',
          url: `${site.httpsUrl}.git/HEAD`,
          evidence: {
            request: `GET ${site.httpsUrl}.git/HEAD`,
            status: 200,
            bodyExcerpt: 'ref: refs/heads/main',
            secrets: ['github-token'],
            truncated: true,
          },
        },
      ],
    });
    const log = scanSarif([report]);
    expect(log.runs[0]?.results?.length).toBeGreaterThan(5);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(sarifSchemaErrors(scanSarif([]))).toEqual([]);
  });

  it('the validator is real: a broken log is rejected with the path of the problem', () => {
    const log = scanSarif([]) as unknown as { runs: { results: unknown[] }[] };
    log.runs[0]?.results.push({
      message: { text: 'x' },
      level: 'fatal',
      locations: [{ physicalLocation: { region: { startLine: 0 } } }],
    });
    const errors = sarifSchemaErrors(log);
    expect(errors).toContain('/runs/0/results/0/level must be equal to one of the allowed values');
    expect(errors.some((e) => e.startsWith('/runs/0/results/0/locations/0/physicalLocation'))).toBe(true);
  });
});
