/**
 * sarif/reader: turns one SARIF file into a stream of events (each run's header, its results
 * one by one, the run's end) and rejects what is not SARIF 2.1.0 with a one-line reason that
 * names the JSON pointer (and line and column for broken JSON).
 *
 * It never holds the file as one string (files may exceed V8's maximum string length) nor all
 * results at once. Pass 1 scans the bytes through a small window and records where each run's
 * properties and each result lie; pass 2 reads those spans back and JSON.parses each on its
 * own, so a run is complete (including properties listed after `results`) before its results.
 * Any syntax problem triggers a precise byte-by-byte pass that says where it is.
 */

import { closeSync, fstatSync, openSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { locateJsonError } from './json-locate.js';
import { JsonSyntax, Scanner, Spans, withArticle } from './json-scan.js';
import { ByteWindow, readSpan } from './json-window.js';

export type SarifEvent =
  | { type: 'run'; runIndex: number; run: Record<string, unknown> }
  | { type: 'result'; runIndex: number; resultIndex: number; result: unknown }
  | { type: 'runEnd'; runIndex: number; resultCount: number };

interface RunPlan {
  props: { key: string; start: number; end: number }[];
  results: Spans;
}

/** Results are read back in blocks of about this many bytes. */
const BLOCK = 1 << 23;

export function* readSarif(file: string): Generator<SarifEvent> {
  const fd = openFile(file);
  try {
    const source = new Source(file, fd);
    const runs = source.plan();
    let scratch = Buffer.allocUnsafe(0);
    for (const [runIndex, plan] of runs.entries()) {
      const run: Record<string, unknown> = {};
      for (const { key, start, end } of plan.props) {
        Object.defineProperty(run, key, {
          value: source.parse(readSpan(fd, start, end)),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      yield { type: 'run', runIndex, run };
      const { starts, ends, length } = plan.results;
      for (let k = 0; k < length; ) {
        const blockStart = starts[k]!;
        let m = k + 1;
        while (m < length && ends[m]! - blockStart <= BLOCK) m++;
        const blockEnd = ends[m - 1]!;
        if (scratch.length < Math.min(blockEnd - blockStart, BLOCK)) scratch = Buffer.allocUnsafe(BLOCK);
        const block = readSpan(fd, blockStart, blockEnd, scratch);
        for (let j = k; j < m; j++) {
          const text = block.toString('utf8', starts[j]! - blockStart, ends[j]! - blockStart);
          yield { type: 'result', runIndex, resultIndex: j, result: source.parseText(text) };
        }
        k = m;
      }
      yield { type: 'runEnd', runIndex, resultCount: length };
    }
  } finally {
    closeSync(fd);
  }
}

function openFile(file: string): number {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new InputError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: error,
    });
  }
  if (fstatSync(fd).isDirectory()) {
    closeSync(fd);
    throw new InputError(`${file}: is a directory, expected a SARIF file`);
  }
  return fd;
}

/** Files that are SARIF in another wrapping, told apart by their first bytes. */
function foreignEncoding(head: Buffer): string | undefined {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return 'the file is UTF-16 encoded; SARIF must be UTF-8 (convert it, e.g. iconv -f UTF-16 -t UTF-8)';
  }
  if (head[0] === 0x1f && head[1] === 0x8b)
    return 'the file is gzip-compressed; decompress it first (gunzip)';
  return undefined;
}

function fail(file: string, reason: string, where: string): never {
  throw new InputError(`${file}: ${reason} at ${where}`);
}

/** Holds the open file, runs pass 1, and turns any syntax problem into a located InputError. */
class Source {
  private readonly size: number;
  private readonly scanner: Scanner;
  /** File offset of the document (after a UTF-8 byte order mark). */
  private readonly start: number;

  constructor(
    private readonly file: string,
    private readonly fd: number,
  ) {
    this.size = fstatSync(fd).size;
    this.scanner = new Scanner(new ByteWindow(fd, this.size));
    const head = readSpan(fd, 0, Math.min(3, this.size));
    this.start = head.length === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const encoding = foreignEncoding(head);
    if (encoding) fail(file, encoding, 'the start of the file');
  }

  plan(): RunPlan[] {
    try {
      return this.planLog();
    } catch (error) {
      if (error instanceof JsonSyntax) this.syntaxError();
      throw error;
    }
  }

