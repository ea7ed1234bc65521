/**
 * `node --import ./report-cpu.js`: when the process exits, appends its total CPU time (user +
 * system, ms, since it started) to the file named by TRUST_BENCH_CPU. Used by bench/cli-help,
 * where wall time alone is at the mercy of whatever else the machine is doing.
 */
import { appendFileSync } from 'node:fs';

process.on('exit', () => {
  const out = process.env.TRUST_BENCH_CPU;
  if (!out) return;
  const { user, system } = process.cpuUsage();
  appendFileSync(out, `${(user + system) / 1000}\n`);
});
