import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GradedSite, startGradedSite } from '../../../test/scan/graded-site.js';
import { certificate, reportFrom } from '../../../test/scan/report-fixture.js';
import { diffScans } from './diff.js';

const BASE: [string, string][] = [
  ['Content-Type', 'text/html; charset=utf-8'],
  ['Content-Security-Policy', "default-src 'self'; frame-ancestors 'none'"],
  ['Strict-Transport-Security', 'max-age=31536000'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Set-Cookie', 'sessionid=first; Secure; HttpOnly; SameSite=Lax'],
];
const page = (scripts: string[]) =>
  `<html><head>${scripts.map((s) => `<script src="${s}"></script>`).join('')}</head><body>x</body></html>`;

describe('diffScans between two real scans of one site', () => {
  let site: GradedSite;
  beforeAll(async () => {
    site = await startGradedSite();
  });
  afterAll(async () => {
    await site.close();
  });

  it('the first scan has no previous one: nothing changed', async () => {
    const now = reportFrom(await site.grade({ name: 'a', headers: BASE, body: page(['/app.js']) }, 5));
    expect(diffScans(undefined, now)).toEqual([]);
    expect(diffScans(now, now)).toEqual([]);
  });

  it('reports grade, headers, scripts, certificate and findings; a rotated cookie value is no change', async () => {
    const before = reportFrom(
      await site.grade({ name: 'before', headers: BASE, body: page(['/app.js']) }, 5),
      {
        certificate: certificate('aa'.repeat(32)),
      },
    );
    const headers: [string, string][] = [
      ['Content-Type', 'text/html; charset=utf-8'],
      [
        'Content-Security-Policy',
        "default-src 'self'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
      ],
      ['X-Content-Type-Options', 'nosniff'],
      ['Referrer-Policy', 'no-referrer'],
      ['Set-Cookie', 'sessionid=second; Secure; HttpOnly; SameSite=Lax'],
    ];
    const afterGraded = await site.grade(
      { name: 'after', headers, body: page(['/app.js', 'https://evil.example/skim.js']) },
      5,
    );
    const after = reportFrom(afterGraded, { certificate: certificate('bb'.repeat(32), 20) });
    const changes = diffScans(before, after);
    expect(changes).toEqual([
      {
        kind: 'grade',
        change: 'changed',
        name: 'grade',
        before: `${before.observatory.grade} (${before.observatory.score})`,
        after: `${after.observatory.grade} (${after.observatory.score})`,
      },
      {
        kind: 'header',
        change: 'changed',
        name: 'content-security-policy',
        before: "default-src 'self'; frame-ancestors 'none'",
        after: "default-src 'self'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
      },
      { kind: 'header', change: 'added', name: 'referrer-policy', after: 'no-referrer' },
      { kind: 'header', change: 'removed', name: 'strict-transport-security', before: 'max-age=31536000' },
      { kind: 'script', change: 'added', name: 'https://evil.example/skim.js' },
      {
        kind: 'certificate',
        change: 'changed',
        name: 'certificate',
        before: `sha256 ${'aa'.repeat(32)}, valid to ${before.snapshot.certificate?.validTo}, issuer CN=trust test CA`,
        after: `sha256 ${'bb'.repeat(32)}, valid to ${after.snapshot.certificate?.validTo}, issuer CN=trust test CA`,
      },
      {
        kind: 'finding',
        change: 'added',
        name: 'observatory/csp-implemented-with-unsafe-inline',
        after: site.httpsUrl,
      },
      { kind: 'finding', change: 'added', name: 'observatory/hsts-not-implemented', after: site.httpsUrl },
      {
        kind: 'finding',
        change: 'added',
        name: 'observatory/sri-not-implemented-but-external-scripts-loaded-securely',
        after: site.httpsUrl,
      },
    ]);
    // Going back is the mirror image: what was added is removed.
    const back = diffScans(after, before);
    expect(back.filter((c) => c.kind === 'script')).toEqual([
      { kind: 'script', change: 'removed', name: 'https://evil.example/skim.js' },
    ]);
    expect(back.filter((c) => c.kind === 'finding').map((c) => c.change)).toEqual([
      'removed',
      'removed',
      'removed',
    ]);
  });

  it('a certificate that appears or goes away is reported', async () => {
    const graded = await site.grade({ name: 'c', headers: BASE }, 5);
    const without = reportFrom(graded);
    const withCert = reportFrom(graded, { certificate: certificate('cc'.repeat(32)) });
    expect(diffScans(without, withCert).map((c) => [c.kind, c.change])).toEqual([['certificate', 'added']]);
    expect(diffScans(withCert, without).map((c) => [c.kind, c.change])).toEqual([['certificate', 'removed']]);
  });
});