  parse(bytes: Buffer): unknown {
    return this.parseText(bytes.toString('utf8'));
  }

  parseText(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      this.syntaxError();
    }
  }

  private syntaxError(): never {
    const problem = locateJsonError(new ByteWindow(this.fd, this.size), this.start);
    if (!problem) throw new InputError(`${this.file}: invalid JSON`);
    const where = `line ${problem.line}, column ${problem.column} in ${problem.pointer || 'the top level'}`;
    fail(this.file, `invalid JSON: ${problem.reason}`, where);
  }

  private planLog(): RunPlan[] {
    const { scanner: sc, file } = this;
    sc.seek(this.start);
    const first = sc.peek();
    if (first === -1) fail(file, 'the file is empty, expected a SARIF 2.1.0 log', 'line 1, column 1');
    const kind = sc.peekKind();
    if (kind !== 'object')
      fail(file, `a SARIF log must be a JSON object, found ${withArticle(kind)}`, 'the top level');
    let version: unknown;
    let runs: RunPlan[] | undefined;
    let runsAt = -1;
    const others: [number, number][] = [];
    sc.members((key) => {
      const start = sc.offset;
      if (key === 'runs') {
        if (runsAt >= 0) fail(file, '"runs" appears twice', '/runs');
        runsAt = start;
        // Check the version first when it came first; otherwise find it, then come back.
        if (version !== undefined) runs = this.planRuns();
        else sc.skipValue();
        return;
      }
      sc.skipValue();
      if (key !== 'version') {
        others.push([start, sc.offset]);
        return;
      }
      version = this.parse(readSpan(this.fd, start, sc.offset));
      if (runsAt < 0) checkVersion(file, version);
    });
    if (sc.peek() !== -1) throw new JsonSyntax();
    checkVersion(file, version);
    // Values we skipped and will not hand out must still be valid JSON.
    for (const [start, end] of others) this.parse(readSpan(this.fd, start, end));
    if (runs) return runs;
    if (runsAt < 0) fail(file, '"runs" is missing', '/runs');
    sc.seek(runsAt);
    return this.planRuns();
  }

  private planRuns(): RunPlan[] {
    const { scanner: sc, file } = this;
    const kind = sc.peekKind();
    if (kind !== 'array') fail(file, `"runs" must be an array, found ${withArticle(kind)}`, '/runs');
    const runs: RunPlan[] = [];
    sc.elements((runIndex) => {
      const runKind = sc.peekKind();
      if (runKind !== 'object')
        fail(file, `a run must be an object, found ${withArticle(runKind)}`, `/runs/${runIndex}`);
      runs.push(this.planRun(runIndex));
    });
    return runs;
  }

  private planRun(runIndex: number): RunPlan {
    const { scanner: sc, file } = this;
    const plan: RunPlan = { props: [], results: new Spans() };
    let seen = false;
    sc.members((key) => {
      const start = sc.offset;
      if (key !== 'results') {
        sc.skipValue();
        plan.props.push({ key, start, end: sc.offset });
        return;
      }
      const where = `/runs/${runIndex}/results`;
      if (seen) fail(file, '"results" appears twice', where);
      seen = true;
      const kind = sc.peekKind();
      if (kind === 'null') {
        // SARIF allows null: the tool did not run to completion. Zero results.
        sc.skipValue();
        if (this.parse(readSpan(this.fd, start, sc.offset)) !== null) throw new JsonSyntax();
        return;
      }
      if (kind !== 'array') fail(file, `"results" must be an array, found ${withArticle(kind)}`, where);
      sc.elements(() => {
        const at = sc.offset;
        sc.skipValue();
        plan.results.push(at, sc.offset);
      });
    });
    return plan;
  }
}

export function checkVersion(file: string, version: unknown): void {
  if (version === '2.1.0') return;
  if (version === undefined) fail(file, '"version" is missing (expected "2.1.0")', '/version');
  if (version === '1.0.0') {
    fail(file, 'SARIF 1.0.0 is not supported; convert it with the SARIF multitool', '/version');
  }
  fail(file, `unsupported SARIF version ${JSON.stringify(version)} (expected "2.1.0")`, '/version');
}
