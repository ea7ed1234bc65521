/**
 * `trust scan --sarif` output is accepted by `trust findings`: a SARIF file written by
 * scanSarif from a real scan of a loopback site (URL locations) is read by the built binary
 * without warnings, each finding keeps its https URL (never treated as a repository path),
 * its CWE and security-severity, and its id is the same on a second scan.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/sarif/finding.js';
import { scanSarif } from '../src/scan/report/sarif.js';
import { makeTempDir } from './helpers/git-repo.js';
import { hasStackTrace, runTrust } from './helpers/run-trust.js';
import { sarifSchemaErrors } from './helpers/sarif-schema.js';
import { type GradedSite, startGradedSite } from './scan/graded-site.js';
import { reportFrom } from './scan/report-fixture.js';

const root = makeTempDir('trust-scan-sarif-');
let site: GradedSite;
beforeAll(async () => {
  site = await startGradedSite();
  mkdirSync(join(root, 'src'), { recursive: true });
});
afterAll(async () => {
  await site.close();
  rmSync(root, { recursive: true, force: true });
});

async function scanTo(file: string): Promise<number> {
  const headers: [string, string][] = [
    ['Content-Type', 'text/html'],
    ['Set-Cookie', 'sessionid=abc'],
  ];
  const report = reportFrom(await site.grade({ name: 'weak', headers }, 5), {
    findings: [
      {
        ruleId: 'exposed-files/git-head',
        check: 'exposed-files',
        severity: 'high',
        title: '/.git/HEAD is served',
        message: 'The repository metadata is public.',
        url: `${site.httpsUrl}.git/HEAD`,
      },
    ],
  });
  const log = scanSarif([report]);
  expect(sarifSchemaErrors(log)).toEqual([]);
  writeFileSync(join(root, file), JSON.stringify(log, null, 2));
  return report.findings.length;
}

describe('trust findings reads trust scan SARIF', () => {
  it('accepts every result with its URL, CWE and severity; ids are stable across scans', async () => {
    const count = await scanTo('scan-1.sarif');
    await scanTo('scan-2.sarif');
    const r = await runTrust(['findings', 'scan-1.sarif', '--json', '--strict', '-C', root]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stderr.trim()).toBe(
      `${count} findings (2 error, 3 warning, 1 note) from ${count} results in 1 file`,
    );
    const findings = JSON.parse(r.stdout) as Finding[];
    expect(findings).toHaveLength(count);
    const git = findings.find((f) => f.rule.id === 'exposed-files/git-head');
    expect(git?.location.uri).toBe(`${site.httpsUrl}.git/HEAD`);
    expect(git?.location.path).toBeUndefined();
    expect(git?.cwe).toEqual([538]);
    expect(git?.level).toBe('error');
    expect(git?.securitySeverity).toBe(8);
    const cookie = findings.find((f) => f.rule.id === 'observatory/cookies-session-without-secure-flag');
    expect(cookie?.cwe).toEqual([614]);
    const again = JSON.parse(
      (await runTrust(['findings', 'scan-2.sarif', '--json', '-C', root])).stdout,
    ) as Finding[];
    expect(again.map((f) => f.id).sort()).toEqual(findings.map((f) => f.id).sort());
    // The table shows the URL, not a made-up file path.
    const table = await runTrust(['findings', 'scan-1.sarif', '-C', root]);
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout).toContain(`${site.httpsUrl}.git/HEAD`);
    expect(table.stdout).not.toContain('(unresolved)');
  });
});
