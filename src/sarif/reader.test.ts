import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { readSarif, type SarifEvent } from './reader.js';

const dir = mkdtempSync(join(tmpdir(), 'trust-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `f${counter++}.sarif`);
  writeFileSync(path, content);
  return path;
}

function events(path: string): SarifEvent[] {
  return [...readSarif(path)];
}

/** The one-line message readSarif throws for this content (fails the test if it does not throw). */
function errorFor(content: string | Buffer): string {
  const path = file(content);
  try {
    events(path);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message.startsWith(`${path}: `)).toBe(true);
    expect(message).not.toContain('\n');
    return message.slice(path.length + 2);
  }
  throw new Error('readSarif did not throw');
}

const tool = { driver: { name: 'CodeQL', rules: [{ id: 'js/xss' }] } };
const result = (n: number) => ({ ruleId: 'js/xss', message: { text: `r${n}` } });

describe('readSarif on valid logs', () => {
  it('yields each run (without results), then its results, then runEnd', () => {
    const log = {
      version: '2.1.0',
      runs: [
        { tool, results: [result(0), result(1)], columnKind: 'utf16CodeUnits' },
        { tool: { driver: { name: 'Semgrep' } }, results: [] },
      ],
    };
    expect(events(file(JSON.stringify(log, null, 2)))).toEqual([
      { type: 'run', runIndex: 0, run: { tool, columnKind: 'utf16CodeUnits' } },
      { type: 'result', runIndex: 0, resultIndex: 0, result: result(0) },
      { type: 'result', runIndex: 0, resultIndex: 1, result: result(1) },
      { type: 'runEnd', runIndex: 0, resultCount: 2 },
      { type: 'run', runIndex: 1, run: { tool: { driver: { name: 'Semgrep' } } } },
      { type: 'runEnd', runIndex: 1, resultCount: 0 },
    ]);
  });

  it('puts the run before its results even when results come first in the file', () => {
    const text = `{"runs":[{"results":[${JSON.stringify(result(7))}],"tool":${JSON.stringify(tool)}}],"version":"2.1.0"}`;
    const got = events(file(text));
    expect(got.map((e) => e.type)).toEqual(['run', 'result', 'runEnd']);
    expect(got[0]).toEqual({ type: 'run', runIndex: 0, run: { tool } });
    expect(got[1]).toEqual({ type: 'result', runIndex: 0, resultIndex: 0, result: result(7) });
  });

  it('treats runs: [] as success with no events', () => {
    expect(events(file('{"version":"2.1.0","runs":[]}'))).toEqual([]);
  });

  it('treats a run without results (or results: null) as zero results', () => {
    const got = events(file('{"version":"2.1.0","runs":[{"tool":{}},{"tool":{},"results":null}]}'));
    expect(got.filter((e) => e.type === 'runEnd')).toEqual([
      { type: 'runEnd', runIndex: 0, resultCount: 0 },
      { type: 'runEnd', runIndex: 1, resultCount: 0 },
    ]);
  });

  it('strips a UTF-8 byte order mark', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const body = Buffer.from('{"version":"2.1.0","runs":[{"tool":{},"results":[{"ruleId":"é"}]}]}');
    const got = events(file(Buffer.concat([bom, body])));
    expect(got[1]).toEqual({ type: 'result', runIndex: 0, resultIndex: 0, result: { ruleId: 'é' } });
  });

  it('reads a file larger than its scan window and read-back blocks exactly as JSON.parse does', () => {
    // > 4 MiB window and > 8 MiB block: results and run properties straddle both boundaries.
    const big = (n: number) => ({
      ruleId: `r${n % 7}`,
      message: { text: `quote " backslash \\ unicode é😀 ${n}`.repeat(20 + (n % 10)) },
      locations: [
        { physicalLocation: { artifactLocation: { uri: `src/f${n}.js` }, region: { startLine: n } } },
      ],
    });
    const log = {
      version: '2.1.0',
      runs: [
        { tool, results: Array.from({ length: 6_000 }, (_, n) => big(n)), columnKind: 'utf16CodeUnits' },
        {
          results: Array.from({ length: 4_000 }, (_, n) => big(n + 1)),
          tool: { driver: { name: 'second' } },
        },
      ],
    };
    const text = JSON.stringify(log, null, 4);
    expect(text.length).toBeGreaterThan(12 * 1024 * 1024);
    const got = events(file(text));
    expect(got.length).toBe(2 + 6_000 + 4_000 + 2);
    expect(got[0]).toEqual({ type: 'run', runIndex: 0, run: { tool, columnKind: 'utf16CodeUnits' } });
    const results = got.filter((e) => e.type === 'result').map((e) => (e as { result: unknown }).result);
    expect(results).toEqual([...log.runs[0]!.results, ...log.runs[1]!.results]);
    expect(got[6_002]).toEqual({ type: 'run', runIndex: 1, run: { tool: { driver: { name: 'second' } } } });
    expect(got.at(-1)).toEqual({ type: 'runEnd', runIndex: 1, resultCount: 4_000 });
  });

  it('passes results through untouched, even ones that are not objects', () => {
    const got = events(file('{"version":"2.1.0","runs":[{"tool":{},"results":[1,"x",null,{"a":[{}]}]}]}'));
    expect(got.filter((e) => e.type === 'result').map((e) => (e as { result: unknown }).result)).toEqual([
      1,
      'x',
      null,
      { a: [{}] },
    ]);
  });
});

