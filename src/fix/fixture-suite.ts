/**
 * The fixture convention every codemod follows, and the runner its tests use. A fixture case
 * is a folder holding:
 *   <file>.<ext>            vulnerable input written for this repository
 *   *.sarif                 what a real scanner emits for it (same rule ids, region shapes)
 *   <file>.expected.<ext>   the exact expected output (absent: the file must not change);
 *                           without <file>.<ext>, a file the fix must create (a helpers module)
 *   unfixed.json            optional: [{ "path", "line", "reason" }] every finding expected to
 *                           stay unfixed, `reason` being a substring of the reported reason
 *   mitigated.json          optional: [{ "path", "line", "rule" }] every finding expected to be
 *                           fixed but still reported by its rule (recorded as mitigated)
 *   options.json            optional: { "suppress": true } to write suppression comments
 * The runner copies the folder to a temporary repository root, ingests the SARIF with the
 * real loader, fixes, and then fixes again (the second run must change nothing).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFindings } from '../sarif/index.js';
import type { Codemod } from './codemod.js';
import type { FindingOutcome } from './engine.js';
import { firstSyntaxError, languageOf, parseSource } from './languages.js';
import { type FixRun, runFixes } from './pipeline.js';

export interface ExpectedUnfixed {
  path: string;
  line: number;
  reason: string;
}

export interface FixtureFile {
  path: string;
  actual: string;
  expected: string;
  /** First syntax error of the output, if any. */
  syntaxError?: { line: number; column: number };
}

export interface FixtureResult {
  name: string;
  files: FixtureFile[];
  first: FixRun;
  second: FixRun;
  /** Unfixed outcomes as { path, line, reason }. */
  unfixed: { path: string; line: number; reason: string; rule: string }[];
  expectedUnfixed: ExpectedUnfixed[];
  /** Fixed outcomes the scanner still reports, as { path, line, rule }. */
  mitigated: { path: string; line: number; rule: string }[];
  /** From mitigated.json, when the case has one. */
  expectedMitigated?: { path: string; line: number; rule: string }[];
  fixedCount: number;
}

/** Every fixture case folder under `dir` (a folder with at least one .sarif file). */
export function fixtureCases(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    const entries = readdirSync(d, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name.endsWith('.sarif'))) out.push(d);
    for (const e of entries) if (e.isDirectory()) walk(join(d, e.name));
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

function expectedName(file: string): string {
  const dot = file.lastIndexOf('.');
  return `${file.slice(0, dot)}.expected${file.slice(dot)}`;
}

function describeUnfixed(o: FindingOutcome) {
  return {
    path: o.path,
    line: o.finding.location.region?.startLine ?? 0,
    reason: o.reason ?? '',
    rule: o.finding.rule.id,
  };
}

/** `options` overrides the case's options.json (the real-scanner test runs cases both ways). */
export async function runFixtureCase(
  dir: string,
  codemods: readonly Codemod[],
  options: { suppress?: boolean } = {},
): Promise<FixtureResult> {
  const root = mkdtempSync(join(tmpdir(), 'trust-fixture-'));
  try {
    cpSync(dir, root, { recursive: true });
    const names = readdirSync(root);
    const sarifs = names.filter((n) => n.endsWith('.sarif')).map((n) => join(root, n));
    // A file the fix creates (a shared helpers module) has an expected file and no input.
    const created = names
      .filter((n) => n.includes('.expected.'))
      .map((n) => n.replace('.expected.', '.'))
      .filter((n) => !names.includes(n));
    const sources = [...names.filter((n) => languageOf(n) && !n.includes('.expected.')), ...created];
    const load = async () => (await loadFindings(sarifs, { root })).findings;
    const optionsFile = join(dir, 'options.json');
    const fromFile = existsSync(optionsFile)
      ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as { suppress?: boolean })
      : {};
    const suppress = options.suppress ?? fromFile.suppress ?? false;
    const first = await runFixes({ root, findings: await load(), codemods, write: true, suppress });
    const second = await runFixes({ root, findings: await load(), codemods, write: true, suppress });
    const files = sources.map((path): FixtureFile => {
      const actual = existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : '(not created)';
      const exp = join(dir, expectedName(path));
      const expected = existsSync(exp) ? readFileSync(exp, 'utf8') : readFileSync(join(dir, path), 'utf8');
      const syntaxError = firstSyntaxError(parseSource(languageOf(path)!, actual).root());
      return { path, actual, expected, ...(syntaxError ? { syntaxError } : {}) };
    });
    const unfixedFile = join(dir, 'unfixed.json');
    const mitigatedFile = join(dir, 'mitigated.json');
    return {
      name: dir,
      files,
      first,
      second,
      unfixed: first.outcomes.filter((o) => o.status === 'unfixed').map(describeUnfixed),
      expectedUnfixed: existsSync(unfixedFile)
        ? (JSON.parse(readFileSync(unfixedFile, 'utf8')) as ExpectedUnfixed[])
        : [],
      mitigated: first.outcomes
        .filter((o) => o.mitigation)
        .map((o) => ({
          path: o.path,
          line: o.finding.location.region?.startLine ?? 0,
          rule: o.finding.rule.id,
        })),
      ...(existsSync(mitigatedFile)
        ? { expectedMitigated: JSON.parse(readFileSync(mitigatedFile, 'utf8')) as FixtureResult['mitigated'] }
        : {}),
      fixedCount: first.outcomes.filter((o) => o.status === 'fixed').length,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Whether every unfixed outcome is expected and every expected one happened. */
export function unfixedMismatch(result: FixtureResult): string | undefined {
  const pending = [...result.expectedUnfixed];
  for (const u of result.unfixed) {
    const i = pending.findIndex((e) => e.path === u.path && e.line === u.line && u.reason.includes(e.reason));
    if (i < 0) return `unexpected unfixed finding ${u.rule} at ${u.path}:${u.line}: ${u.reason}`;
    pending.splice(i, 1);
  }
  const missing = pending[0];
  return missing
    ? `expected ${missing.path}:${missing.line} to stay unfixed ("${missing.reason}") but it did not`
    : undefined;
}
