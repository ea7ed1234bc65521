import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GradedSite, startGradedSite } from '../../../test/scan/graded-site.js';
import { EVIDENCE_LIMIT } from '../types.js';
import { observatoryFindings, severityOf } from './observatory-findings.js';

const GOOD: [string, string][] = [
  ['Content-Type', 'text/html; charset=utf-8'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Strict-Transport-Security', 'max-age=31536000'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
];

describe('observatoryFindings over real loopback responses', () => {
  let site: GradedSite;
  beforeAll(async () => {
    site = await startGradedSite();
  });
  afterAll(async () => {
    await site.close();
  });

  it('a site that passes every test has no findings', async () => {
    const { result, retrieval } = await site.grade({ name: 'good', headers: GOOD }, 5);
    expect(result.score).toBe(130);
    expect(observatoryFindings(result, retrieval)).toEqual([]);
  });

  it('each failing test is one finding with its severity, the graded URL and the header as evidence', async () => {
    const headers = GOOD.filter(
      ([n]) => n !== 'Content-Security-Policy' && n !== 'Strict-Transport-Security',
    );
    headers.push(['Set-Cookie', 'sessionid=SECRETVALUE123; Path=/']);
    // A reflected Origin with credentials grades as restricted access (as on 1.4.8): no finding here.
    const { result, retrieval } = await site.grade({ name: 'bad', headers, corsReflect: true }, 5);
    const findings = observatoryFindings(result, retrieval);
    const byRule = Object.fromEntries(findings.map((f) => [f.ruleId, f]));
    expect(Object.keys(byRule).sort()).toEqual([
      'observatory/cookies-session-without-secure-flag',
      'observatory/csp-not-implemented',
      'observatory/hsts-not-implemented',
      'observatory/x-frame-options-not-implemented',
    ]);
    const cookie = byRule['observatory/cookies-session-without-secure-flag'];
    expect(cookie).toMatchObject({ check: 'observatory', severity: 'high', url: site.httpsUrl });
    expect(cookie?.message).toContain('(cookies: cookies-session-without-secure-flag, -40)');
    // The cookie's name and attributes are evidence; its value is a credential and never kept.
    expect(cookie?.evidence?.headers).toEqual([['Set-Cookie', 'sessionid=…; Path=/']]);
    expect(JSON.stringify(findings)).not.toContain('SECRETVALUE123');
    expect(byRule['observatory/csp-not-implemented']).toMatchObject({
      severity: 'medium',
      title: 'Content-Security-Policy missing',
      evidence: { request: `GET ${site.httpsUrl}`, status: 200 },
    });
    expect(byRule['observatory/csp-not-implemented']?.evidence?.headers).toBeUndefined();
  });

  it('a passing result that still costs points is a low finding; the redirect chain is evidence', async () => {
    const csp = "default-src 'self'; img-src 'self' http:; frame-ancestors 'none'";
    const headers = GOOD.map(([n, v]): [string, string] => [n, n === 'Content-Security-Policy' ? csp : v]);
    const { result, retrieval } = await site.grade({ name: 'passive', headers, http: 'http-hop' }, 5);
    const findings = observatoryFindings(result, retrieval);
    const passive = findings.find((f) => f.ruleId.includes('passive-content-only'));
    expect(result.tests['content-security-policy'].pass).toBe(true);
    expect(passive?.severity).toBe('low');
    expect(passive?.evidence?.headers).toEqual([['Content-Security-Policy', csp]]);
    const redirect = findings.find(
      (f) => f.ruleId === 'observatory/redirection-not-to-https-on-initial-redirection',
    );
    expect(redirect?.url).toBe(site.httpUrl);
    expect(redirect?.evidence?.bodyExcerpt).toBe(
      `redirect chain: ${site.httpUrl} -> ${site.httpUrl}next -> ${site.httpsUrl}`,
    );
  });

  it('SRI evidence lists the script tags, and evidence stays within 5 KB for a huge header', async () => {
    const huge = `default-src 'self'; script-src 'unsafe-inline' ${'https://a.example '.repeat(600)}; frame-ancestors 'none'`;
    const headers = GOOD.map(([n, v]): [string, string] => [n, n === 'Content-Security-Policy' ? huge : v]);
    const body = '<html><head><script src="http://cdn.example.com/x.js"></script></head></html>';
    const { result, retrieval } = await site.grade({ name: 'sri', headers, body }, 5);
    const findings = observatoryFindings(result, retrieval);
    const sri = findings.find((f) => f.check === 'observatory' && f.ruleId.includes('sri-'));
    expect(sri?.ruleId).toBe('observatory/sri-not-implemented-and-external-scripts-not-loaded-securely');
    expect(sri?.evidence?.bodyExcerpt).toBe('<script src="http://cdn.example.com/x.js">');
    for (const f of findings) {
      expect(Buffer.byteLength(JSON.stringify(f.evidence), 'utf8')).toBeLessThanOrEqual(EVIDENCE_LIMIT);
    }
    const csp = findings.find((f) => f.ruleId === 'observatory/csp-implemented-with-unsafe-inline');
    expect(csp?.evidence?.truncated).toBe(true);
    expect(csp?.evidence?.headers?.[0]?.[1]).toMatch(/^default-src 'self'; script-src 'unsafe-inline' https/);
  });
});

describe('severityOf', () => {
  it('ranks by the score modifier', () => {
    expect([-50, -40, -30, -25, -20, -10, -5, 0].map(severityOf)).toEqual([
      'high',
      'high',
      'medium',
      'medium',
      'medium',
      'low',
      'low',
      'info',
    ]);
  });
});