describe('readSarif rejects what is not SARIF 2.1.0 with one line naming the place', () => {
  it('rejects an empty file', () => {
    expect(errorFor('')).toMatch(/empty/);
    expect(errorFor('  \n')).toMatch(/empty/);
  });

  it('rejects a top level that is not an object', () => {
    expect(errorFor('[1,2]')).toBe('a SARIF log must be a JSON object, found an array at the top level');
  });

  it('rejects SARIF 1.0.0 with a pointer to the multitool', () => {
    expect(errorFor('{"version":"1.0.0","runs":[]}')).toBe(
      'SARIF 1.0.0 is not supported; convert it with the SARIF multitool at /version',
    );
  });

  it('rejects other versions and a missing version', () => {
    expect(errorFor('{"version":"2.0.0","runs":[]}')).toBe(
      'unsupported SARIF version "2.0.0" (expected "2.1.0") at /version',
    );
    expect(errorFor('{"runs":[]}')).toBe('"version" is missing (expected "2.1.0") at /version');
  });

  it('checks the version even when it comes after runs', () => {
    expect(errorFor('{"runs":[{"tool":{},"results":[]}],"version":"1.0.0"}')).toMatch(/1\.0\.0.*\/version$/);
  });

  it('rejects missing or non-array runs', () => {
    expect(errorFor('{"version":"2.1.0"}')).toBe('"runs" is missing at /runs');
    expect(errorFor('{"version":"2.1.0","runs":{}}')).toBe(
      '"runs" must be an array, found an object at /runs',
    );
  });

  it('rejects a run that is not an object', () => {
    expect(errorFor('{"version":"2.1.0","runs":[{"tool":{}},"x"]}')).toBe(
      'a run must be an object, found a string at /runs/1',
    );
  });

  it('rejects results that are not an array', () => {
    expect(errorFor('{"version":"2.1.0","runs":[{"tool":{},"results":42}]}')).toBe(
      '"results" must be an array, found a number at /runs/0/results',
    );
  });

  it('rejects text that is not JSON with line, column and the enclosing pointer', () => {
    // The shape of sarif-sdk's JSON1001.SyntaxError.sarif: a stray comma on line 3.
    const text = '{\n  "$schema": "x",\n  ,\n  "version": "2.1.0",\n  "runs": []\n}\n';
    expect(errorFor(text)).toBe(
      "invalid JSON: expected a property name in double quotes but found ',' at line 3, column 3 in the top level",
    );
    expect(errorFor('hello')).toBe(
      "invalid JSON: expected a value but found 'h' at line 1, column 1 in the top level",
    );
  });

  it('names the result that holds a syntax error', () => {
    const results = Array.from({ length: 14 }, (_, n) => JSON.stringify(result(n)));
    results[12] = '{"ruleId": "js/xss", "message": {"text": "a"} "level": "error"}';
    const text = `{"version":"2.1.0","runs":[{"tool":{},"results":[\n${results.join(',\n')}\n]}]}`;
    expect(errorFor(text)).toBe(
      `invalid JSON: expected ',' or '}' but found '"' at line 14, column 47 in /runs/0/results/12`,
    );
  });

  it('reports a truncated file with the innermost open value', () => {
    const log = {
      version: '2.1.0',
      runs: [{ tool, results: [result(0), { locations: [{ uri: 'a/b.js' }] }] }],
    };
    const full = JSON.stringify(log, null, 2);
    const cut = full.slice(0, full.indexOf('a/b.js') + 3);
    const line = cut.split('\n').length;
    expect(errorFor(cut)).toBe(
      `invalid JSON: the file ends too early (truncated?) inside a string at line ${line}, column 26 in /runs/0/results/1/locations/0/uri`,
    );
    expect(errorFor(full.slice(0, -1))).toMatch(
      /ends too early \(truncated\?\) at line \d+, column \d+ in the top level$/,
    );
  });

  it('rejects content after the log, and broken values it does not hand out', () => {
    expect(errorFor('{"version":"2.1.0","runs":[]} x')).toBe(
      "invalid JSON: unexpected 'x' after the end of the JSON document at line 1, column 31 in the top level",
    );
    expect(errorFor('{"version":"2.1.0","runs":[],"properties":{"a":tru}}')).toBe(
      "invalid JSON: expected 'true' but found '}' at line 1, column 51 in /properties/a",
    );
    expect(errorFor('{"version":"2.1.0","runs":[{"tool":{"driver":[}}]}')).toBe(
      "invalid JSON: expected a value but found '}' at line 1, column 47 in /runs/0/tool/driver/0",
    );
  });

  it('counts columns in characters, not bytes', () => {
    expect(errorFor('{"version":"2.1.0","runs":[{"tool":{"é€😀":1 2}}]}')).toMatch(/column 45 /);
  });

  it('says when the file is UTF-16 or gzip rather than UTF-8 JSON', () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('{"version":"2.1.0","runs":[]}', 'utf16le'),
    ]);
    expect(errorFor(utf16)).toMatch(
      /^the file is UTF-16 encoded; SARIF must be UTF-8 .* at the start of the file$/,
    );
    expect(errorFor(gzipSync('{"version":"2.1.0","runs":[]}'))).toMatch(
      /gzip-compressed; decompress it first/,
    );
  });

  it('says when the file cannot be read', () => {
    expect(() => [...readSarif(join(dir, 'missing.sarif'))]).toThrow(
      /missing\.sarif: cannot be read \(ENOENT\)/,
    );
    expect(() => [...readSarif(dir)]).toThrow(/is a directory/);
  });
});

