/**
 * `trust findings` over the real SARIF fixtures (fixtures/sarif, copied with attribution;
 * copyleft ones read from ../shared). Every expected number, rule id, CWE id and path below
 * was checked by hand against the file itself (open it, count the results, follow ruleIndex
 * into tool.driver.rules or tool.extensions, read the tags).
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/sarif/finding.js';
import { makeTempDir } from './helpers/git-repo.js';
import { hasStackTrace, REPO_ROOT, runTrust } from './helpers/run-trust.js';

const OWN = join(REPO_ROOT, 'fixtures/sarif');
const SHARED = join(REPO_ROOT, '../shared/fixtures/sarif');
const HAVE_SHARED = existsSync(SHARED);
const SKIP_SHARED = 'copyleft fixture: needs ../shared/fixtures/sarif (not in a fresh clone)';

// An empty repository root: relative paths resolve in-tree, nothing exists to read.
const root = makeTempDir('trust-fixtures-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function findings(file: string, ...flags: string[]): Promise<Finding[]> {
  const r = await runTrust(['findings', file, '--json', '-C', root, ...flags]);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Finding[];
}

function count<T>(list: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of list) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
}

function where(f: Finding | undefined): string {
  return `${f?.location.path}:${f?.location.region?.startLine}`;
}

describe('trust findings on real scanner output', () => {
  it('Bandit (pygoat): 65 results, levels with the default warning, CWE from external/cwe tags', async () => {
    const list = await findings(join(OWN, 'bandit/pygoat.sarif'));
    expect(list).toHaveLength(65);
    expect(count(list, (f) => f.rule.id).B105).toBe(18);
    // 15 results carry no level and their rules no defaultConfiguration -> "warning"
    expect(count(list, (f) => f.level)).toEqual({ note: 44, warning: 15, error: 6 });
    const first = list[0];
    expect(first?.rule).toMatchObject({ id: 'B110', name: 'try_except_pass' });
    expect(first?.cwe).toEqual([703]);
    expect(where(first)).toBe('challenge/management/commands/populate_challenge.py:17');
    expect(list.find((f) => f.rule.id === 'B404')?.cwe).toEqual([78]);
  });

  it('CodeQL (vulpy): rules by ruleIndex, level from defaultConfiguration, partial fingerprints', async () => {
    const list = await findings(join(OWN, 'codeql/vulpy-python.sarif'));
    expect(list).toHaveLength(72);
    expect(count(list, (f) => f.rule.id)['py/unused-import']).toBe(40);
    const first = list[0];
    expect(first?.rule.id).toBe('py/empty-except');
    expect(first?.level).toBe('note');
    expect(first?.cwe).toEqual([390]);
    expect(where(first)).toBe('good/db_init.py:39');
    expect(first?.partialFingerprints.primaryLocationLineHash).toBeTruthy();
    expect(first?.fingerprintBasis).toBe('scanner');
    const debug = list.find((f) => f.rule.id === 'py/flask-debug');
    expect(debug?.level).toBe('error');
    expect(debug?.cwe).toEqual([215, 489]);
    expect(where(debug)).toBe('good/vulpy-ssl.py:29');
  });

  it('ESLint (NodeGoat): absolute runner paths mapped with --source-root; out-of-tree without it', async () => {
    const mapped = await findings(
      join(OWN, 'eslint/nodegoat-security.sarif'),
      '--source-root',
      '/home/runner/work/NodeGoat',
    );
    expect(mapped).toHaveLength(13);
    expect(count(mapped, (f) => f.level)).toEqual({ warning: 10, error: 3 });
    expect(count(mapped, (f) => f.rule.id)['no-eval']).toBe(3);
    expect(mapped[0]?.rule.id).toBe('security/detect-child-process');
    expect(where(mapped[0])).toBe('Gruntfile.js:165');
    expect(mapped.every((f) => f.location.status === 'in-tree' && f.cwe.length === 0)).toBe(true);

    const unmapped = await findings(join(OWN, 'eslint/nodegoat-security.sarif'));
    expect(unmapped.every((f) => f.location.status === 'out-of-tree' && f.location.path === undefined)).toBe(
      true,
    );
  });

  it('Flawfinder: a kind:"pass" result is not a finding; CWE from rule.relationships', async () => {
    const list = await findings(join(OWN, 'flawfinder/xgboost-cpp.sarif'));
    expect(list).toHaveLength(53); // 54 results, results[52] is kind "pass"
    const first = list[0];
    expect(first?.rule).toMatchObject({ id: 'FF1048', name: 'random/setstate' });
    expect(first?.cwe).toEqual([327]);
    expect(first?.level).toBe('error'); // no level on the result; rule default "error"
    expect(where(first)).toBe('src/tree/param.cc:29');
    expect(new Set(list.map((f) => f.id)).size).toBe(53);
  });

  it('Semgrep (Juice Shop v16): 77 findings, CWE-22 tag, qualitative security-severity ignored', async () => {
    const list = await findings(join(OWN, 'semgrep/juice-shop-v16-gitlab-rules.sarif'));
    expect(list).toHaveLength(77);
    const first = list[0];
    expect(first?.rule.id).toBe(
      'vulnerability-management-registry.semgrep-rules.gitlab-rules.sast-rules.javascript.pathtraversal.javascript_pathtraversal_rule-non-literal-fs-filename',
    );
    expect(first?.cwe).toEqual([22]);
    expect(first?.securitySeverity).toBeUndefined(); // the file says "MEDIUM", not a score
    expect(where(first)).toBe('Gruntfile.js:75');
  });

  it('Snyk Code (Juice Shop v15): properties.cwe, code flows, levels', async () => {
    const list = await findings(join(OWN, 'snyk/juice-shop-v15-snykcode.sarif'));
    expect(list).toHaveLength(39);
    expect(count(list, (f) => f.level)).toEqual({ warning: 24, error: 12, note: 3 });
    const first = list[0];
    expect(first?.rule.id).toBe('javascript/XSS');
    expect(first?.cwe).toEqual([79]);
    expect(where(first)).toBe('frontend/src/app/score-board/score-board.component.ts:216');
    expect(first?.codeFlows).toHaveLength(1);
    expect(count(list, (f) => f.rule.id)['javascript/XSS']).toBe(10);
  });

  it('SpotBugs: message from rule messageStrings with arguments; bare file names', async () => {
    const list = await findings(join(OWN, 'spotbugs/xonotic-java.sarif'));
    expect(list).toHaveLength(56);
    expect(count(list, (f) => f.rule.id).NM_METHOD_NAMING_CONVENTION).toBe(33);
    expect(list[0]?.message).toBe('Hard coded reference to an absolute pathname in Boot.main(String[]).');
    expect(where(list[0])).toBe('Boot.java:23');
  });

  it('Trivy: numeric security-severity; one CVE in two packages stays two findings', async () => {
    const list = await findings(join(OWN, 'trivy/alpine-310-image.sarif'));
    expect(list).toHaveLength(4);
    expect(list[0]?.rule.id).toBe('CVE-2019-1549');
    expect(list[0]?.securitySeverity).toBe(5.3);
    expect(list.map((f) => f.message.split('\n')[0])).toContain('Package: libssl1.1');
  });

  it('LGTM export: two runs in one file, 58 + 452 results', async () => {
    const list = await findings(join(OWN, 'lgtm/defectdojo-2020-multirun.sarif'));
    expect(list).toHaveLength(510);
    expect(count(list, (f) => String(f.sources[0]?.runIndex))).toEqual({ 0: 58, 1: 452 });
    expect(list[0]?.rule.id).toBe('com.lgtm/javascript-queries:js/unused-local-variable');
    expect(where(list[0])).toBe('dojo/static/dojo/js/index.js:220');
  });

  it('Biome: scheme-less absolute paths, mapped with --source-root', async () => {
    const list = await findings(
      join(OWN, 'biome/juice-shop-v20.1.1-lint.sarif'),
      '--source-root',
      '/home/runner/work/juice-shop',
    );
    expect(list).toHaveLength(343);
    expect(list[0]?.rule.id).toBe('lint/style/useTemplate');
    expect(where(list[0])).toBe('lib/antiCheat.ts:93');
    expect(count(list, (f) => f.level)).toEqual({ warning: 229, note: 98, error: 16 });
  });

  it('ShiftLeft scan: 27 results of which 15 exact repeats are merged into 12 findings', async () => {
    const list = await findings(
      join(OWN, 'shiftleft-scan/defectdojo-bash-report.sarif'),
      '--source-root',
      '/home/damien/dd',
    );
    expect(list).toHaveLength(12);
    const repeated = list.find((f) => f.rule.id === '2072');
    expect(repeated?.sources.map((s) => s.resultIndex)).toEqual([2, 9, 12, 16, 21, 24]);
    expect(where(repeated)).toBe('entrypoint_scripts/common/dojo-shared-resources.sh:143');
  });

  it('gitleaks, Fortify and the SARIF spec example', async () => {
    const [leak] = await findings(join(OWN, 'gitleaks/simple.sarif'));
    expect(leak?.rule.id).toBe('test-rule'); // not declared in driver.rules
    expect(where(leak)).toBe('auth.py:1');

    const [fortify] = await findings(join(OWN, 'fortify/one-result-two-traces.sarif'));
    expect(fortify?.rule.id).toBe('97A5F38F-524B-4A83-94FA-9387B5265825'); // by ruleIndex only
    expect(where(fortify)).toBe('Helpers/DBHelper.cs:146'); // artifactLocation.index -> artifacts[0]
    expect(fortify?.codeFlows[0]?.threadFlows).toHaveLength(1);
    expect(fortify?.codeFlows).toHaveLength(2);
    expect(fortify?.relatedLocations).toHaveLength(1);

    const [k4] = await findings(join(OWN, 'spec/appendix-k4-comprehensive.sarif'));
    expect(k4?.rule.id).toBe('C2001');
    expect(k4?.message).toBe('Variable "ptr" was used without being initialized. It was declared here.');
    expect(k4?.suppressed).toBe(true);
    expect(where(k4)).toBe('collections/list.h:15'); // SRCROOT -> PROJECTROOT chain, another host

    expect(await findings(join(OWN, 'spec/appendix-k1-minimal.sarif'))).toEqual([]);
  });

  it('reads every non-invalid fixture without error', async () => {
    const invalid = new Set([
      'codeql-action-invalid.sarif',
      'invalid-deserialization.sarif',
      'invalid-json-syntax.sarif',
      'sarif-v1.0.0.sarif',
      'snake-case-keys-pygoat-semgrep.sarif',
      'snake-case.sarif',
      'malformed-result.sarif',
    ]);
    const dirs = [OWN, ...(HAVE_SHARED ? [SHARED] : [])];
    const files = dirs.flatMap((d) =>
      readdirSync(d, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.sarif') && !invalid.has(f.split('/').pop() ?? ''))
        .map((f) => join(d, f)),
    );
    expect(files.length).toBeGreaterThanOrEqual(HAVE_SHARED ? 45 : 25);
    const r = await runTrust(['findings', ...files, '--json', '-C', root]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect((JSON.parse(r.stdout) as Finding[]).length).toBeGreaterThan(1000);
  });
});

describe.skipIf(!HAVE_SHARED)(`copyleft fixtures from ../shared (${SKIP_SHARED})`, () => {
  it('CodeQL without ruleId: rule from tool.extensions via rule.index + toolComponent.index', async () => {
    const list = await findings(join(SHARED, 'codeql/webgoat-8.2.2-java-ruleindex.sarif'));
    expect(list).toHaveLength(24);
    expect(list[0]?.rule.id).toBe('java/ssrf');
    expect(list[0]?.cwe).toEqual([918]);
    expect(list[0]?.securitySeverity).toBe(9.1);
    expect(where(list[0])).toBe(
      'webgoat-lessons/ssrf/src/main/java/org/owasp/webgoat/ssrf/SSRFTask2.java:53',
    );
    expect(count(list, (f) => f.rule.id)['java/sql-injection']).toBe(10);
  });

  it('CodeQL resource leak: 12 results, two on one column with different messages stay two', async () => {
    const list = await findings(join(SHARED, 'codeql/java-database-resource-leak.sarif'));
    expect(list).toHaveLength(12);
    expect(new Set(list.map((f) => f.id)).size).toBe(12);
    expect(list.every((f) => f.cwe.join() === '404,772')).toBe(true);
  });

  it('CodeQL zip-slip: a URI with an unencoded space', async () => {
    const list = await findings(join(SHARED, 'codeql/vulnerable-snippets-zipslip.sarif'));
    expect(list.map(where)).toEqual(['XSS/Spring.java:16', 'Path Traversal/ZipTraversal.java:11']);
  });

  it('Snyk with a ruleIndex past the trimmed rules list: the rule is found by id', async () => {
    const list = await findings(join(SHARED, 'snyk/owasp-benchmark-snykcode-min.sarif'));
    expect(list.map((f) => f.rule.id)).toEqual(['java/WebCookieWithSecureFalse', 'java/Xpath']);
    expect(list[0]?.cwe).toEqual([614]);
  });

  it('Semgrep: nosemgrep suppression, dataflow traces, tool-supplied fixes', async () => {
    const suppressed = await findings(join(SHARED, 'semgrep/e2e-nosemgrep-suppressed.sarif'));
    expect(suppressed.map((f) => f.suppressed)).toEqual([true, false]);
    const [flow] = await findings(join(SHARED, 'semgrep/e2e-dataflow-traces.sarif'));
    expect(flow?.codeFlows[0]?.threadFlows[0]?.length).toBeGreaterThan(1);
    const fixes = await findings(join(SHARED, 'semgrep/e2e-autofix-fixes.sarif'));
    expect(fixes.every((f) => Array.isArray(f.scannerFixes) && f.scannerFixes.length > 0)).toBe(true);
  });
});
