/**
 * bench/audit-log: how fast does the audit log append and verify? (issue 4, acceptance 4)
 *
 *   npm run bench:audit                       # 1,000,000 entries each way
 *   npm run bench:audit -- --entries 200000   # smaller run
 *   options: --entries <n>  --single <n> (one-per-transaction count, default = --entries)
 *            --batch <n> (entries per transaction when batched, default 1000)
 *            --rounds <n> (interleaved verify measurements, default 3)
 *
 * Prints appends per second batched and one per transaction, then `verifyLog` (what `trust log
 * verify` runs) against the Merkle floor measured in the same run (issue 11): the time to hash
 * every leaf and interior node and nothing else, over the same bytes held in memory, as a
 * throughput ratio (floor time / verify time; 1.0 would be verify at the speed of its hashing).
 * Both the default verify (entries under the signed checkpoint checked by leaf hash and root)
 * and `--deep` (every entry parsed, canonical form and schema checked) are reported.
 */
import { createHash, hash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkpointLog,
  type EntryInput,
  generateSignerKey,
  openAuditLog,
  parseSignerKey,
  parseVerifierKey,
  type VerifyOptions,
  type VerifyReport,
  verifyLog,
} from '../src/audit/index.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const ENTRIES = arg('entries', 1_000_000);
const SINGLE = arg('single', ENTRIES);
const BATCH = arg('batch', 1000);
const ROUNDS = arg('rounds', 3);
const ORIGIN = 'bench.invalid/acme/app/trust-audit';

