import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, type DnsServer, startDnsServer } from '../../../test/servers/dns-server.js';
import { type Reply, type ScanSite, startScanSite } from '../../../test/servers/scan-site.js';
import { createTestCa } from '../../../test/servers/test-ca.js';
import type { Asset } from '../types.js';
import { bindToken, createToken } from './token.js';
import { verifyAsset } from './verify.js';

const ORG = 'acme';
const ca = createTestCa();
let site: ScanSite;
let dns: DnsServer;
let txt: Record<string, string[][]> = {};
let files: Record<string, Reply> = {};

beforeAll(async () => {
  const leaf = ca.issue({ dns: ['site.test', 'other.test'], ips: ['127.0.0.1'] });
  site = await startScanSite(({ path }) => files[path] ?? { status: 404, body: 'not here' }, {
    tls: leaf,
    noHttp: true,
  });
  dns = await startDnsServer((name, type): Answer[] => {
    if (type === 'A' && (name === 'site.test' || name === 'other.test'))
      return [{ type: 'A', data: '127.0.0.1' }];
    if (type === 'TXT') return (txt[name] ?? []).map((data) => ({ type: 'TXT', data }));
    return [];
  });
});

afterAll(async () => {
  await site?.close();
  await dns?.close();
});

function assetWith(token: string, org = ORG): Asset {
  const url = `https://site.test:${site.httpsPort}`;
  return {
    url,
    env: 'production',
    owner: 'web',
    criticality: 'high',
    tokenSha256: bindToken(token, org, url),
    createdAt: new Date().toISOString(),
    allowPrivate: true,
  };
}

function setup(records: Record<string, string[][]>, served: Record<string, Reply>): void {
  txt = records;
  files = served;
  site.log.length = 0;
}

const options = () => ({ org: ORG, resolver: dns.address, ca: ca.certPem, timeoutMs: 3000 });
const FILE = '/.well-known/trust-verification.txt';

describe('verifyAsset', () => {
  it('verifies by a TXT record sent as several strings, joined', async () => {
    const token = createToken();
    setup({ '_trust-challenge.site.test': [['unrelated'], [token.slice(0, 20), token.slice(20)]] }, {});
    const result = await verifyAsset(assetWith(token), options());
    expect(result).toMatchObject({ method: 'dns', result: 'verified' });
    expect(site.log).toHaveLength(0);
  });

  it('fails on a different token in DNS and no file, saying both', async () => {
    setup({ '_trust-challenge.site.test': [[createToken()]] }, {});
    const result = await verifyAsset(assetWith(createToken()), options());
    expect(result.result).toBe('failed');
    expect(result.reason).toContain('different token');
    expect(result.reason).toContain('answered 404');
  });

  it('does not accept the right token for another org', async () => {
    const token = createToken();
    setup({ '_trust-challenge.site.test': [[token]] }, { [FILE]: { body: token } });
    const result = await verifyAsset(assetWith(token, 'someone-else'), options());
    expect(result.result).toBe('failed');
  });

  it('verifies by the well-known file with only GET and the honest User-Agent', async () => {
    const token = createToken();
    setup({}, { [FILE]: { body: `${token}\n` } });
    const result = await verifyAsset(assetWith(token), options());
    expect(result).toMatchObject({ method: 'file', result: 'verified' });
    expect(site.log.map((r) => r.method)).toEqual(['GET']);
    expect(site.log[0]?.userAgent).toMatch(/^trust-scan\/\d+\.\d+\.\d+ \(\+https:\/\/\S+\)$/);
  });

  it('follows a redirect on the same host', async () => {
    const token = createToken();
    setup(
      {},
      {
        [FILE]: { status: 302, headers: [['location', '/token.txt']] },
        '/token.txt': { body: token },
      },
    );
    expect((await verifyAsset(assetWith(token), options())).result).toBe('verified');
  });

  it('fails when the file redirects to another host, without asking it', async () => {
    const token = createToken();
    const elsewhere = `https://other.test:${site.httpsPort}/token.txt`;
    setup({}, { [FILE]: { status: 301, headers: [['location', elsewhere]] }, '/token.txt': { body: token } });
    const result = await verifyAsset(assetWith(token), options());
    expect(result.result).toBe('failed');
    expect(result.reason).toContain(`redirects to https://other.test:${site.httpsPort}`);
    expect(site.log.map((r) => r.path)).toEqual([FILE]);
  });

  it('fails on a file over 1 KB even when it starts with the token', async () => {
    const token = createToken();
    setup({}, { [FILE]: { body: `${token}\n${'x'.repeat(2000)}` } });
    const result = await verifyAsset(assetWith(token), options());
    expect(result.result).toBe('failed');
    expect(result.reason).toContain('larger than 1024 bytes');
  });

  it('fails when the file holds more than the token', async () => {
    const token = createToken();
    setup({}, { [FILE]: { body: `<html>${token}</html>` } });
    const result = await verifyAsset(assetWith(token), options());
    expect(result.reason).toContain('does not hold a trust-verification token');
  });

  it('fails when the certificate does not verify (no test CA given)', async () => {
    const token = createToken();
    setup({}, { [FILE]: { body: token } });
    const result = await verifyAsset(assetWith(token), { org: ORG, resolver: dns.address, timeoutMs: 3000 });
    expect(result.result).toBe('failed');
    expect(result.reason).toContain('certificate did not verify');
  });

  it('uses a resolver object it is given (trust scan passes one answering from its pins)', async () => {
    const token = createToken();
    const asked: string[] = [];
    const resolver = {
      addresses: async () => ['127.0.0.1'],
      txt: async (name: string) => {
        asked.push(name);
        return [token];
      },
    };
    setup({}, {});
    const before = dns.queries.length;
    const result = await verifyAsset(assetWith(token), { org: ORG, resolver, ca: ca.certPem });
    expect(result).toMatchObject({ method: 'dns', result: 'verified' });
    expect(asked).toEqual(['_trust-challenge.site.test']);
    expect(dns.queries).toHaveLength(before);
  });

  it('refuses a malformed resolver address as bad input', async () => {
    await expect(verifyAsset(assetWith(createToken()), { org: ORG, resolver: 'not-an-ip' })).rejects.toThrow(
      '--resolver not-an-ip: not an IP address',
    );
  });

  it('refuses a private address the asset does not allow', async () => {
    const token = createToken();
    setup({}, { [FILE]: { body: token } });
    const result = await verifyAsset({ ...assetWith(token), allowPrivate: false }, options());
    expect(result.result).toBe('failed');
    expect(result.reason).toContain('private or loopback');
    expect(site.log).toHaveLength(0);
  });
});
