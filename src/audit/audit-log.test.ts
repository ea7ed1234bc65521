import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { redactor } from '../core/redact.js';
import { AuditEntryError, openAuditLog } from './audit-log.js';
import type { EntryInput } from './entries.js';
import { canonicalBytes } from './jcs.js';
import { hashLeaf, rootOf, verifyConsistency, verifyInclusion } from './merkle.js';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from './note.js';
import { checkpointLog } from './sign.js';
import { verifyLog } from './verify.js';

const origin = 'github.com/acme/app/trust-audit';
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'trust-audit-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function triage(n: number): EntryInput {
  return {
    kind: 'triage',
    finding: {
      fingerprint: `fp${n}`,
      tool: 'CodeQL',
      rule: 'js/sql-injection',
      path: 'src/db.js',
      line: n + 1,
    },
    decision: 'needs_review',
    justification: 'no deterministic rule applies',
    decidedBy: { method: 'rule', rule: 'default' },
  };
}

describe('AuditLog', () => {
  it('stores canonical bytes at contiguous indices and leaves no -wal file', () => {
    const path = join(tmp(), '.trust', 'trust.db');
    const log = openAuditLog(path, { origin, env: {}, now: () => new Date('2025-01-02T03:04:05Z') });
    const appended = log.appendMany([triage(0), triage(1), triage(2)]);
    expect(appended.map((a) => a.index)).toEqual([0, 1, 2]);
    log.append(triage(3));
    const e = log.get(1)!;
    expect(e.bytes).toEqual(canonicalBytes(e.entry));
    expect(e.entry).toMatchObject({
      schema: 'trust/audit-entry/v1',
      seq: 1,
      kind: 'triage',
      v: 1,
      ts: '2025-01-02T03:04:05.000Z',
      actor: 'local:unknown',
    });
    const leaves = [0, 1, 2, 3].map((i) => hashLeaf(log.get(i)!.bytes));
    expect(log.root()).toEqual(rootOf(leaves));
    log.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}-shm`)).toBe(false);
    const again = openAuditLog(path, { env: {} });
    expect(again.origin).toBe(origin);
    expect(again.size()).toBe(4);
    again.close();
  });

  it('proves inclusion and consistency from the cache', () => {
    const log = openAuditLog(join(tmp(), 'l.db'), { origin, env: {} });
    for (let i = 0; i < 37; i++) log.append(triage(i));
    const leaves = Array.from({ length: 37 }, (_, i) => hashLeaf(log.get(i)!.bytes));
    for (const i of [0, 5, 31, 36]) {
      expect(verifyInclusion(i, 37, leaves[i]!, log.inclusionProof(i), log.root())).toBe(true);
    }
    expect(verifyConsistency(20, 37, log.consistencyProof(20), rootOf(leaves.slice(0, 20)), log.root())).toBe(
      true,
    );
    log.close();
  });

  it('refuses invalid entries, non-NFC strings and secrets, and records nothing', () => {
    const log = openAuditLog(join(tmp(), 'l.db'), { origin, env: {} });
    expect(() => log.append({ ...triage(0), decision: 'maybe' } as unknown as EntryInput)).toThrow(
      /decision/,
    );
    const nfd = 'cafe\u0301';
    expect(() => log.append({ ...triage(0), justification: nfd } as EntryInput)).toThrow(/NFC/);
    redactor.add('sk-test-0123456789abcdef');
    expect(() =>
      log.appendMany([
        triage(1),
        { ...triage(2), justification: 'key sk-test-0123456789abcdef' } as EntryInput,
      ]),
    ).toThrow(AuditEntryError);
    expect(log.size()).toBe(0);
    log.close();
  });

  it('refuses a secret that contains a quote or a backslash (escaped in the canonical bytes)', () => {
    const log = openAuditLog(join(tmp(), 'l.db'), { origin, env: {} });
    const secret = 'pa"ss\\word-0123';
    redactor.add(secret);
    expect(canonicalBytes({ justification: secret }).toString('utf8')).not.toContain(secret);
    expect(() => log.append({ ...triage(3), justification: `key ${secret}` } as EntryInput)).toThrow(
      AuditEntryError,
    );
    expect(log.size()).toBe(0);
    log.close();
  });

  it('signs checkpoints that verify, binding each to a run entry', () => {
    const path = join(tmp(), 'l.db');
    const key = generateSignerKey(origin);
    const log = openAuditLog(path, {
      origin,
      env: {
        GITHUB_ACTIONS: 'true',
        GITHUB_RUN_ID: '42',
        GITHUB_ACTOR: 'octo',
        GITHUB_SHA: 'abc',
        GITHUB_REF: 'refs/heads/main',
      },
    });
    log.appendMany([triage(0), triage(1)]);
    const first = checkpointLog(log, [parseSignerKey(key.signerKey)], {
      command: 'log checkpoint',
      trustVersion: '0.1.0',
    });
    expect(first.size).toBe(3);
    log.append(triage(2));
    const second = checkpointLog(log, [parseSignerKey(key.signerKey)], {
      command: 'log checkpoint',
      trustVersion: '0.1.0',
    });
    const run = log.get(second.size - 1)!.entry;
    expect(run).toMatchObject({
      kind: 'run',
      actor: 'github:octo',
      ci: { runId: '42', commit: 'abc' },
      previousCheckpoint: { size: 3 },
    });
    log.close();
    const report = verifyLog(path, {
      verifiers: [parseVerifierKey(key.verifierKey)],
      trusted: [{ note: first.note, source: 'test' }],
    });
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ ok: true, size: 5, checkpointsChecked: 2, pending: 0 });
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
