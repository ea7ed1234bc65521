/**
 * bench/sarif-ingest: how fast and how lean is SARIF ingest on a large CodeQL-like file?
 *
 *   npm run bench:sarif                 # >= 200 MB file, 3 rounds
 *   npm run bench:sarif -- --huge       # > 600 MB: larger than V8's maximum string length
 *   npm run bench:sarif -- --same-line  # only the same-rule-same-line shape (sarif-same-line.ts)
 *   options: --mb <n>  --rounds <n>  --regenerate
 *
 * Each measurement runs in a fresh child process (so peak RSS, from
 * process.resourceUsage().maxRSS, belongs to that one job), timing only the work itself:
 *   json    JSON.parse(readFileSync(file, 'utf8'))   the baseline
 *   reader  iterate readSarif(file)                    src/sarif/reader.ts alone
 *   ingest  loadFindings([file], { root })             the full ingest behind `trust findings`
 *   idle    nothing                                    node's own footprint, for reference
 * and prints time as a ratio to the baseline and peak RSS as a ratio to the file size. Then it
 * times ingest of 10k and 100k results on one rule and one line (bench/sarif-same-line.ts).
 */

import { constants } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSarif, writeSources } from './sarif-generate.js';
import { benchSameLine } from './sarif-same-line.js';

type Mode = 'json' | 'reader' | 'ingest' | 'idle';
interface Sample {
  ms: number;
  /** user + system CPU time of the work: steadier than wall time on a busy machine. */
  cpuMs: number;
  rss: number;
  count: number;
  error?: string;
}

const GENERATOR_VERSION = 1;
const MB = 1024 * 1024;

async function child(mode: Mode, file: string, root: string): Promise<void> {
  // Import first so module loading is not timed (the baseline loads nothing either).
  const { readSarif } = await import('../src/sarif/reader.js');
  const { loadFindings } = await import('../src/sarif/index.js');
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let count = 0;
  let error: string | undefined;
  try {
    if (mode === 'json') {
      count = (JSON.parse(readFileSync(file, 'utf8')) as { runs: { results: unknown[] }[] }).runs[0]!.results
        .length;
    } else if (mode === 'reader') {
      for (const event of readSarif(file)) if (event.type === 'result') count++;
    } else if (mode === 'ingest') {
      count = (await loadFindings([file], { root })).findings.length;
    }
  } catch (e) {
    error = (e as Error).message.split('\n')[0];
  }
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const sample: Sample = {
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rss: process.resourceUsage().maxRSS * 1024,
    count,
    ...(error ? { error } : {}),
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

function measure(mode: Mode, file: string, root: string): Sample {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, file, root], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

/** Generates the file (and the checkout it points at) unless an identical one is there already. */
function prepare(dataDir: string, targetMb: number, regenerate: boolean): { file: string; root: string } {
  const file = join(dataDir, `codeql-${targetMb}mb.sarif`);
  const meta = `${file}.meta.json`;
  const root = join(dataDir, 'repo');
  const want = JSON.stringify({ version: GENERATOR_VERSION, targetMb });
  const fresh = !regenerate && existsSync(file) && existsSync(meta) && readFileSync(meta, 'utf8') === want;
  if (!fresh) {
    process.stdout.write(`generating ${file} (${targetMb} MB)...\n`);
    const results = generateSarif(file, targetMb * MB);
    process.stdout.write(`  ${results} results\n`);
    writeFileSync(meta, want);
  }
  if (!existsSync(join(root, 'src'))) writeSources(root);
  return { file, root };
}

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

function main(args: string[]): void {
  const huge = args.includes('--huge');
  const targetMb = option(args, '--mb', huge ? 640 : 220);
  const rounds = option(args, '--rounds', huge ? 1 : 3);
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/bench/ when built: keep the data beside the sources, in the git-ignored bench/.data.
  const dataDir = resolve(here, '../../bench/.data');
  const sameLine = (): void => {
    const lines = benchSameLine(dataDir, rounds, (file, root) => measure('ingest', file, root));
    process.stdout.write(`\n${lines.join('\n')}\n`);
  };
  if (args.includes('--same-line')) {
    sameLine();
    return;
  }
  const { file, root } = prepare(dataDir, targetMb, args.includes('--regenerate'));
  const size = statSync(file).size;
  const maxString = constants.MAX_STRING_LENGTH;
  process.stdout.write(
    `file: ${file}\n  ${mb(size)}; V8 max string length ${mb(maxString)} (UTF-16 code units)\n`,
  );
  process.stdout.write(`  ${size > maxString ? 'LARGER' : 'smaller'} than the max string length\n\n`);

  const modes: Mode[] = ['json', 'reader', 'ingest', 'idle'];
  const samples = new Map<Mode, Sample[]>(modes.map((m) => [m, []]));
  for (let round = 0; round < rounds; round++) {
    for (const mode of modes) samples.get(mode)!.push(measure(mode, file, root));
  }
  report(samples, rounds, size);
  sameLine();
}

function report(samples: Map<Mode, Sample[]>, rounds: number, size: number): void {
  const json = samples.get('json')!;
  const jsonFailed = json.find((s) => s.error);
  const base = median(json.map((s) => s.ms));
  const baseCpu = median(json.map((s) => s.cpuMs));
  const lines = [
    `median of ${rounds} round(s), each in a fresh process`,
    'mode    wall time  x JSON.parse  cpu time  x JSON.parse  peak RSS   x file  results/findings',
  ];
  for (const [mode, list] of samples) {
    const failed = list.find((s) => s.error);
    const ms = median(list.map((s) => s.ms));
    const cpuMs = median(list.map((s) => s.cpuMs));
    const rss = median(list.map((s) => s.rss));
    const timed = mode !== 'idle' && !failed;
    const ratio = (value: number, of: number) => (timed && !jsonFailed ? (value / of).toFixed(2) : '');
    const cells = [
      mode.padEnd(7),
      (timed ? `${(ms / 1000).toFixed(2)} s` : failed ? 'FAILED' : '').padEnd(10),
      ratio(ms, base).padEnd(13),
      (timed ? `${(cpuMs / 1000).toFixed(2)} s` : '').padEnd(9),
      ratio(cpuMs, baseCpu).padEnd(13),
      mb(rss).padEnd(10),
      (rss / size).toFixed(2).padEnd(7),
      timed ? String(list[0]!.count) : (failed?.error ?? ''),
    ];
    lines.push(cells.join(' '));
  }
  const ingest = samples.get('ingest')!;
  const ingestFailed = ingest.find((s) => s.error);
  lines.push('');
  if (ingestFailed) lines.push(`ingest FAILED: ${ingestFailed.error}`);
  if (jsonFailed) {
    lines.push(
      `JSON.parse cannot read this file (${jsonFailed.error})${ingestFailed ? '' : '; ingest did'}.`,
    );
  } else if (!ingestFailed) {
    const wall = median(ingest.map((s) => s.ms)) / base;
    const cpu = median(ingest.map((s) => s.cpuMs)) / baseCpu;
    lines.push(`ingest time ratio ${wall.toFixed(2)} wall, ${cpu.toFixed(2)} cpu (target <= 1.5)`);
  }
  const rss = median(ingest.map((s) => s.rss));
  lines.push(`ingest memory ratio ${(rss / size).toFixed(2)} peak RSS / file size (target <= 3)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as Mode, process.argv[4]!, process.argv[5]!);
} else {
  main(process.argv.slice(2));
}
