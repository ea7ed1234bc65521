import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { runTrust } from './helpers/run-trust.js';

const TOKEN =
  "function token() {\n  return crypto.createHash('md5').update(String(Date.now())).digest('hex');\n}\n";

function sarifFor(paths: string[]): string {
  const col = TOKEN.split('\n')[1]!.indexOf("crypto.createHash('md5')") + 1;
  return JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'CodeQL', rules: [{ id: 'js/weak-cryptographic-algorithm' }] } },
        results: paths.map((uri) => ({
          ruleId: 'js/weak-cryptographic-algorithm',
          message: { text: 'A broken or weak cryptographic algorithm (MD5) is used.' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri },
                region: {
                  startLine: 3,
                  startColumn: col,
                  endColumn: col + "crypto.createHash('md5')".length,
                },
              },
            },
          ],
        })),
      },
    ],
  });
}

describe('trust fix: triage comes before fixing', () => {
  let repo: TempRepo;
  const files = ['src/token.js', 'test/token.test.js', 'vendor/lib/token.js'];
  beforeAll(async () => {
    const tree: Record<string, string> = {};
    for (const f of files) tree[f] = `const crypto = require('node:crypto');\n${TOKEN}`;
    repo = await makeGitRepo(tree);
    writeFileSync(join(repo.dir, '..', `${repo.dir.split('/').pop()}.sarif`), sarifFor(files));
  });
  afterAll(async () => repo.cleanup());

  const sarif = () => join(repo.dir, '..', `${repo.dir.split('/').pop()}.sarif`);

  it('leaves findings in test and vendored code unfixed, with the triage rule as the reason', async () => {
    const r = await runTrust(['fix', sarif(), '--json', '--dry-run'], { cwd: repo.dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      fixed: { path: string }[];
      unfixed: { path: string; reason: string }[];
    };
    expect(out.fixed.map((f) => f.path)).toEqual(['src/token.js']);
    const reasons = Object.fromEntries(out.unfixed.map((u) => [u.path, u.reason]));
    expect(reasons['test/token.test.js']).toMatch(/^triaged wont_fix: .*\[trust\/test-code\]/);
    expect(reasons['vendor/lib/token.js']).toMatch(
      /^triaged (wont_fix|false_positive): .*\[trust\/vendored-code\]/,
    );
  });

  it('--no-triage fixes them too', async () => {
    const r = await runTrust(['fix', sarif(), '--no-triage'], { cwd: repo.dir });
    expect(r.exitCode, r.stderr).toBe(0);
    for (const f of files) expect(readFileSync(join(repo.dir, f), 'utf8')).toContain("createHash('sha256')");
    // Every applied change is in the audit log: fingerprints and the diff's hash, no code.
    const log = await runTrust(['log', 'show', '--kind', 'fix', '--json'], { cwd: repo.dir });
    expect(log.exitCode, log.stderr).toBe(0);
    const entries = JSON.parse(log.stdout) as { entry: Record<string, unknown> }[];
    expect(entries).toHaveLength(3);
    for (const { entry } of entries) {
      expect(entry).toMatchObject({
        kind: 'fix',
        method: 'codemod',
        codemod: 'trust:js/weak-hash',
        outcome: 'applied',
      });
      expect(entry.diffSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(entry)).not.toContain('createHash');
    }
  });
});
