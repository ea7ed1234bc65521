/**
 * bench/audit-log: how fast does the audit log append and verify? (issue 4, acceptance 4)
 *
 *   npm run bench:audit                       # 1,000,000 entries each way
 *   npm run bench:audit -- --entries 200000   # smaller run
 *   options: --entries <n>  --single <n> (one-per-transaction count, default = --entries)
 *            --batch <n> (entries per transaction when batched, default 1000)
 *
 * Prints appends per second batched and one per transaction, and verify throughput (entry
 * bytes per second through `verifyLog`: leaf hashes, canonical JSON and schema checks, the
 * compact range and the signed checkpoint) as a fraction of the raw SHA-256 throughput of
 * node:crypto over the same bytes, measured in the same run.
 */
import { createHash } from 'node:crypto';
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
  verifyLog,
} from '../src/audit/index.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const ENTRIES = arg('entries', 1_000_000);
const SINGLE = arg('single', ENTRIES);
const BATCH = arg('batch', 1000);
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

    let start = process.hrtime.bigint();
    const whole = createHash('sha256');
    for (const b of bodies) whole.update(b);
    whole.digest();
    const tRaw = seconds(start);
    start = process.hrtime.bigint();
    for (const b of bodies) createHash('sha256').update(Buffer.of(0)).update(b).digest();
    const tLeaves = seconds(start);

    start = process.hrtime.bigint();
    const report = verifyLog(batchedDb, {
      verifiers: [parseVerifierKey(key.verifierKey)],
      trusted: [{ note: head.note, source: 'bench' }],
    });
    const tVerify = seconds(start);
    if (!report.ok) throw new Error(`verify failed: ${JSON.stringify(report.failures[0])}`);
    const raw = bytes / tRaw;
    console.log(`sha-256, one stream (baseline): ${mb(raw)}/s`);
    console.log(
      `sha-256, one hash per leaf:     ${mb(bytes / tLeaves)}/s  (${(tRaw / tLeaves).toFixed(2)} of baseline)`,
    );
    console.log(
      `trust log verify:               ${mb(bytes / tVerify)}/s  ${rate(report.size, tVerify)} entries (${tVerify.toFixed(1)} s)`,
    );
    console.log(`verify throughput / raw SHA-256 throughput: ${(tRaw / tVerify).toFixed(3)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
