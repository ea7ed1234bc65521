import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GradedSite, startGradedSite } from '../../../test/scan/graded-site.js';
import { reportFrom } from '../../../test/scan/report-fixture.js';
import { diffScans } from './diff.js';
import { cell, scanMarkdown } from './markdown.js';

describe('scanMarkdown', () => {
  let site: GradedSite;
  beforeAll(async () => {
    site = await startGradedSite();
  });
  afterAll(async () => {
    await site.close();
  });

  it('shows grade, score, the ten tests, findings by severity with compliance ids, and changes', async () => {
    const good: [string, string][] = [
      ['Content-Type', 'text/html'],
      ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
      ['Strict-Transport-Security', 'max-age=31536000'],
      ['X-Content-Type-Options', 'nosniff'],
    ];
    const before = reportFrom(await site.grade({ name: 'before', headers: good }, 5));
    const now = reportFrom(
      await site.grade(
        {
          name: 'now',
          headers: [
            ['Content-Type', 'text/html'],
            ['Set-Cookie', 'sessionid=x'],
          ],
        },
        5,
      ),
      {
        findings: [
          {
            ruleId: 'banner/version-disclosed',
            check: 'banner',
            severity: 'low',
            title: 'Server | version <b>disclosed</b>',
            message: 'nginx/1.25.3',
            url: site.httpsUrl,
          },
        ],
      },
    );
    now.changes = diffScans(before, now);
    const md = scanMarkdown([now]);
    const o = now.observatory;
    expect(md).toContain(`**Grade ${o.grade}** · score ${o.score} · Observatory algorithm 5`);
    expect(o.grade).toBe('F');
    expect(md).toContain('| content-security-policy | `csp-not-implemented` | -25 | ✗ |');
    expect(md).toContain('| cross-origin-resource-policy | `corp-not-implemented` | 0 | ✓ |');
    // Severity sections in order, each finding with its ids.
    expect(md.indexOf('#### high')).toBeLessThan(md.indexOf('#### medium'));
    expect(md.indexOf('#### medium')).toBeLessThan(md.indexOf('#### low'));
    expect(md).toContain(
      '| `observatory/cookies-session-without-secure-flag` | Session cookie without Secure |',
    );
    expect(md).toContain('CWE-614, A05:2021, API8:2023, PCI 6.2.4, PR.DS-02 |');
    // Site-controlled text cannot break the table or inject HTML.
    expect(md).toContain('Server \\| version \\<b\\>disclosed\\</b\\>');
    expect(md).toContain('### Changes since the last scan');
    expect(md).toContain('| grade | changed | grade | A+ (115) | F (');
    expect(md).toContain('| header | removed | strict-transport-security | max-age=31536000 |  |');
  });

  it('says when a scan is the first and when nothing changed; several assets get an overview', async () => {
    const report = reportFrom(await site.grade({ name: 'x', headers: [['Content-Type', 'text/html']] }, 5));
    expect(scanMarkdown([report])).toContain('First scan of this asset.');
    const second = { ...report, changes: [] };
    const md = scanMarkdown([report, { ...second, asset: { ...second.asset, url: 'https://b.example' } }]);
    expect(md).toContain('No changes.');
    expect(md).toContain('| asset | env | grade | score | findings |');
    expect(md).toContain(`| https://b.example | staging | ${report.observatory.grade} |`);
  });

  it('cell flattens lines and bounds length', () => {
    expect(cell('a\n|b')).toBe('a \\|b');
    expect(cell('x'.repeat(300))).toHaveLength(200);
  });
});
