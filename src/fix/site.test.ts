import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CODEMODS } from '../../codemods/index.js';
import type { Finding, FindingLocation } from '../sarif/finding.js';
import { loadFindings } from '../sarif/index.js';
import { runFixes } from './pipeline.js';
import { siteFinding } from './site.js';

function at(path: string, line: number, col: number, endCol: number): FindingLocation {
  return { status: 'in-tree', path, region: { startLine: line, startColumn: col, endColumn: endCol } };
}

function finding(
  rule: string,
  location: FindingLocation,
  related: FindingLocation[],
  tool = 'CodeQL',
): Finding {
  return {
    id: `${rule}:${location.path}:${location.region?.startLine}`,
    tool: { name: tool },
    rule: { id: rule },
    level: 'warning',
    cwe: [338],
    message:
      'This uses a cryptographically insecure random number generated at Math.random() in a security context.',
    location,
    relatedLocations: related,
    codeFlows: [],
    partialFingerprints: {},
    suppressed: false,
    suppressions: [],
    sources: [{ file: 'codeql.sarif', runIndex: 0, resultIndex: 0, tool }],
  };
}

describe('siteFinding', () => {
  const sink = at('src/session.js', 5, 21, 31);
  const source = { ...at('src/ids.js', 4, 10, 23), message: 'Math.random()' };

  it('fixes a rule a codemod lists in relatedSite at its one related location', () => {
    const f = finding('js/insecure-randomness', sink, [source]);
    const site = siteFinding(f, CODEMODS);
    expect(site).toEqual({
      sited: {
        ...f,
        location: source,
        fixSite: { reported: 'src/session.js:5', site: 'src/ids.js:4', message: 'Math.random()' },
      },
    });
    // The caller's finding is not touched.
    expect(f.location).toBe(sink);
  });

  it('keeps the primary location without related locations, for other rules and other scanners', () => {
    expect(siteFinding(finding('js/insecure-randomness', sink, []), CODEMODS)).toBeUndefined();
    expect(siteFinding(finding('js/xss-through-dom', sink, [source]), CODEMODS)).toBeUndefined();
    expect(
      siteFinding(finding('js/insecure-randomness', sink, [source], 'Semgrep OSS'), CODEMODS),
    ).toBeUndefined();
  });

  it('leaves the finding unfixed when the related location is outside the repository, saying where it is', () => {
    const outside: FindingLocation = {
      status: 'out-of-tree',
      uri: '/opt/lib/rand.js',
      note: 'absolute path /opt/lib/rand.js is outside the repository root',
      region: { startLine: 3 },
    };
    const site = siteFinding(finding('js/insecure-randomness', sink, [outside]), CODEMODS);
    expect(site).toEqual({
      unfixed: expect.stringMatching(
        /names the code to fix in relatedLocations, but \/opt\/lib\/rand\.js:3 is not a place in this repository \(out-of-tree: absolute path/,
      ),
    });
  });

  it('will not guess between several related locations (one report of the same place counts once)', () => {
    const other = at('src/other.js', 9, 3, 16);
    expect(
      siteFinding(finding('js/insecure-randomness', sink, [source, { ...source }]), CODEMODS),
    ).toMatchObject({
      sited: { location: source },
    });
    expect(siteFinding(finding('js/insecure-randomness', sink, [source, other]), CODEMODS)).toEqual({
      unfixed: expect.stringContaining(
        'names 2 related locations as the code to fix (src/ids.js:4, src/other.js:9)',
      ),
    });
  });
});

describe('runFixes at a related location', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  function repo(files: Record<string, string>): string {
    root = mkdtempSync(join(tmpdir(), 'trust-site-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }

  it('fixes new Random() in another Java file and hands back the caller finding, reported where it was', async () => {
    const dir = repo({
      'src/Tokens.java':
        'package a;\n\nimport java.util.Random;\n\nclass Tokens {\n  static final Random RNG = new Random();\n}\n',
      'src/Reset.java':
        'package a;\n\nclass Reset {\n  String token() {\n    return Long.toString(Tokens.RNG.nextLong());\n  }\n}\n',
    });
    const source = { ...at('src/Tokens.java', 6, 29, 41), message: 'Insecure randomness source.' };
    const f = finding('java/insecure-randomness', at('src/Reset.java', 5, 26, 47), [source]);
    const run = await runFixes({ root: dir, findings: [f], codemods: CODEMODS, write: true });
    expect(run.outcomes).toEqual([
      { finding: f, path: 'src/Tokens.java', status: 'fixed', codemod: 'trust:java/secure-random', line: 6 },
    ]);
    expect(run.files.map((c) => c.path)).toEqual(['src/Tokens.java']);
    expect(run.files[0]!.stages[0]!.findings).toEqual([f]);
    expect(run.files[0]!.stages[0]!.findings[0]).toBe(f);
    const fixed = readFileSync(join(dir, 'src/Tokens.java'), 'utf8');
    expect(fixed).toContain('static final Random RNG = new SecureRandom();');
    expect(fixed).toContain('import java.security.SecureRandom;');
    expect(readFileSync(join(dir, 'src/Reset.java'), 'utf8')).not.toContain('SecureRandom');
  });

  it('leaves a related location that is no random source alone, with the reason, at the reported path', async () => {
    const text = "const { v1 } = require('uuid');\nexports.id = () => v1();\n";
    const dir = repo({ 'src/ids.js': text, 'src/session.js': "exports.sid = require('./ids').id();\n" });
    const source = { ...at('src/ids.js', 2, 20, 24), message: 'v1()' };
    const f = finding('js/insecure-randomness', at('src/session.js', 1, 15, 36), [source]);
    const run = await runFixes({ root: dir, findings: [f], codemods: CODEMODS, write: true });
    expect(run.files).toEqual([]);
    expect(run.outcomes).toEqual([
      {
        finding: f,
        path: 'src/session.js',
        status: 'unfixed',
        codemod: 'trust:js/secure-random',
        reason:
          'CodeQL reports the use at src/session.js:1 and names src/ids.js:2 ("v1()") as the code to fix; trust:js/secure-random does not rewrite that code, so it is left as it is',
      },
    ]);
    expect(readFileSync(join(dir, 'src/ids.js'), 'utf8')).toBe(text);
  });
});

// Real CodeQL 2.17.3 output for WebGoat (AGPL-3.0 via pixee/codemodder-java, read from ../shared,
// never copied): two java/insecure-randomness results, one whose source is a `new Random()` in
// another class, one whose source is RandomStringUtils.randomAlphabetic (not java.util.Random).
const WEBGOAT = join(
  import.meta.dirname,
  '../../../shared/fixtures/sarif/codeql/webgoat-2023.8-java-ghas.sarif',
);

describe.skipIf(!existsSync(WEBGOAT))(
  'CodeQL java/insecure-randomness on WebGoat (../shared, skipped when absent)',
  () => {
    let root: string | undefined;
    afterEach(() => {
      if (root) rmSync(root, { recursive: true, force: true });
    });

    /** `text` on 1-based line `line`, after blank-ish filler lines (the sources are not in the fixture). */
    const lineAt = (line: number, text: string, head: string[]) =>
      [...head, ...Array.from({ length: line - 1 - head.length }, () => ''), text].join('\n');

    it('fixes the Random in HijackSessionAuthenticationProvider and explains the RandomStringUtils source', async () => {
      root = mkdtempSync(join(tmpdir(), 'trust-webgoat-'));
      const base = 'src/main/java/org/owasp/webgoat/lessons';
      // The code at the lines and columns the SARIF names, written here to fit its regions.
      const files: Record<string, string> = {
        [`${base}/hijacksession/cas/HijackSessionAuthenticationProvider.java`]: `${lineAt(
          48,
          '  private static long id = new Random().nextLong() & Long.MAX_VALUE;',
          [
            'package org.owasp.webgoat.lessons.hijacksession.cas;',
            '',
            'import java.util.Random;',
            '',
            'class P {',
          ],
        )}\n}\n`,
        [`${base}/hijacksession/HijackSessionAssignment.java`]: `${lineAt(86, '  void x() {}', ['class A {'])}\n}\n`,
        [`${base}/jwt/JWTRefreshEndpoint.java`]: `${lineAt(
          98,
          '    String refreshToken = RandomStringUtils.randomAlphabetic(20);',
          ['package org.owasp.webgoat.lessons.jwt;', '', 'class E {', '  void f() {'],
        )}\n    validRefreshTokens.add(refreshToken);\n  }\n}\n`,
      };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
      const all = (await loadFindings([WEBGOAT], { root })).findings;
      const findings = all.filter((f) => f.rule.id === 'java/insecure-randomness');
      expect(findings).toHaveLength(2);
      const run = await runFixes({ root, findings, codemods: CODEMODS, write: true });
      const byReported = new Map(run.outcomes.map((o) => [o.finding.location.path, o]));

      const hijack = byReported.get(`${base}/hijacksession/HijackSessionAssignment.java`)!;
      expect(hijack).toMatchObject({
        status: 'fixed',
        path: `${base}/hijacksession/cas/HijackSessionAuthenticationProvider.java`,
        line: 48,
        codemod: 'trust:java/secure-random',
      });
      const provider = readFileSync(
        join(root, `${base}/hijacksession/cas/HijackSessionAuthenticationProvider.java`),
        'utf8',
      );
      expect(provider).toContain(
        '  private static long id = new SecureRandom().nextLong() & Long.MAX_VALUE;',
      );
      expect(provider).toContain('import java.security.SecureRandom;');

      const jwt = byReported.get(`${base}/jwt/JWTRefreshEndpoint.java`)!;
      expect(jwt.status).toBe('unfixed');
      expect(jwt.path).toBe(`${base}/jwt/JWTRefreshEndpoint.java`);
      expect(jwt.reason).toBe(
        `CodeQL reports the use at ${base}/jwt/JWTRefreshEndpoint.java:99 and names ${base}/jwt/JWTRefreshEndpoint.java:98 ("RandomStringUtils.randomAlphabetic(20)") as "Insecure randomness source"; trust:java/secure-random does not rewrite that code, so it is left as it is`,
      );
      expect(readFileSync(join(root, `${base}/jwt/JWTRefreshEndpoint.java`), 'utf8')).toBe(
        files[`${base}/jwt/JWTRefreshEndpoint.java`],
      );
    });
  },
);
