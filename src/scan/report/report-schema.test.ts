/**
 * schema/scan-report.schema.json describes the JSON report exactly: a real report (graded from
 * loopback responses, with findings of other checks, a certificate and changes) validates under
 * ajv's strict mode, and the schema is not vacuous.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test/helpers/run-trust.js';
import { type GradedSite, startGradedSite } from '../../../test/scan/graded-site.js';
import { certificate, reportFrom } from '../../../test/scan/report-fixture.js';
import { GRADE_NAMES } from '../observatory/index.js';
import type { ScanReport } from '../types.js';
import { diffScans } from './diff.js';

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schema/scan-report.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);
const errors = (report: unknown) =>
  validate(report) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

describe('schema/scan-report.schema.json', () => {
  let site: GradedSite;
  let report: ScanReport;
  beforeAll(async () => {
    site = await startGradedSite();
    const first = reportFrom(
      await site.grade({ name: 'first', headers: [['Content-Type', 'text/html']] }, 5),
    );
    const headers: [string, string][] = [
      ['Content-Type', 'text/html'],
      ['Strict-Transport-Security', 'max-age=100'],
      ['Set-Cookie', 'sessionid=abc; Secure; HttpOnly'],
      ['Server', 'nginx/1.25.3'],
    ];
    report = reportFrom(await site.grade({ name: 'second', headers }, 4), {
      certificate: certificate('ab'.repeat(32), 12),
      findings: [
        {
          ruleId: 'tls/certificate-expiring-30d',
          check: 'tls',
          severity: 'medium',
          title: 'Certificate expires within 30 days',
          message: 'It expires in 12 days.',
          url: site.httpsUrl,
        },
        {
          ruleId: 'exposed-files/env',
          check: 'exposed-files',
          severity: 'critical',
          title: '/.env is served',
          message: 'Environment file with credentials.',
          url: `${site.httpsUrl}.env`,
          evidence: {
            request: `GET ${site.httpsUrl}.env`,
            status: 200,
            headers: [['Content-Type', 'text/plain']],
            bodyExcerpt: 'DB_PASSWORD=***',
            secrets: ['generic-password'],
          },
        },
      ],
    });
    report.changes = diffScans(first, report);
  });
  afterAll(async () => {
    await site.close();
  });

  it('a real report validates, and its $id is the report schema field', () => {
    expect(report.changes?.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.compliance)).toBe(true);
    expect(errors(report)).toEqual([]);
    expect(errors(JSON.parse(JSON.stringify(report)))).toEqual([]);
    expect(schema.$id).toBe(report.schema);
    expect(schema.definitions.grade.enum).toEqual(GRADE_NAMES);
  });

  it('rejects what the type does not allow', () => {
    const bad = structuredClone(report);
    (bad.findings[0] as { severity: string }).severity = 'severe';
    expect(errors(bad)).toContain('/findings/0/severity must be equal to one of the allowed values');
    const extra = { ...structuredClone(report), secret: 'x' };
    expect(errors(extra)).toContain(' must NOT have additional properties');
    const post = structuredClone(report);
    (post.requests.methods as string[]).push('POST');
    expect(errors(post).length).toBeGreaterThan(0);
    const noTests = structuredClone(report) as unknown as { observatory: { tests: Record<string, unknown> } };
    delete noTests.observatory.tests.cookies;
    expect(errors(noTests)).toContain("/observatory/tests must have required property 'cookies'");
  });
});