// The public fixtures live beside the repository (some under licenses we do not copy), so this
// reads them in place and is skipped on a clone without them.
const shared = join(import.meta.dirname, '../../../shared/fixtures/sarif');
const sharedFiles = existsSync(shared)
  ? readdirSync(shared, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.sarif'))
  : [];

describe.skipIf(sharedFiles.length === 0)(
  'readSarif on ../shared/fixtures/sarif (skipped when absent)',
  () => {
    const invalid: Record<string, string> = {
      'edge-cases/invalid-json-syntax.sarif':
        "invalid JSON: expected a property name in double quotes but found ',' at line 3, column 3 in the top level",
      'edge-cases/sarif-v1.0.0.sarif':
        'SARIF 1.0.0 is not supported; convert it with the SARIF multitool at /version',
      'edge-cases/codeql-action-invalid.sarif':
        '"results" must be an array, found a number at /runs/0/results',
    };

    it.each(sharedFiles)('%s: same runs and results as JSON.parse, or the documented error', (name) => {
      const path = join(shared, name);
      const expected = invalid[name];
      if (expected) {
        expect(() => [...readSarif(path)]).toThrow(`${path}: ${expected}`);
        return;
      }
      const log = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as {
        runs: Record<string, unknown>[];
      };
      const rebuilt: Record<string, unknown>[] = [];
      for (const event of readSarif(path)) {
        if (event.type === 'run') rebuilt.push({ ...event.run });
        const run = rebuilt[event.runIndex]!;
        if (event.type === 'result') {
          run.results ??= [];
          const results = run.results as unknown[];
          expect(event.resultIndex).toBe(results.length);
          results.push(event.result);
        }
        if (event.type === 'runEnd') {
          expect(event.resultCount).toBe((run.results as unknown[] | undefined)?.length ?? 0);
        }
      }
      const original = log.runs.map(({ results, ...rest }) => ({
        ...rest,
        ...(Array.isArray(results) && results.length > 0 ? { results } : {}),
      }));
      expect(rebuilt).toEqual(original);
    });
  },
);
