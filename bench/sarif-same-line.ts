/**
 * bench/sarif-same-line: ingest must stay linear when many results share a rule and a line
 * (minified bundles, generated code). Times `loadFindings` on 10,000 and 100,000 such results
 * (bench/sarif-generate.ts `generateSameLineSarif`), each in a fresh process, and prints the
 * ratio of the two: 10 for linear work, about 100 for quadratic (target <= 12).
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSameLineSarif } from './sarif-generate.js';

export interface Timed {
  ms: number;
  cpuMs: number;
  count: number;
  error?: string;
}

const SIZES = [10_000, 100_000] as const;
const GENERATOR_VERSION = 1;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function prepare(dataDir: string, count: number): { file: string; root: string } {
  const file = join(dataDir, `same-line-${count}.sarif`);
  const root = join(dataDir, 'same-line-repo');
  const meta = `${file}.meta.json`;
  const want = JSON.stringify({ version: GENERATOR_VERSION, count });
  if (!existsSync(file) || !existsSync(meta) || readFileSync(meta, 'utf8') !== want) {
    generateSameLineSarif(file, root, count);
    writeFileSync(meta, want);
  }
  return { file, root };
}

/** Runs the comparison and returns the lines to print. */
export function benchSameLine(
  dataDir: string,
  rounds: number,
  measure: (file: string, root: string) => Timed,
): string[] {
  const medians = SIZES.map((count) => {
    const { file, root } = prepare(dataDir, count);
    const samples = Array.from({ length: rounds }, () => measure(file, root));
    const failed = samples.find((s) => s.error);
    if (failed) throw new Error(`same rule+line ingest of ${count} results failed: ${failed.error}`);
    return {
      ms: median(samples.map((s) => s.ms)),
      cpuMs: median(samples.map((s) => s.cpuMs)),
      findings: samples[0]!.count,
    };
  });
  const [small, large] = medians as [(typeof medians)[0], (typeof medians)[0]];
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [
    `same rule+line (one rule, one line, distinct columns; median of ${rounds}): ` +
      `10k ${s(small.ms)} (${small.findings} findings), 100k ${s(large.ms)} (${large.findings} findings)`,
    `same rule+line: ratio 100k/10k ${(large.ms / small.ms).toFixed(1)} wall, ` +
      `${(large.cpuMs / small.cpuMs).toFixed(1)} cpu (target <= 12; linear is 10)`,
  ];
}
