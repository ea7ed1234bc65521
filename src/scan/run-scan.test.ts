/**
 * run-scan's orchestration against a real loopback site (HTTP and HTTPS with a test CA) and a
 * loopback DNS server, with the parts of the report faked (the CLI test runs the real ones):
 * one DNS answer is pinned for verification and scan alike, a failed re-verification refuses
 * before any request, the budget cuts the checks short, and the previous scan is compared.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DnsServer, startDnsServer } from '../../test/servers/dns-server.js';
import { type ScanSite, startScanSite } from '../../test/servers/scan-site.js';
import { createTestCa } from '../../test/servers/test-ca.js';
import { InputError } from '../core/errors.js';
import { redactor } from '../core/redact.js';
import { createResolver } from './resolver.js';
import { type ScanParts, type ScanSettings, scanAsset } from './run-scan.js';
import type { Asset } from './types.js';

const ca = createTestCa();
const tls = ca.issue({ dns: ['shop.test'] });
let site: ScanSite;
let rebound: ScanSite;
let dns: DnsServer;
let aQueries = 0;

beforeAll(async () => {
  const page = () => ({ headers: [['Content-Type', 'text/html']] as [string, string][], body: '<p>hi</p>' });
  site = await startScanSite(page, { tls });
  rebound = await startScanSite(page, {
    host: '127.0.0.2',
    httpPort: site.httpPort,
    httpsPort: site.httpsPort,
    tls,
  });
  // The first A answer is the site; every later one points at the other address.
  dns = await startDnsServer((_name, type) => {
    if (type !== 'A') return [];
    return [{ type: 'A', data: aQueries++ === 0 ? '127.0.0.1' : '127.0.0.2' }];
  });
});
beforeEach(() => {
  aQueries = 0;
});
afterAll(async () => {
  await Promise.all([site?.close(), rebound?.close(), dns?.close()]);
});

function asset(env: Asset['env']): Asset {
  return {
    url: `https://shop.test:${site.httpsPort}`,
    env,
    owner: 'web',
    criticality: 'high',
    tokenSha256: '0'.repeat(64),
    createdAt: '2026-01-01T00:00:00Z',
    allowPrivate: true,
    httpPort: site.httpPort,
  };
}

function settings(): ScanSettings {
  return {
    root: mkdtempSync(join(tmpdir(), 'trust-run-scan-')),
    org: 'acme',
    actor: 'local:test',
    version: '0.0.0-test',
    userAgent: 'trust-scan/0.0.0-test (+https://example.invalid)',
    algorithm: 5,
    rate: 50,
    budget: 20,
    timeoutMs: 5000,
    resolver: createResolver(dns.address, 2000),
    ca: ca.certPem,
  };
}

function parts(overrides: Partial<ScanParts> = {}): ScanParts {
  return {
    verify: async () => ({ method: 'file', result: 'verified', at: '2026-01-02T00:00:00Z' }),
    checks: [],
    certificateFacts: async () => undefined,
    observatoryFindings: () => [],
    withCompliance: (f) => ({
      ...f,
      compliance: { cwe: ['1'], owaspTop10_2021: [], owaspApiTop10_2023: [], pciDss4: [], nistCsf2: [] },
    }),
    snapshot: (r) => ({ grade: r.grade, score: r.score, headers: {}, scripts: [] }),
    diffScans: (previous, current) =>
      previous
        ? [
            {
              kind: 'grade',
              change: 'changed',
              name: 'grade',
              before: previous.snapshot.grade,
              after: current.snapshot.grade,
            },
          ]
        : [],
    findSecrets: (text) =>
      [...text.matchAll(/AKIA[0-9A-Z]{16}/g)].map((m) => ({ start: m.index, end: m.index + m[0].length })),
    ...overrides,
  };
}

describe('scanAsset', () => {
  it('resolves once and pins the answer for verification and every request', async () => {
    let verifiedAgainst: string[] = [];
    const outcome = await scanAsset(
      asset('production'),
      parts({
        verify: async (_a, options) => {
          const resolver = options.resolver;
          if (typeof resolver !== 'object') throw new Error('verify got no pinned resolver');
          verifiedAgainst = await resolver.addresses('shop.test');
          return { method: 'dns', result: 'verified', at: '2026-01-02T00:00:00Z' };
        },
      }),
      settings(),
    );
    expect(verifiedAgainst).toEqual(['127.0.0.1']);
    expect(aQueries).toBe(1);
    expect(rebound.log).toEqual([]);
    expect(site.log.length).toBe(outcome.report.requests.count);
    expect(outcome.grant).toMatchObject({ method: 'dns', env: 'production' });
    expect(outcome.report.findings).toEqual([]);
  });

  it('refuses a production asset whose re-verification fails, before any request', async () => {
    const before = site.log.length;
    const failed = parts({
      verify: async () => ({
        method: 'file',
        result: 'failed',
        at: '2026-01-02T00:00:00Z',
        reason: 'token not found',
      }),
    });
    const error = await scanAsset(asset('production'), failed, settings()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^refusing to scan production asset .*token not found/);
    expect(site.log.length).toBe(before);
  });

  it('registers every secret in the report with the central redactor and scrubs the report', async () => {
    const secret = 'AKIAQWERTYUIOPASDFGH';
    const leaky = async () => [
      {
        ruleId: 'exposed-files/env',
        check: 'exposed-files',
        severity: 'high' as const,
        title: '.env exposed',
        message: 'the .env file is served',
        url: 'https://shop.test/.env',
        evidence: { request: 'GET https://shop.test/.env', bodyExcerpt: `AWS_ACCESS_KEY_ID=${secret}` },
      },
    ];
    const outcome = await scanAsset(asset('dev'), parts({ checks: [leaky] }), settings());
    expect(JSON.stringify(outcome.report)).not.toContain(secret);
    expect(outcome.report.findings[0]?.evidence?.bodyExcerpt).toBe('AWS_ACCESS_KEY_ID=***');
    expect(redactor.redact(`x ${secret} y`)).toBe('x *** y');
  });

  it('stops the checks when the budget is spent and compares with the previous scan', async () => {
    const s = { ...settings(), budget: 5 };
    const hungry = Object.defineProperty(
      async (context: Parameters<ScanParts['checks'][number]>[0]) => {
        for (;;) await context.client.send('GET', `${context.httpsUrl}x`);
      },
      'name',
      { value: 'hungry' },
    );
    const first = await scanAsset(asset('dev'), parts({ checks: [hungry, hungry] }), s);
    expect(first.report.requests.count).toBe(5);
    expect(first.incomplete.map((i) => i.check)).toEqual(['hungry', 'hungry']);
    expect(first.report.changes).toBeUndefined();
    expect(first.grant).toEqual({ method: 'none', env: 'dev' });
    const second = await scanAsset(asset('dev'), parts(), s);
    expect(second.report.changes).toEqual([
      {
        kind: 'grade',
        change: 'changed',
        name: 'grade',
        before: first.report.observatory.grade,
        after: second.report.observatory.grade,
      },
    ]);
  });
});
