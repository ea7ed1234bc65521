/**
 * test/helpers/weak-hash-repo: a small real git repository whose SARIF has findings that
 * `trust:js/weak-hash` fixes (one per file), plus, on request, one no codemod answers and one
 * in test code that triage sets aside. Used by the bad-input tests of `findings`, `triage`, `fix`.
 */
import { makeGitRepo, type TempRepo } from './git-repo.js';

const LINE = "const h = crypto.createHash('md5').update(x).digest('hex');";
export const WEAK_SOURCE = `const crypto = require('node:crypto');\n${LINE}\nmodule.exports = h;\n`;
const COL = LINE.indexOf("crypto.createHash('md5')") + 1;

export interface ResultSpec {
  uri: string;
  rule?: string;
  level?: 'error' | 'warning' | 'note';
}

export function sarifOf(results: readonly ResultSpec[]): string {
  const rules = [...new Set(results.map((r) => r.rule ?? 'js/weak-cryptographic-algorithm'))];
  return JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'CodeQL', rules: rules.map((id) => ({ id })) } },
        results: results.map((r) => ({
          ruleId: r.rule ?? 'js/weak-cryptographic-algorithm',
          level: r.level ?? 'warning',
          message: { text: 'A broken or weak cryptographic algorithm (MD5) is used.' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: r.uri },
                region: {
                  startLine: 2,
                  startColumn: COL,
                  endColumn: COL + "crypto.createHash('md5')".length,
                },
              },
            },
          ],
        })),
      },
    ],
  });
}

/** A committed repository with `files` (each WEAK_SOURCE) and `a.sarif` for `results`. */
export async function weakHashRepo(
  files: readonly string[],
  results: readonly ResultSpec[],
): Promise<TempRepo> {
  const tree: Record<string, string> = { 'a.sarif': sarifOf(results) };
  for (const f of files) tree[f] = WEAK_SOURCE;
  return makeGitRepo(tree);
}
