import { afterEach, describe, expect, it } from 'vitest';
import { scanContext } from '../../../test/helpers/scan-context.js';
import { type Reply, type ScanSite, startScanSite } from '../../../test/servers/scan-site.js';
import { bannerCheck } from './banner.js';

const sites: ScanSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

async function run(front: Reply) {
  const site = await startScanSite(({ path }) => (path === '/' ? front : { status: 404 }));
  sites.push(site);
  return bannerCheck(await scanContext(site));
}

describe('banner check', () => {
  it('reports each header that carries a dotted version, once', async () => {
    const findings = await run({
      headers: [
        ['Server', 'Apache/2.4.57 (Ubuntu)'],
        ['X-Powered-By', 'PHP/8.2.7'],
        ['X-AspNet-Version', '4.0.30319'],
        ['Content-Type', 'text/html'],
      ],
      body: '<html></html>',
    });
    expect(findings.map((f) => f.ruleId)).toEqual([
      'banner/server-version',
      'banner/x-powered-by-version',
      'banner/x-aspnet-version',
    ]);
    expect(findings[0]?.evidence?.headers).toEqual([['Server', 'Apache/2.4.57 (Ubuntu)']]);
    expect(findings[0]?.severity).toBe('low');
  });

  it('a product name without a version is not a finding', async () => {
    const findings = await run({
      headers: [
        ['Server', 'nginx'],
        ['X-Powered-By', 'Express'],
      ],
      body: '<html></html>',
    });
    expect(findings).toEqual([]);
  });

  it('a versioned <meta name="generator"> on the front page', async () => {
    const page = '<html><head><meta name="generator" content="WordPress 6.4.2"></head></html>';
    const findings = await run({ headers: [['Content-Type', 'text/html']], body: page });
    expect(findings.map((f) => f.ruleId)).toEqual(['banner/meta-generator-version']);
    expect(findings[0]?.evidence?.bodyExcerpt).toBe('<meta name="generator" content="WordPress 6.4.2">');
    expect(
      await run({ headers: [['Content-Type', 'text/html']], body: '<meta name="generator" content="Hugo">' }),
    ).toEqual([]);
  });
});
