/**
 * SPEC §5 path invariant, end to end: locations that resolve outside the repository root
 * (`..`, an absolute path elsewhere, a symlink leaving the tree, %2e%2e, a uriBaseId that
 * climbs out) are reported out-of-tree, carry no path, and are never read — their
 * fingerprint falls back to the line number, while the in-tree control is read (line-text).
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/sarif/finding.js';
import { makeGitRepo, makeTempDir } from './helpers/git-repo.js';
import { hasStackTrace, REPO_ROOT, runTrust } from './helpers/run-trust.js';

describe('path safety (fixtures/sarif/own/path-safety.sarif)', () => {
  // <parent>/outside/secret.txt sits next to the repository <parent>/repo.
  const parent = makeTempDir('trust-paths-');
  const root = join(parent, 'repo');
  let list: Finding[] = [];
  let stderr = '';

  beforeAll(async () => {
    mkdirSync(join(parent, 'outside'));
    writeFileSync(join(parent, 'outside/secret.txt'), 'TOP-SECRET-VALUE\n');
    mkdirSync(root);
    await makeGitRepo(
      {
        'src/app.js': 'const x = 1;\neval(req.query.code);\n',
        escape: { symlink: join(parent, 'outside') },
      },
      { dir: root },
    );
    copyFileSync(join(REPO_ROOT, 'fixtures/sarif/own/path-safety.sarif'), join(root, 'scan.sarif'));
    const r = await runTrust(['findings', 'scan.sarif', '--json'], { cwd: root });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(hasStackTrace(r.stderr)).toBe(false);
    list = JSON.parse(r.stdout) as Finding[];
    stderr = r.stderr;
  });
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  const byRule = (id: string) => list.find((f) => f.rule.id === id);

  it('keeps the in-tree control (under a foreign SRCROOT) and reads it', () => {
    expect(byRule('PS-OK')?.location).toMatchObject({ status: 'in-tree', path: 'src/app.js' });
    expect(byRule('PS-OK')?.fingerprintBasis).toBe('line-text');
  });

  for (const [rule, why] of [
    ['PS-DOTDOT', /climbs out/],
    ['PS-ABSOLUTE', /outside the repository root/],
    ['PS-SYMLINK', /symbolic link/],
    ['PS-ENCODED', /climbs out/],
    ['PS-BASE', /climbs out/],
  ] as const) {
    it(`${rule}: out-of-tree, no path, never read`, () => {
      const f = byRule(rule);
      expect(f?.location.status).toBe('out-of-tree');
      expect(f?.location.path).toBeUndefined();
      expect(f?.location.note).toMatch(why);
      expect(f?.fingerprintBasis).toBe('line-number');
    });
  }

  it('says so on stderr and never prints the outside file', () => {
    expect(stderr).toMatch(/out of tree \(never read\)/);
    expect(`${stderr}${JSON.stringify(list)}`).not.toContain('TOP-SECRET-VALUE');
  });
});
