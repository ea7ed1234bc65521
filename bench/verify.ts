/**
 * bench/verify: what `--verify` costs beyond the checks' own run time (issue 15, acceptance 4).
 *
 *   npm run bench:verify          (options: --rounds <n>, default 3; --cases <n> tests per file, default 40)
 *
 * On a sample project made here (bench/verify-project.ts: ESLint with eslint-plugin-security,
 * a node --test suite, four findings, one fix that breaks a test), each round, on a fresh
 * reset of the repository:
 *   baseline   the preset's scan command (ESLint with the SARIF formatter) and checks
 *              (npm test), each run once, directly, with the same argv the verifier uses;
 *   fix        `trust fix <sarif>` (built dist), no verification;
 *   verify     `trust fix <sarif> --verify`.
 * verify overhead = (verify - fix) / (baseline + the bisect runs the verifier needed, each
 * costed at the baseline's time per check). Target <= 1.2. The check runs beyond the run with
 * every fix are read from the verifier's --json result (verification.checkRuns).
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, parseCommandString } from 'execa';
import { simpleGit } from 'simple-git';
import { detectVerify } from '../src/verify/presets.js';
import type { VerifyCommand } from '../src/verify/types.js';
import { writeSampleProject } from './verify-project.js';

// Compiled to dist/bench/verify.js: two levels up is the checkout.
const checkout = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(checkout, 'bin/trust.js');
const env = { ...process.env, NO_COLOR: '1', CI: 'true', GITHUB_ACTIONS: '', GITLAB_CI: '' };

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall ms of one command run as the verifier runs it: argv, no shell, `{sarif}` filled in. */
async function timed(
  command: VerifyCommand,
  cwd: string,
  sarif: string,
): Promise<{ ms: number; exit: number }> {
  const [file, ...args] = parseCommandString(command.command).map((a) => a.replaceAll('{sarif}', sarif));
  const start = performance.now();
  const run = await execa(file!, args, { cwd, env, reject: false, stdin: 'ignore' });
  return { ms: performance.now() - start, exit: run.exitCode ?? -1 };
}

async function trust(
  args: string[],
  cwd: string,
): Promise<{ ms: number; exit: number; stdout: string; stderr: string }> {
  const start = performance.now();
  const run = await execa(process.execPath, [bin, ...args], { cwd, env, reject: false, stdin: 'ignore' });
  return {
    ms: performance.now() - start,
    exit: run.exitCode ?? -1,
    stdout: String(run.stdout),
    stderr: String(run.stderr),
  };
}

async function reset(dir: string): Promise<void> {
  const git = simpleGit(dir);
  await git.reset(['--hard']);
  await git.clean('f', ['-d', '-x', '-e', 'node_modules']);
}

/**
 * Check runs the verifier spent beyond the run with every fix (its bisect), from --json
 * (`verification.checkRuns`: check commands after the baseline). stdout holds more than one
 * JSON value (the fix result, then the verification), so the field is read by name.
 */
function bisectRuns(stdout: string, checks: number): number | undefined {
  const runs = /"checkRuns":\s*(\d+)/.exec(stdout)?.[1];
  return runs === undefined ? undefined : Math.max(0, Number(runs) - checks);
}

async function main(): Promise<void> {
  const rounds = arg('rounds', 3);
  const cases = arg('cases', 40);
  const work = realpathSync(mkdtempSync(join(tmpdir(), 'trust-bench-verify-')));
  const dir = join(work, 'repo');
  const sarif = join(work, 'eslint.sarif');
  try {
    mkdirSync(dir);
    await writeSampleProject(dir, join(checkout, 'node_modules'), cases);
    const config = detectVerify(dir, ['ESLint']);
    if (!config?.scan) throw new Error('the ESLint preset did not apply to the sample project');
    console.log(`sample project: ${dir}`);
    console.log(
      `verify config (${config.source}): scan "${config.scan.command}"; checks ${config.checks.map((c) => `"${c.command}"`).join(', ')}`,
    );
    const first = await timed(config.scan, dir, sarif);
    console.log(`findings SARIF written by the scan (exit ${first.exit}): ${sarif}`);
    const help = await trust(['fix', '--help'], dir);
    const hasVerify = help.stdout.includes('--verify');
    if (!hasVerify)
      console.log(
        'trust fix --verify: not in this build (the verification engine has not landed); baseline only',
      );

    const base: number[] = [];
    const checkMs: number[] = [];
    const fix: number[] = [];
    const verify: number[] = [];
    const ratios: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      await reset(dir);
      const scan = await timed(config.scan, dir, join(work, 'baseline.sarif'));
      let checks = 0;
      for (const check of config.checks) checks += (await timed(check, dir, '')).ms;
      base.push(scan.ms + checks);
      checkMs.push(checks);
      let line = `  round ${round}: baseline ${(scan.ms + checks).toFixed(0)} ms (scan ${scan.ms.toFixed(0)}, checks ${checks.toFixed(0)})`;
      if (hasVerify) {
        await reset(dir);
        const plain = await trust(['fix', sarif, '--no-triage'], dir);
        await reset(dir);
        // The preset's commands, given as flags: the same runs as the baseline, whatever the config.
        const flags = [
          '--verify-scan',
          config.scan.command,
          ...config.checks.flatMap((c) => ['--verify-check', c.command]),
        ];
        const verified = await trust(['fix', sarif, '--no-triage', '--verify', ...flags, '--json'], dir);
        if (verified.exit !== 0)
          console.log(
            `  trust fix --verify exited ${verified.exit}: ${verified.stderr.trim().split('\n').pop()}`,
          );
        const bisect = bisectRuns(verified.stdout, config.checks.length);
        if (bisect === undefined)
          console.log(
            '  trust fix --verify --json printed no verification.checkRuns; counting no bisect runs',
          );
        const denominator = scan.ms + checks + (bisect ?? 0) * (checks / Math.max(1, config.checks.length));
        fix.push(plain.ms);
        verify.push(verified.ms);
        ratios.push((verified.ms - plain.ms) / denominator);
        line += `, fix ${plain.ms.toFixed(0)} ms, fix --verify ${verified.ms.toFixed(0)} ms, bisect check runs ${bisect ?? '?'}, overhead ${ratios.at(-1)!.toFixed(2)}`;
      }
      console.log(line);
    }
    console.log(
      `baseline (scan + checks once, directly): ${median(base).toFixed(0)} ms  (checks ${median(checkMs).toFixed(0)} ms; median of ${rounds})`,
    );
    if (hasVerify) {
      console.log(
        `trust fix: ${median(fix).toFixed(0)} ms   trust fix --verify: ${median(verify).toFixed(0)} ms`,
      );
      console.log(
        `verify overhead: ${median(ratios).toFixed(2)}  ((fix --verify - fix) / (scan + checks once + bisect runs); median of per-round ratios; target <= 1.2)`,
      );
    } else {
      console.log('verify overhead: n/a (trust fix has no --verify in this build)');
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
