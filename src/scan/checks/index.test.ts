import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanContext } from '../../../test/helpers/scan-context.js';
import { type Handler, type ScanSite, startScanSite } from '../../../test/servers/scan-site.js';
import { createTestCa } from '../../../test/servers/test-ca.js';
import { BudgetError } from '../http-client.js';
import { type CheckContext, EVIDENCE_LIMIT, type ScanFinding } from '../types.js';
import { CHECK_RULE_IDS, CHECKS, certificateFacts } from './index.js';

const CANARY = `sk-ant-api03-${'Qw9'.repeat(30)}ZZ`;
const HTML = [['Content-Type', 'text/html']] as [string, string][];

// Everything wrong at once: what a neglected site looks like.
const bad: Handler = ({ path }) => {
  if (path === '/')
    return {
      headers: [...HTML, ['Server', 'Apache/2.4.41 (Ubuntu)']],
      body: `<html><script src="/static/app.js"></script><script>const key = "${CANARY}";</script></html>`,
    };
  if (path === '/.git/HEAD') return { body: 'ref: refs/heads/main\n' };
  if (path === '/.env') return { body: `APP_ENV=prod\nANTHROPIC_API_KEY=${CANARY}\n` };
  if (path === '/static/')
    return { headers: HTML, body: '<title>Index of /static</title><a href="app.js">app.js</a>' };
  return { status: 404, body: 'not found' };
};

const ca = createTestCa();
let site: ScanSite;
beforeAll(async () => {
  site = await startScanSite(bad, {
    tls: {
      ...ca.issue({ ips: ['127.0.0.1'], notAfterDays: 20 }),
      minVersion: 'TLSv1',
      ciphers: 'DEFAULT:@SECLEVEL=0',
    },
  });
});
afterAll(() => site.close());

async function runAll(context: CheckContext): Promise<ScanFinding[]> {
  const findings: ScanFinding[] = [];
  for (const check of CHECKS) findings.push(...(await check(context)));
  const facts = await certificateFacts(context);
  expect(JSON.stringify(facts)).not.toContain(CANARY);
  return findings;
}

describe('CHECKS against one neglected site', () => {
  it('find each problem, under rule ids the report knows, with evidence under 5 KB and the canary redacted', async () => {
    site.log.length = 0;
    const findings = await runAll(await scanContext(site, { ca: ca.certPem }));
    const ids = findings.map((f) => f.ruleId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'tls/tls1.0-accepted',
        'tls/tls1.1-accepted',
        'tls/certificate-expiring-30d',
        'exposed-files/git-head',
        'exposed-files/env',
        'security-txt/missing',
        'banner/server-version',
        'directory-listing/enabled',
      ]),
    );
    for (const id of ids) expect(CHECK_RULE_IDS).toContain(id);
    for (const f of findings) {
      expect(f.ruleId.startsWith(`${f.check}/`)).toBe(true);
      if (f.evidence)
        expect(Buffer.byteLength(JSON.stringify(f.evidence))).toBeLessThanOrEqual(EVIDENCE_LIMIT);
    }
    expect(JSON.stringify(findings)).not.toContain(CANARY);
    expect(JSON.stringify(findings)).not.toContain(CANARY.slice(0, 20));
    expect(findings.find((f) => f.ruleId === 'exposed-files/env')?.evidence?.secrets).toEqual(['anthropic']);
    // The site saw only GET, HEAD and OPTIONS, each with the honest User-Agent.
    expect(new Set(site.log.map((r) => r.method))).toEqual(new Set(['GET', 'OPTIONS']));
    for (const r of site.log) expect(r.userAgent).toMatch(/^trust-scan\//);
  });

  it('never go past the request budget: the scan stops with a BudgetError instead', async () => {
    const budget = 12;
    site.log.length = 0;
    const context = await scanContext(site, { ca: ca.certPem, budget });
    await expect(runAll(context)).rejects.toBeInstanceOf(BudgetError);
    // Every HTTP request and TLS handshake counted: exactly the budget, and the site saw no more.
    expect(context.client.used).toBe(budget);
    expect(site.log.length + context.client.handshakes.length).toBe(budget);
  });
});
