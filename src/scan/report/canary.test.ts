/**
 * A secret the scanned site sends (a session cookie value, a key in a script URL) never reaches
 * the report, its snapshot, the SARIF or the Markdown; a change of that secret is still seen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GradedSite, startGradedSite } from '../../../test/scan/graded-site.js';
import { reportFrom } from '../../../test/scan/report-fixture.js';
import { diffScans } from './diff.js';
import { scanMarkdown } from './markdown.js';
import { scanSarif } from './sarif.js';

const CANARY = 'canary-7f3a9c1e5b2d4f60';
const site = (key: string) => ({
  name: 'leaky',
  headers: [
    ['Content-Type', 'text/html'],
    ['Set-Cookie', `sessionid=${key}; Path=/`],
  ] as [string, string][],
  body: `<html><head><script src="http://cdn.example.com/app.js?key=${key}"></script></head></html>`,
});

describe('site secrets in the reports', () => {
  let server: GradedSite;
  beforeAll(async () => {
    server = await startGradedSite();
  });
  afterAll(async () => {
    await server.close();
  });

  it('no output carries the canary, and a rotated key is still a script change', async () => {
    const before = reportFrom(await server.grade(site(CANARY), 5));
    const after = reportFrom(await server.grade(site(`${CANARY}-rotated`), 5));
    after.changes = diffScans(before, after);
    const outputs = [JSON.stringify(after), JSON.stringify(scanSarif([after])), scanMarkdown([after])];
    for (const text of outputs) expect(text).not.toContain(CANARY);
    expect(after.snapshot.scripts).toEqual([
      expect.stringMatching(/^http:\/\/cdn\.example\.com\/app\.js\?sha256:[0-9a-f]{12}$/),
    ]);
    expect(after.changes.filter((c) => c.kind === 'script').map((c) => c.change)).toEqual([
      'added',
      'removed',
    ]);
    // The cookie's value rotating is not a change: only its name and attributes are kept.
    expect(after.changes.filter((c) => c.kind === 'header')).toEqual([]);
    const sri = after.findings.find((f) => f.ruleId.startsWith('observatory/sri-'));
    expect(sri?.evidence?.bodyExcerpt).toMatch(/^<script src="http:\/\/cdn\.example\.com\/app\.js\?sha256:/);
  });
});
