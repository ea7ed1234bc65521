/**
 * bench/codemods: how fast does `trust fix` fix findings, against the floor of only parsing?
 *
 *   npm run bench:codemods                  # 2,000 files, 6 findings each (12,000), 3 rounds
 *   options: --files <n>  --rounds <n>  --jobs <n> (worker threads; default one per CPU, as trust fix)
 *
 * Generates a repository of JavaScript and TypeScript files (~270 lines each, six vulnerable
 * snippets for six codemods among ordinary code) and the CodeQL-shaped SARIF for them, then
 * per round, on a fresh copy of the files, interleaved in slices of 500 files:
 *   parse   read every file and parse it with ast-grep once      the baseline (the floor)
 *   fix     runFixes(): read, parse and syntax-check, locate,     what `trust fix` does after ingest
 *           transform, merge, add imports/helpers, prove the      (on its worker threads, one per
 *           result parses (re-parsing the edited statements),     CPU, as `trust fix` runs it)
 *           write
 * and prints findings per second and the ratio fix / parse in wall time (target: at most 2)
 * and in CPU time. SARIF ingest (loadFindings) is timed once and printed on its own.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CATALOGUE, CODEMODS } from '../codemods/index.js';
import { languageOf, parseSource } from '../src/fix/languages.js';
import { runFixes } from '../src/fix/pipeline.js';
import type { Finding } from '../src/sarif/finding.js';
import { loadFindings } from '../src/sarif/index.js';

interface Snippet {
  code: (i: number) => string;
  find: string;
  rule: string;
}

const SNIPPETS: Snippet[] = [
  {
    code: (i) => `export function token${i}() {\n  return Math.random().toString(36).slice(2);\n}\n`,
    find: 'Math.random()',
    rule: 'js/insecure-randomness',
  },
  {
    code: (i) =>
      `export function etag${i}(body) {\n  return crypto.createHash('md5').update(body).digest('hex');\n}\n`,
    find: "crypto.createHash('md5')",
    rule: 'js/weak-cryptographic-algorithm',
  },
  {
    code: (i) => `export function show${i}(el, user) {\n  el.innerHTML = user.name;\n}\n`,
    find: 'el.innerHTML = user.name',
    rule: 'js/xss-through-dom',
  },
  {
    code: (i) =>
      `export function match${i}(title, query) {\n  return new RegExp(query, 'i').test(title);\n}\n`,
    find: "new RegExp(query, 'i')",
    rule: 'js/regex-injection',
  },
  {
    code: (i) => `export const agent${i} = { keepAlive: true, rejectUnauthorized: false };\n`,
    find: 'rejectUnauthorized: false',
    rule: 'js/disabling-certificate-validation',
  },
  {
    code: (i) =>
      `export function assign${i}(target, key, value) {\n  target[key] = value;\n  return target;\n}\n`,
    find: 'target[key] = value',
    rule: 'js/prototype-polluting-assignment',
  },
];

function filler(i: number, n: number): string {
  const lines: string[] = [];
  for (let k = 0; k < n; k++) {
    lines.push(
      `/** Helper ${k} of module ${i}: sums a list after filtering. */`,
      `export function helper${i}_${k}(items, limit = ${k + 3}) {`,
      `  const kept = items.filter((x) => typeof x === 'number' && x < limit);`,
      `  let total = 0;`,
      `  for (const x of kept) total += x * ${k + 1};`,
      `  return { total, count: kept.length, label: \`m${i}-\${total}\` };`,
      '}',
      '',
    );
  }
  return lines.join('\n');
}

function position(text: string, index: number): { line: number; col: number } {
  const before = text.slice(0, index);
  return { line: before.split('\n').length, col: index - before.lastIndexOf('\n') };
}

function generate(dir: string, files: number): { sarif: string; findings: number } {
  const results: unknown[] = [];
  mkdirSync(join(dir, 'src'), { recursive: true });
  for (let i = 0; i < files; i++) {
    const path = `src/mod${i}.${i % 4 === 0 ? 'ts' : 'js'}`;
    const parts = ["import crypto from 'node:crypto';", '', filler(i, 14)];
    for (const [k, s] of SNIPPETS.entries()) parts.push(s.code(i * 10 + k), filler(i * 10 + k, 3));
    const text = parts.join('\n');
    writeFileSync(join(dir, path), text);
    let from = 0;
    for (const s of SNIPPETS) {
      const at = text.indexOf(s.find, from);
      const start = position(text, at);
      const end = position(text, at + s.find.length);
      results.push({
        ruleId: s.rule,
        message: { text: `${s.rule} here` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: path, uriBaseId: '%SRCROOT%' },
              region: { startLine: start.line, startColumn: start.col, endColumn: end.col },
            },
          },
        ],
      });
      from = at + s.find.length;
    }
  }
  const rules = [...new Set(SNIPPETS.map((s) => s.rule))].map((id) => ({ id, name: id }));
  const sarif = {
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'CodeQL', semanticVersion: '2.20.1', rules } }, results }],
  };
  const file = join(dir, 'codeql.sarif');
  writeFileSync(file, JSON.stringify(sarif));
  return { sarif: file, findings: results.length };
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

