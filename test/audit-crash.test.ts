// Acceptance 3 and the store's concurrency promise, with real processes on a real file:
// a child killed with SIGKILL in the middle of a batch of appends leaves a log that verifies
// (whole batches only), and two processes appending at once both succeed.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointLog, generateSignerKey, openAuditLog, parseSignerKey } from '../src/audit/index.js';
import { makeTempDir } from './helpers/git-repo.js';
import { runTrust } from './helpers/run-trust.js';

const ORIGIN = 'github.com/acme/app/trust-audit';
const KEY = generateSignerKey(ORIGIN);
const AUDIT = new URL('../dist/src/audit/index.js', import.meta.url).href;
const BATCH = 250;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A child that appends `batches` batches (or forever) and reports each committed one. */
function appender(db: string, tag: string, opts: { batch: number; batches?: number }): ResultPromise {
  const script = `
    import { openAuditLog } from ${JSON.stringify(AUDIT)};
    const log = openAuditLog(${JSON.stringify(db)}, { env: {} });
    for (let b = 0; b < ${opts.batches ?? 1e9}; b++) {
      const entries = Array.from({ length: ${opts.batch} }, (_, i) => ({
        kind: 'triage',
        finding: { fingerprint: '${tag}-' + b + '-' + i, tool: 'CodeQL', rule: 'js/xss' },
        decision: 'needs_review', justification: 'batch ' + b, decidedBy: { method: 'rule', rule: 'default' },
      }));
      ${opts.batch === 1 ? 'log.append(entries[0]);' : 'log.appendMany(entries);'}
      process.stdout.write('committed ' + b + '\\n');
    }
    log.close();`;
  return execa(process.execPath, ['--input-type=module', '-e', script], { reject: false, buffer: true });
}

function signedLog(): { dir: string; db: string } {
  const dir = makeTempDir('trust-crash-');
  dirs.push(dir);
  const db = join(dir, '.trust/trust.db');
  const log = openAuditLog(db, { origin: ORIGIN, env: {} });
  checkpointLog(log, [parseSignerKey(KEY.signerKey)], { command: 'test', trustVersion: '0' });
  log.close();
  return { dir, db };
}

async function verifyOk(dir: string): Promise<{ size: number }> {
  const r = await runTrust(['log', 'verify', '--bootstrap', '--verifier-key', KEY.verifierKey, '--json'], {
    cwd: dir,
  });
  const report = JSON.parse(r.stdout) as { ok: boolean; size: number; failures: unknown[] };
  expect(report.failures, r.stderr).toEqual([]);
  expect(r.exitCode).toBe(0);
  return report;
}

describe('audit log crash safety and concurrency', () => {
  for (const delayMs of [150, 400, 900]) {
    it(`SIGKILL during a batch of appends (after ~${delayMs} ms) leaves whole batches that verify`, async () => {
      const { dir, db } = signedLog();
      const child = appender(db, 'k', { batch: BATCH });
      let committed = -1;
      child.stdout?.on('data', (chunk: Buffer) => {
        const m = /committed (\d+)\n$/.exec(chunk.toString());
        if (m) committed = Number(m[1]);
      });
      // Wait until at least one batch is in, then kill at an arbitrary point of a later one.
      let exited = false;
      void child.finally(() => {
        exited = true;
      });
      while (committed < 0 && !exited) await new Promise((r) => setTimeout(r, 10));
      expect(exited, 'the appender died before its first batch').toBe(false);
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      const result = await child;
      expect(result.signal).toBe('SIGKILL');
      const { size } = await verifyOk(dir);
      // One run entry, then only complete batches: a killed batch left nothing behind.
      expect((size - 1) % BATCH).toBe(0);
      expect((size - 1) / BATCH).toBeGreaterThanOrEqual(committed + 1);
      expect(existsSync(`${db}-wal`)).toBe(false);
    });
  }

  it('two processes appending at once both succeed, every entry once, at contiguous indices', async () => {
    const { dir, db } = signedLog();
    const [a, b] = await Promise.all([
      appender(db, 'a', { batch: 1, batches: 300 }),
      appender(db, 'b', { batch: 1, batches: 300 }),
    ]);
    expect([a.exitCode, b.exitCode], `${a.stderr}${b.stderr}`).toEqual([0, 0]);
    const { size } = await verifyOk(dir);
    expect(size).toBe(601);
    const log = openAuditLog(db, { env: {} });
    const tags = [...log.entries({ kinds: ['triage'] })].map(
      (e) => (e.entry as { finding: { fingerprint: string } }).finding.fingerprint,
    );
    log.close();
    expect(new Set(tags).size).toBe(600);
    expect(tags.filter((t) => t.startsWith('a-'))).toHaveLength(300);
    expect(existsSync(`${db}-wal`)).toBe(false);
  });
});
