/**
 * bench/cli-help: does `trust --help` start fast? Commands are loaded lazily (each row of
 * src/cli/commands.ts imports its module only when that command runs), so help should cost
 * little more than starting node.
 *
 *   npm run bench:help              (options: --runs <n>, default 30)
 *
 * Prints the median wall time of `node bin/trust.js --help` against `node -e ''` (bare process
 * start, the baseline) over interleaved runs, and, with a module load hook, how many modules
 * each of `trust --help`, `trust findings --help` and `trust findings <sarif>` loads.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const bin = join(repo, 'bin/trust.js');
const sample = join(repo, 'fixtures/demo/sarif/codeql-javascript.sarif');
const env = { ...process.env, NO_COLOR: '1', CI: '', GITHUB_ACTIONS: '', GITLAB_CI: '' };

const cpuFile = join(mkdtempSync(join(tmpdir(), 'trust-bench-')), 'cpu.txt');
const reportCpu = join(here, 'report-cpu.js');

/** Wall time of one run (ms); its CPU time is appended to cpuFile by report-cpu. */
function time(args: string[]): number {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, ['--import', reportCpu, ...args], {
    cwd: repo,
    env: { ...env, TRUST_BENCH_CPU: cpuFile },
    stdio: 'ignore',
  });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** CPU time (ms) of the run that just ended. */
function lastCpu(): number {
  return Number(readFileSync(cpuFile, 'utf8').trim().split('\n').pop());
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The modules one trust invocation loads, as paths relative to the repository. */
function modulesLoaded(args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'trust-bench-'));
  const out = join(dir, 'modules.txt');
  try {
    const register = join(here, 'module-count-register.js');
    try {
      execFileSync(process.execPath, ['--import', register, bin, ...args], {
        cwd: repo,
        env: { ...env, TRUST_BENCH_MODULES: out },
        stdio: 'ignore',
      });
    } catch {
      // A non-zero exit (e.g. findings over a threshold) still loaded what it loaded.
    }
    const urls = readFileSync(out, 'utf8').trim().split('\n');
    return urls.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u).slice(repo.length + 1));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function describe(label: string, modules: string[]): string {
  const ours = modules.filter((m) => m.startsWith('dist/'));
  const packages = new Set(
    modules.filter((m) => m.includes('node_modules/')).map((m) => m.split('node_modules/')[1]!.split('/')[0]),
  );
  const commands = ours.filter((m) => m.includes('/cli/commands/')).map((m) => m.split('/').pop());
  return [
    `${label.padEnd(28)} ${String(modules.length).padStart(4)} modules: ${String(ours.length).padStart(3)} of trust, `,
    `${String(modules.length - ours.length).padStart(3)} from ${packages.size} packages (${[...packages].join(', ')}); `,
    `command modules: ${commands.length ? commands.join(', ') : 'none'}`,
  ].join('');
}

function main(args: string[]): void {
  const at = args.indexOf('--runs');
  const runs = at >= 0 ? Number(args[at + 1]) : 30;
  time(['-e', '']);
  time([bin, '--help']);
  const base: number[] = [];
  const help: number[] = [];
  const baseCpu: number[] = [];
  const helpCpu: number[] = [];
  for (let n = 0; n < runs; n++) {
    base.push(time(['-e', '']));
    baseCpu.push(lastCpu());
    help.push(time([bin, '--help']));
    helpCpu.push(lastCpu());
  }
  rmSync(dirname(cpuFile), { recursive: true, force: true });
  const row = (label: string, wall: number[], cpu: number[]) =>
    `${label.padEnd(26)} ${median(wall).toFixed(1).padStart(7)} ms wall ${median(cpu).toFixed(1).padStart(7)} ms cpu`;
  console.log(`median of ${runs} interleaved runs`);
  console.log(row("node -e '' (baseline)", base, baseCpu));
  console.log(row('node bin/trust.js --help', help, helpCpu));
  const wall = median(help) / median(base);
  const cpu = median(helpCpu) / median(baseCpu);
  console.log(`ratio ${wall.toFixed(2)} wall, ${cpu.toFixed(2)} cpu (help over a bare node start)\n`);
  console.log(describe('trust --help', modulesLoaded(['--help'])));
  console.log(describe('trust findings --help', modulesLoaded(['findings', '--help'])));
  console.log(describe('trust findings <demo sarif>', modulesLoaded(['findings', sample])));
}

main(process.argv.slice(2));
