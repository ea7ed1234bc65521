/**
 * verify/bandit-to-sarif: the scan command of the Bandit preset when the installed Bandit has
 * no SARIF formatter. Run by node as its own process (`node bandit-to-sarif.js <out.sarif>
 * <bandit args…>`): it runs `bandit <args> -f json -o <tmp>`, converts the report and writes
 * SARIF to <out.sarif>, and exits with Bandit's code (1 means issues found, which is no
 * failure of the scan). When Bandit wrote no report, nothing is written, so the verifier says
 * the scan produced no SARIF instead of judging fixes on an empty result.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { banditJsonToSarif } from './bandit-sarif.js';

function main(argv: string[]): number {
  const [out, ...args] = argv;
  if (!out) {
    process.stderr.write('usage: bandit-to-sarif <out.sarif> <bandit arguments...>\n');
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'trust-bandit-'));
  try {
    const report = join(dir, 'bandit.json');
    const run = spawnSync('bandit', [...args, '-f', 'json', '-o', report], { stdio: 'inherit' });
    if (run.error) {
      process.stderr.write(`bandit: ${run.error.message}\n`);
      return 127;
    }
    let text: string;
    try {
      text = readFileSync(report, 'utf8');
    } catch {
      process.stderr.write('bandit wrote no JSON report\n');
      return run.status ?? 2;
    }
    writeFileSync(out, `${JSON.stringify(banditJsonToSarif(JSON.parse(text), banditVersion()), null, 2)}\n`);
    return run.status ?? 2;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** "bandit 1.6.2" from `bandit --version`, for the SARIF's driver version. */
function banditVersion(): string | undefined {
  const out = spawnSync('bandit', ['--version'], { encoding: 'utf8' });
  return /bandit (\d[\w.]*)/.exec(`${out.stdout ?? ''}`)?.[1];
}

process.exitCode = main(process.argv.slice(2));
