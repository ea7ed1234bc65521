/**
 * Each file of the SARIF edge-case set (fixtures/sarif/edge-cases, from microsoft/sarif-sdk,
 * github/codeql-action and DefectDojo; see SOURCES.md) and its documented behaviour.
 * Invalid files: exit 2, one line naming the file and where, no stack trace.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/sarif/finding.js';
import { makeTempDir } from './helpers/git-repo.js';
import { hasStackTrace, REPO_ROOT, runTrust } from './helpers/run-trust.js';

const EDGE = join(REPO_ROOT, 'fixtures/sarif/edge-cases');
const OWN = join(REPO_ROOT, 'fixtures/sarif/own');
const SHARED_SNAKE = join(
  REPO_ROOT,
  '../shared/fixtures/sarif/edge-cases/snake-case-keys-pygoat-semgrep.sarif',
);

const root = makeTempDir('trust-edge-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function ok(file: string, ...flags: string[]): Promise<Finding[]> {
  const r = await runTrust(['findings', file, '--json', '-C', root, ...flags]);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Finding[];
}

/** Runs the binary on an invalid file; returns its single stderr line. */
async function rejected(file: string, ...flags: string[]): Promise<string> {
  const r = await runTrust(['findings', file, '-C', root, ...flags]);
  expect(r.exitCode).toBe(2);
  expect(hasStackTrace(r.stderr)).toBe(false);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(file);
  return lines[0] ?? '';
}

describe('SARIF edge cases', () => {
  it('invalid-json-syntax: not JSON -> exit 2 with line and column', async () => {
    expect(await rejected(join(EDGE, 'invalid-json-syntax.sarif'))).toMatch(/invalid JSON.*line 3, column 3/);
  });

  it('codeql-action-invalid: "results": 42 -> exit 2 naming /runs/0/results', async () => {
    expect(await rejected(join(EDGE, 'codeql-action-invalid.sarif'))).toMatch(
      /results.*must be an array.*\/runs\/0\/results/,
    );
  });

  it('sarif-v1.0.0: an unsupported version -> exit 2 saying so', async () => {
    expect(await rejected(join(EDGE, 'sarif-v1.0.0.sarif'))).toMatch(/SARIF 1\.0\.0 is not supported/);
  });

  it('invalid-deserialization: a stack without frames; no usable result -> exit 2 with the pointer', async () => {
    expect(await rejected(join(EDGE, 'invalid-deserialization.sarif'))).toContain(
      '/runs/0/results/0/stacks/0/frames',
    );
  });

  it('snake_case re-serialised SARIF is rejected, not read as zero findings', async () => {
    expect(await rejected(join(OWN, 'snake-case.sarif'))).toMatch(/rule_id.*snake_case/);
  });

  it.skipIf(!existsSync(SHARED_SNAKE))(
    'snake-case-keys-pygoat-semgrep (copyleft, read from ../shared; skipped when absent) is rejected',
    async () => {
      expect(await rejected(SHARED_SNAKE)).toMatch(/snake_case key.*\/runs\/0/);
    },
  );

  it('no-runs: "runs": [] is success with zero findings', async () => {
    expect(await ok(join(EDGE, 'no-runs.sarif'))).toEqual([]);
    const plain = await runTrust(['findings', join(EDGE, 'no-runs.sarif'), '-C', root]);
    expect(plain.stdout).toMatch(/^0 findings from 0 results in 1 file/m);
  });

  it('multiple-runs: two runs, results without locations', async () => {
    const list = await ok(join(EDGE, 'multiple-runs.sarif'));
    expect(list.map((f) => [f.rule.id, f.sources[0]?.runIndex, f.location.status])).toEqual([
      ['TST0001', 0, 'unresolved'],
      ['TST0002', 0, 'unresolved'],
      ['TST0003', 1, 'unresolved'],
    ]);
    expect(list.map((f) => f.message)).toEqual(['Error 1', 'Error 2', 'Error 3']);
  });

  it('absolute-and-windows-paths: file:///c:/ is out of tree unless mapped with --source-root', async () => {
    const [unmapped] = await ok(join(EDGE, 'absolute-and-windows-paths.sarif'));
    expect(unmapped?.location).toMatchObject({ status: 'out-of-tree', uri: 'file:///c:/src/test.c' });
    expect(unmapped?.location.path).toBeUndefined();
    const [mapped] = await ok(join(EDGE, 'absolute-and-windows-paths.sarif'), '--source-root', 'C:\\src');
    expect(mapped?.location).toMatchObject({ status: 'in-tree', path: 'test.c' });
  });

  it('suppressions-baseline (UTF-8 BOM): kind external without status is suppressed', async () => {
    const list = await ok(join(EDGE, 'suppressions-baseline.sarif'), '--source-root', 'file:///C:/code/');
    expect(list.map((f) => [f.rule.id, f.suppressed, f.location.path])).toEqual([
      ['TST0001', true, 'file1.c'],
      ['TST0002', true, 'file2.c'],
      ['TST0003', true, 'file3.c'],
      ['TST0004', false, 'file4.c'],
    ]);
    const withoutSuppressed = await ok(join(EDGE, 'suppressions-baseline.sarif'), '--level', 'warning');
    expect(withoutSuppressed).toHaveLength(4);
    const env = await runTrust(
      ['findings', join(EDGE, 'suppressions-baseline.sarif'), '--json', '-C', root],
      {
        env: { TRUST_INCLUDE_SUPPRESSED: 'false' },
      },
    );
    expect((JSON.parse(env.stdout) as Finding[]).map((f) => f.rule.id)).toEqual(['TST0004']);
  });

  it('uribaseids-valid: an undefined %SRCROOT% is the repository root', async () => {
    const [f] = await ok(join(EDGE, 'uribaseids-valid.sarif'));
    expect(f?.location).toMatchObject({ status: 'in-tree', path: 'file.c' });
  });

  it('uribaseids-invalid: absolute URI plus uriBaseId and bad base ids warn, never crash', async () => {
    const r = await runTrust(['findings', join(EDGE, 'uribaseids-invalid.sarif'), '--json', '-C', root]);
    expect(r.exitCode).toBe(0);
    const [f] = JSON.parse(r.stdout) as Finding[];
    expect(f?.location.status).toBe('out-of-tree');
    expect(r.stderr).toMatch(/file:\/\/\/C:\/src\/file\.c is out of tree \(never read\)/);
  });

  it('codeql-action-with-invalid-uri: "not a valid URI" is kept as a (missing) relative file; bad helpUri dropped', async () => {
    const [f] = await ok(join(EDGE, 'codeql-action-with-invalid-uri.sarif'));
    expect(f?.rule.id).toBe('js/unused-local-variable');
    expect(f?.rule.helpUri).toBeUndefined();
    expect(f?.location).toMatchObject({
      status: 'in-tree',
      path: 'not a valid URI',
      region: { startLine: 2 },
    });
    expect(f?.fingerprintBasis).toBe('line-number');
  });
});
