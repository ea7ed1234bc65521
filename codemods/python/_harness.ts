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

/**
 * A finding as a scanner would report it on the `nth` occurrence of `text` in `source`
 * (region = exactly that text, 1-based columns, end exclusive). For edge-case tests that
 * need many small inputs; the fixture tests use real SARIF files.
 */
export function findingOn(
  tool: string,
  rule: string,
  path: string,
  source: string,
  text: string,
  nth = 0,
): Finding {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = source.indexOf(text, at + 1);
  if (at < 0) throw new Error(`"${text}" not found in ${path}`);
  const before = source.slice(0, at).split('\n');
  const through = source.slice(0, at + text.length).split('\n');
  // Bandit's columns are Python's col_offset: UTF-8 bytes, not characters.
  const width = (line: string | undefined) =>
    /bandit/i.test(tool) ? Buffer.byteLength(line ?? '', 'utf8') : (line?.length ?? 0);
  return {
    id: `${rule}:${path}:${at}`,
    tool: { name: tool },
    rule: { id: rule },
    level: 'warning',
    cwe: [],
    message: rule,
    location: {
      path,
      status: 'in-tree',
      region: {
        startLine: before.length,
        startColumn: width(before[before.length - 1]) + 1,
        endLine: through.length,
        endColumn: width(through[through.length - 1]) + 1,
      },
    },
    relatedLocations: [],
    codeFlows: [],
    partialFingerprints: {},
    suppressed: false,
    suppressions: [],
    sources: [],
  };
}

/** Fix `source` for the given findings with the whole catalogue; returns the text and outcomes. */
export function fixSource(path: string, source: string, findings: Finding[]): FileFixResult {
  const language = languageOf(path);
  if (!language) throw new Error(`no language for ${path}`);
  return fixFile({ path, language, source, findings, codemods: CODEMODS });
}
