/**
 * sarif/reader: turns one SARIF file into a stream of events (run header, each result, run end)
 * and rejects files that are not SARIF 2.1.0 with a one-line reason naming the JSON pointer.
 * First, simple version: JSON.parse of the whole file (the streaming scanner replaces it).
 */

import { readFileSync } from 'node:fs';
import { InputError } from '../core/errors.js';

export type SarifEvent =
  | { type: 'run'; runIndex: number; run: Record<string, unknown> }
  | { type: 'result'; runIndex: number; resultIndex: number; result: unknown }
  | { type: 'runEnd'; runIndex: number; resultCount: number };

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function fail(file: string, reason: string, where: string): never {
  throw new InputError(`${file}: ${reason} at ${where}`);
}

export function* readSarif(file: string): Generator<SarifEvent> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new InputError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') fail(file, 'the file is empty, expected a SARIF 2.1.0 log', 'line 1, column 1');
  let log: unknown;
  try {
    log = JSON.parse(text);
  } catch (error) {
    fail(file, `invalid JSON (${(error as Error).message})`, 'the top level');
  }
  if (typeof log !== 'object' || log === null || Array.isArray(log)) {
    fail(file, `a SARIF log must be a JSON object, found ${kind(log)}`, 'the top level');
  }
  const top = log as Record<string, unknown>;
  checkVersion(file, top.version);
  const runs = top.runs;
  if (runs === undefined) fail(file, '"runs" is missing', '/runs');
  if (!Array.isArray(runs)) fail(file, `"runs" must be an array, found ${kind(runs)}`, '/runs');
  runs.forEach((run, runIndex) => {
    if (typeof run !== 'object' || run === null || Array.isArray(run)) {
      fail(file, `a run must be an object, found ${kind(run)}`, `/runs/${runIndex}`);
    }
    const results = (run as Record<string, unknown>).results;
    if (results !== undefined && results !== null && !Array.isArray(results)) {
      fail(file, `"results" must be an array, found ${kind(results)}`, `/runs/${runIndex}/results`);
    }
  });
  for (const [runIndex, value] of runs.entries()) {
    const { results, ...run } = value as Record<string, unknown>;
    yield { type: 'run', runIndex, run };
    const list = (results ?? []) as unknown[];
    for (const [resultIndex, result] of list.entries()) {
      yield { type: 'result', runIndex, resultIndex, result };
    }
    yield { type: 'runEnd', runIndex, resultCount: list.length };
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