// Each timed phase starts from a collected heap, so neither pays for the other's garbage (the
// native trees of one phase would otherwise be freed by finalizers during the next).
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const CHUNK = 500;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const fileCount = arg('files', 2000);
  const rounds = arg('rounds', 3);
  const jobs = process.argv.includes('--jobs') ? arg('jobs', 0) : undefined;
  const work = mkdtempSync(join(tmpdir(), 'trust-bench-codemods-'));
  try {
    const template = join(work, 'template');
    const { sarif, findings: expected } = generate(template, fileCount);
    const t0 = performance.now();
    const { findings } = await loadFindings([sarif], { root: template });
    const ingestMs = performance.now() - t0;
    const paths = [...new Set(findings.map((f) => f.location.path!))];
    console.log(
      `${paths.length} files, ${findings.length} findings (${expected} generated); SARIF ingest ${ingestMs.toFixed(0)} ms`,
    );

    const parseMs: number[] = [];
    const fixMs: number[] = [];
    const parseCpu: number[] = [];
    const fixCpu: number[] = [];
    let fixed = 0;
    let workers = 0;
    // The machine's speed drifts by tens of percent within seconds (a shared VM), so the two
    // modes are interleaved in slices of CHUNK files: each slice is parsed, then fixed, and
    // each mode's time is the sum over its slices. Both see the same machine. (Each slice is
    // one runFixes call, so the fix pays its start-up and wind-down once per slice.)
    const byPath = new Map<string, Finding[]>();
    for (const f of findings) byPath.set(f.location.path!, [...(byPath.get(f.location.path!) ?? []), f]);
    for (let r = 0; r < rounds; r++) {
      const root = join(work, `round${r}`);
      cpSync(template, root, { recursive: true });
      let wall = [0, 0];
      let cpuSum = [0, 0];
      for (let c = 0; c < paths.length; c += CHUNK) {
        const slice = paths.slice(c, c + CHUNK);
        collect();
        let start = performance.now();
        let cpu = process.cpuUsage();
        for (const p of slice) parseSource(languageOf(p)!, readFileSync(join(root, p), 'utf8')).root();
        wall = [wall[0]! + performance.now() - start, wall[1]!];
        cpuSum = [cpuSum[0]! + cpuMs(process.cpuUsage(cpu)), cpuSum[1]!];
        const sliceFindings = slice.flatMap((p) => byPath.get(p) ?? []);
        collect();
        start = performance.now();
        cpu = process.cpuUsage();
        const run = await runFixes({
          root,
          findings: sliceFindings,
          codemods: CODEMODS,
          catalogue: CATALOGUE,
          write: true,
          diffs: false,
          jobs,
        });
        workers = run.workers;
        wall = [wall[0]!, wall[1]! + performance.now() - start];
        cpuSum = [cpuSum[0]!, cpuSum[1]! + cpuMs(process.cpuUsage(cpu))];
        fixed += run.outcomes.filter((o) => o.status === 'fixed').length;
      }
      parseMs.push(wall[0]!);
      fixMs.push(wall[1]!);
      parseCpu.push(cpuSum[0]!);
      fixCpu.push(cpuSum[1]!);
      rmSync(root, { recursive: true, force: true });
    }
    fixed /= rounds;
    for (let r = 0; r < rounds; r++) {
      console.log(
        `  round ${r + 1}: parse ${parseMs[r]!.toFixed(0)} ms, fix ${fixMs[r]!.toFixed(0)} ms, wall ratio ${(fixMs[r]! / parseMs[r]!).toFixed(2)}, CPU ratio ${(fixCpu[r]! / parseCpu[r]!).toFixed(2)}`,
      );
    }
    const parse = median(parseMs);
    const fix = median(fixMs);
    // Each round's ratio compares two measurements taken back to back, so load that comes and
    // goes on a shared machine skews it less than a ratio of two separate medians would.
    const wallRatio = median(fixMs.map((f, i) => f / parseMs[i]!));
    const cpuRatio = median(fixCpu.map((f, i) => f / parseCpu[i]!));
    console.log(`parse only (baseline): ${parse.toFixed(0)} ms   (median of ${rounds})`);
    console.log(
      `trust fix pipeline:    ${fix.toFixed(0)} ms   fixed ${fixed} of ${findings.length} findings, ${workers ? `on ${workers} worker threads` : 'on the main thread'}`,
    );
    console.log(`findings per second:   ${Math.round(fixed / (fix / 1000))}`);
    console.log(
      `ratio fix / parse:     ${wallRatio.toFixed(2)}   (target <= 2; wall time, median of per-round ratios)`,
    );
    console.log(
      `with SARIF ingest:     ${((fix + ingestMs) / parse).toFixed(2)}   ((fix + ingest) / parse: the whole trust fix run after start-up)`,
    );
    console.log(
      `CPU time ratio:        ${cpuRatio.toFixed(2)}   (user+system of all threads: the fix's workers, or its native parse threads with --jobs 1; the baseline parses on one thread)`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
