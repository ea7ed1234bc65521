/**
 * Test harness for the Python and Java codemod fixtures: load a fixture's SARIF with the real
 * ingest (src/sarif), run the real engine (src/fix/engine) with the whole catalogue, and
 * return the fixed text, the outcomes, and a second run over the fixed text (idempotence).
 * Used by the *.test.ts files beside the codemods; not part of the CLI.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FileFixResult, fixFile } from '../../src/fix/engine.js';
import { firstSyntaxError, languageOf, parseSource } from '../../src/fix/languages.js';
import type { Finding } from '../../src/sarif/finding.js';
import { loadFindings } from '../../src/sarif/index.js';
import { CODEMODS } from '../index.js';

export interface FixtureRun {
  first: FileFixResult;
  second: FileFixResult;
  findings: Finding[];
  /** 1-based line of the first syntax error in the fixed text, if any. */
  syntaxErrorLine?: number;
}

export async function runFixture(dir: string, file: string, sarifs: string[]): Promise<FixtureRun> {
  const { findings: all } = await loadFindings(
    sarifs.map((s) => join(dir, s)),
    { root: dir },
  );
  const findings = all.filter((f) => f.location.path === file);
  const language = languageOf(file);
  if (!language) throw new Error(`no language for ${file}`);
  const source = readFileSync(join(dir, file), 'utf8');
  const first = fixFile({ path: file, language, source, findings, codemods: CODEMODS });
  const second = fixFile({ path: file, language, source: first.after, findings, codemods: CODEMODS });
  const error = firstSyntaxError(parseSource(language, first.after).root());
  return { first, second, findings, syntaxErrorLine: error?.line };
}

export function readFixture(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

/** "line: status reason" per outcome, for readable assertions. */
export function outcomeLines(result: FileFixResult): string[] {
  return result.outcomes
    .map((o) => `${o.finding.location.region?.startLine}: ${o.status}${o.reason ? ` (${o.reason})` : ''}`)
    .sort();
}