function entry(n: number): EntryInput {
  return {
    kind: 'triage',
    finding: {
      fingerprint: createHash('sha256').update(String(n)).digest('hex'),
      tool: 'CodeQL',
      rule: 'js/sql-injection',
      path: `src/module-${n % 400}/handler.js`,
      line: (n % 900) + 1,
    },
    decision: n % 3 === 0 ? 'wont_fix' : 'needs_review',
    justification:
      n % 3 === 0
        ? 'test code (path matches **/test/**): not shipped [trust/test-code]'
        : 'no deterministic rule applies; left for review [trust/default]',
    decidedBy: { method: 'rule', rule: n % 3 === 0 ? 'trust/test-code' : 'trust/default' },
  };
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const ms = (s: number) => `${Math.round(s * 1000)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall and CPU seconds (user + system; steadier than wall time on a shared machine). */
interface Timing {
  wall: number;
  cpu: number;
  /** Threads verify used for the signed entries. */
  threads?: number;
}

function timed(work: () => void): Timing {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  work();
  const wall = seconds(start);
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1e6 };
}

/**
 * The floor: the Merkle hashing itself, nothing else. Every leaf (0x00 || body, the inputs
 * built before the clock starts) and every interior node (0x01 || left || right) hashed with
 * node:crypto's one-shot SHA-256 on this thread, folded like the verifier's compact range.
 */
function merkleFloor(bodies: readonly Buffer[], expectedRoot: Buffer): Timing {
  const inputs = bodies.map((b) => Buffer.concat([Buffer.of(0), b]));
  const node = Buffer.alloc(65, 1);
  const children = (left: Buffer, right: Buffer) => {
    node.set(left, 1);
    node.set(right, 33);
    return hash('sha256', node, 'buffer');
  };
  let root: Buffer = Buffer.alloc(0);
  const t = timed(() => {
    const stack: Buffer[] = [];
    for (let i = 0; i < inputs.length; i++) {
      let h = hash('sha256', inputs[i]!, 'buffer');
      for (let c = i; c % 2 === 1; c = (c - 1) / 2) h = children(stack.pop()!, h);
      stack.push(h);
    }
    root = stack.pop()!;
    while (stack.length > 0) root = children(stack.pop()!, root);
  });
  if (!root.equals(expectedRoot)) throw new Error('the floor computed a different root');
  return t;
}

function timeVerify(path: string, options: VerifyOptions, deep: boolean): Timing {
  let report: VerifyReport | undefined;
  const t = timed(() => {
    report = verifyLog(path, { ...options, deep });
  });
  if (!report?.ok) throw new Error(`verify failed: ${JSON.stringify(report?.failures[0])}`);
  if (report.rootOnly !== (deep ? 0 : report.size))
    throw new Error(`verify took the wrong path: ${report.rootOnly} of ${report.size} by root only`);
  return { ...t, threads: report.threads };
}

/** Floor, verify and verify --deep, interleaved so that load from other jobs falls on all alike. */
function measureVerify(path: string, options: VerifyOptions, bodies: readonly Buffer[], root: Buffer): void {
  const bytes = bodies.reduce((n, b) => n + b.length, 0);
  const rounds: Array<{ floor: Timing; fast: Timing; deep: Timing }> = [];
  const r2 = (a: number, b: number) => (a / b).toFixed(2);
  for (let r = 0; r < ROUNDS; r++) {
    const round = {
      floor: merkleFloor(bodies, root),
      fast: timeVerify(path, options, false),
      deep: timeVerify(path, options, true),
    };
    rounds.push(round);
    const { floor, fast, deep } = round;
    console.log(
      `  round ${r + 1}: merkle floor ${ms(floor.wall)}, verify ${ms(fast.wall)} (${r2(floor.wall, fast.wall)}; cpu ${r2(floor.cpu, fast.cpu)}), verify --deep ${ms(deep.wall)} (${r2(floor.wall, deep.wall)}; cpu ${r2(floor.cpu, deep.cpu)})`,
    );
  }
  const med = (pick: (r: (typeof rounds)[number]) => number) => median(rounds.map(pick));
  const floor = med((r) => r.floor.wall);
  const fast = med((r) => r.fast.wall);
  const deep = med((r) => r.deep.wall);
  console.log(
    `merkle floor:     ${ms(floor)}  ${mb(bytes / floor)}/s  (${bodies.length} leaf + ${bodies.length - 1} interior SHA-256 hashes, node:crypto, one thread, bodies in memory)`,
  );
  console.log(
    `trust log verify: ${ms(fast)}  ${mb(bytes / fast)}/s  ${rate(bodies.length, fast)} entries; signed entries folded on ${rounds[0]!.fast.threads} thread(s); cpu time includes every thread`,
  );
  console.log(`  --deep:         ${ms(deep)}  ${mb(bytes / deep)}/s  ${rate(bodies.length, deep)} entries`);
  const ratio = (pick: (r: (typeof rounds)[number]) => number) => med(pick).toFixed(2);
  console.log(
    `verify / merkle floor: ${ratio((r) => r.floor.wall / r.fast.wall)} (floor ${ms(floor)}, verify ${ms(fast)}; throughput ratio = floor time / verify time, median of ${ROUNDS} rounds; cpu time ${ratio((r) => r.floor.cpu / r.fast.cpu)}; target >= 0.6)`,
  );
  console.log(
    `verify --deep / merkle floor: ${ratio((r) => r.floor.wall / r.deep.wall)} (floor ${ms(floor)}, verify --deep ${ms(deep)}; cpu time ${ratio((r) => r.floor.cpu / r.deep.cpu)}; every entry parsed, canonical form and schema checked)`,
  );
}
const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')}/s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function appendBatched(path: string): number {
  const log = openAuditLog(path, { origin: ORIGIN, env: {} });
  const start = process.hrtime.bigint();
  for (let at = 0; at < ENTRIES; at += BATCH) {
    const batch: EntryInput[] = [];
    for (let i = at; i < Math.min(ENTRIES, at + BATCH); i++) batch.push(entry(i));
    log.appendMany(batch);
  }
  const s = seconds(start);
  log.close();
  return s;
}

function appendSingle(path: string): number {
  const log = openAuditLog(path, { origin: ORIGIN, env: {} });
  const start = process.hrtime.bigint();
  for (let i = 0; i < SINGLE; i++) log.append(entry(i));
  const s = seconds(start);
  log.close();
  return s;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'trust-bench-audit-'));
  try {
    console.log(
      `audit log bench: ${ENTRIES.toLocaleString('en-US')} entries batched (${BATCH}/transaction), ${SINGLE.toLocaleString('en-US')} one per transaction`,
    );
    const batchedDb = join(dir, 'batched.db');
    const tb = appendBatched(batchedDb);
    console.log(`append, batched:             ${rate(ENTRIES, tb)}  (${tb.toFixed(1)} s)`);
    const ts = appendSingle(join(dir, 'single.db'));
    console.log(`append, one per transaction: ${rate(SINGLE, ts)}  (${ts.toFixed(1)} s)`);

    const key = generateSignerKey(ORIGIN);
    const log = openAuditLog(batchedDb, { env: {} });
    const head = checkpointLog(log, [parseSignerKey(key.signerKey)], { command: 'bench', trustVersion: '0' });
    // The same bytes verify reads, held in memory for the baseline.
    const bodies: Buffer[] = [];
    for (const e of log.entries()) bodies.push(e.bytes);
    log.close();
    const bytes = bodies.reduce((n, b) => n + b.length, 0);
    console.log(
      `log file: ${mb(statSync(batchedDb).size)}; entry bytes: ${mb(bytes)} (${Math.round(bytes / bodies.length)} B/entry)`,
    );

    const start = process.hrtime.bigint();
    const whole = createHash('sha256');
    for (const b of bodies) whole.update(b);
    whole.digest();
    const tRaw = seconds(start);
    console.log(`sha-256, one stream (raw throughput): ${mb(bytes / tRaw)}/s`);

    const options = {
      verifiers: [parseVerifierKey(key.verifierKey)],
      trusted: [{ note: head.note, source: 'bench' }],
    };
    measureVerify(batchedDb, options, bodies, head.root);
    const fast = timeVerify(batchedDb, options, false).wall;
    console.log(
      `verify throughput / raw SHA-256 stream throughput: ${(tRaw / fast).toFixed(3)} (one more run)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
