import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanContext } from '../../../test/helpers/scan-context.js';
import { type Reply, type ScanSite, startScanSite } from '../../../test/servers/scan-site.js';
import { createTestCa } from '../../../test/servers/test-ca.js';
import type { ScanFinding } from '../types.js';
import { securityTxtCheck } from './security-txt.js';
import { parseSecurityTxt } from './security-txt-parse.js';

const NOW = new Date('2026-12-03T12:00:00Z');
const TEXT = [['content-type', 'text/plain; charset=utf-8']] as [string, string][];
const ca = createTestCa();
let site: ScanSite;
let files: Record<string, Reply> = {};

beforeAll(async () => {
  site = await startScanSite(({ path }) => files[path] ?? { status: 404, body: 'nope' }, {
    tls: ca.issue({ ips: ['127.0.0.1'] }),
  });
});
afterAll(() => site.close());

async function check(served: Record<string, Reply>): Promise<ScanFinding[]> {
  files = { '/': { body: 'home' }, ...served };
  const context = await scanContext(site, { ca: ca.certPem, now: NOW });
  return securityTxtCheck(context);
}
const rules = (findings: ScanFinding[]) => findings.map((f) => f.ruleId).sort();
const txt = (body: string): Reply => ({ headers: TEXT, body });

describe('security.txt check', () => {
  it('a good file is only the info that it is unsigned', async () => {
    const findings = await check({
      '/.well-known/security.txt': txt(
        '# hi\nContact: mailto:security@example.com\nContact: https://example.com/report\nExpires: 2027-06-01T00:00:00Z\nPreferred-Languages: en, de\n',
      ),
    });
    expect(rules(findings)).toEqual(['security-txt/unsigned']);
    expect(findings[0]?.severity).toBe('info');
    // A Contact address is evidence, not a secret.
    expect(findings[0]?.evidence?.bodyExcerpt).toContain('mailto:security@example.com');
  });

  it('missing (a 404, and an HTML catch-all page) is a low finding', async () => {
    expect(rules(await check({}))).toEqual(['security-txt/missing']);
    const html = {
      headers: [['content-type', 'text/html']] as [string, string][],
      body: '<html>shop</html>',
    };
    const findings = await check({ '/.well-known/security.txt': html, '/security.txt': html });
    expect(rules(findings)).toEqual(['security-txt/missing']);
    expect(findings[0]?.severity).toBe('low');
  });

  it('no Contact and no Expires', async () => {
    expect(
      rules(await check({ '/.well-known/security.txt': txt('Policy: https://example.com/policy\n') })),
    ).toEqual(['security-txt/no-contact', 'security-txt/no-expires', 'security-txt/unsigned']);
  });

  it('Expires in the past, more than a year ahead, twice, or not a date', async () => {
    const with_ = (expires: string) => ({
      '/.well-known/security.txt': txt(`Contact: mailto:s@example.com\n${expires}`),
    });
    expect(rules(await check(with_('Expires: 2026-01-01T00:00:00Z\n')))).toContain('security-txt/expired');
    expect(rules(await check(with_('Expires: 2028-06-01T00:00:00Z\n')))).toContain(
      'security-txt/expires-too-far',
    );
    expect(
      rules(await check(with_('Expires: 2027-01-01T00:00:00Z\nExpires: 2027-02-01T00:00:00Z\n'))),
    ).toContain('security-txt/multiple-expires');
    expect(rules(await check(with_('Expires: next year\n')))).toContain('security-txt/invalid-expires');
  });

  it('malformed lines, a bad Contact, a wrong Content-Type and a wrong Canonical', async () => {
    const findings = await check({
      '/.well-known/security.txt': {
        headers: [['content-type', 'text/html; charset=utf-8']],
        body: 'Contact: http://example.com/report\nExpires: 2027-06-01T00:00:00Z\nCanonical: https://elsewhere.example/.well-known/security.txt\nthis line is not a field\n',
      },
    });
    expect(rules(findings)).toEqual([
      'security-txt/canonical-mismatch',
      'security-txt/content-type',
      'security-txt/invalid-contact',
      'security-txt/malformed',
      'security-txt/unsigned',
    ]);
    expect(findings.find((f) => f.ruleId === 'security-txt/malformed')?.evidence?.bodyExcerpt).toBe(
      '4: this line is not a field',
    );
  });

  it('a signed file is reported as info, and its dash-escaped fields are read', async () => {
    const signed = [
      '-----BEGIN PGP SIGNED MESSAGE-----',
      'Hash: SHA512',
      '',
      'Contact: mailto:security@example.com',
      'Expires: 2027-06-01T00:00:00Z',
      '- Policy: https://example.com/policy',
      '-----BEGIN PGP SIGNATURE-----',
      '',
      'iQIzBAEBCgAdFiEE',
      '-----END PGP SIGNATURE-----',
    ].join('\n');
    expect(rules(await check({ '/.well-known/security.txt': txt(signed) }))).toEqual(['security-txt/signed']);
    expect(parseSecurityTxt(signed).fields.map((f) => f.name)).toEqual(['contact', 'expires', 'policy']);
  });

  it('the legacy /security.txt is read when the well-known path is absent, and a same-host redirect is followed', async () => {
    const good = txt('Contact: mailto:s@example.com\nExpires: 2027-06-01T00:00:00Z\n');
    expect(rules(await check({ '/security.txt': good }))).toEqual([
      'security-txt/legacy-location',
      'security-txt/unsigned',
    ]);
    const findings = await check({
      '/.well-known/security.txt': { status: 301, headers: [['location', '/sec/security.txt']] },
      '/sec/security.txt': good,
    });
    expect(rules(findings)).toEqual(['security-txt/unsigned']);
    expect(findings[0]?.url).toMatch(/\/sec\/security\.txt$/);
  });
});
