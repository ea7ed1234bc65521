// The verifier's two paths on real SQLite files: entries under a signed checkpoint are checked
// by leaf hash against its root (verify-signed.ts), the rest and everything with `deep` in full.
// Whatever was edited, both must name the same failures.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openAuditLog } from './audit-log.js';
import { signCheckpoint } from './checkpoint.js';
import type { EntryInput } from './entries.js';
import { hashLeaf, rootOf } from './merkle.js';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from './note.js';
import { checkpointLog } from './sign.js';
import { LogStore } from './store.js';
import { type VerifyOptions, verifyLog } from './verify.js';

const ORIGIN = 'github.com/acme/app/trust-audit';
const KEY = generateSignerKey(ORIGIN);
const SIGNER = parseSignerKey(KEY.signerKey);
const RUN = { command: 'test', trustVersion: '0' };
const dir = mkdtempSync(join(tmpdir(), 'trust-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function triage(n: number): EntryInput {
  return {
    kind: 'triage',
    finding: {
      fingerprint: `fp-${n}`,
      tool: 'CodeQL',
      rule: 'js/xss',
      path: `src/f${n % 40}.js`,
      line: n + 1,
    },
    decision: n % 3 === 0 ? 'wont_fix' : 'needs_review',
    justification: `entry ${n}`,
    decidedBy: { method: 'rule', rule: 'default' },
  };
}

/** 1200 + 1 + 900 + 1 entries signed at 1201 and 2102, then 30 unsigned: several read chunks. */
function buildLog(): { path: string; options: VerifyOptions } {
  const path = join(dir, 'base.db');
  const log = openAuditLog(path, { origin: ORIGIN, env: {}, now: () => new Date('2025-03-01T12:00:00Z') });
  log.appendMany(Array.from({ length: 1200 }, (_, n) => triage(n)));
  const first = checkpointLog(log, [SIGNER], RUN);
  log.appendMany(Array.from({ length: 900 }, (_, n) => triage(1200 + n)));
  const head = checkpointLog(log, [SIGNER], RUN);
  log.appendMany(Array.from({ length: 30 }, (_, n) => triage(2100 + n)));
  log.close();
  return {
    path,
    options: {
      verifiers: [parseVerifierKey(KEY.verifierKey)],
      trusted: [{ note: head.note, source: 'test' }],
      history: [{ note: first.note, source: 'test, earlier' }],
    },
  };
}

const base = buildLog();
let copies = 0;

/** A copy of the base log edited with SQL (append-only triggers dropped, as an attacker would). */
function edited(edit: (d: Database.Database) => void): string {
  const path = join(dir, `copy-${copies++}.db`);
  copyFileSync(base.path, path);
  const d = new Database(path);
  d.exec(
    'DROP TRIGGER entries_no_update; DROP TRIGGER entries_no_delete; DROP TRIGGER checkpoints_no_delete;',
  );
  edit(d);
  d.close();
  return path;
}

const bodyOf = (d: Database.Database, idx: number) =>
  (d.prepare('SELECT body FROM entries WHERE idx = ?').get(idx) as { body: Buffer }).body;

describe('verifyLog: signed prefix by root, the rest in full', () => {
  it('checks the signed entries by root and the unsigned tail in full; deep checks all', () => {
    const fast = verifyLog(base.path, base.options);
    const deep = verifyLog(base.path, { ...base.options, deep: true });
    expect(fast).toMatchObject({ ok: true, size: 2132, rootOnly: 2102, pending: 30, failures: [] });
    expect(deep).toMatchObject({ ok: true, size: 2132, rootOnly: 0, pending: 30, root: fast.root });
  });

  const edits: Array<[string, (d: Database.Database) => void, string, number]> = [
    [
      'a flipped body byte',
      (d) => {
        const b = bodyOf(d, 700);
        const at = b.indexOf('entry 700') + 6;
        b[at] = b[at]! ^ 1;
        d.prepare('UPDATE entries SET body = ? WHERE idx = 700').run(b);
      },
      'modified',
      700,
    ],
    [
      'a rewritten entry with its leaf hash recomputed',
      (d) => {
        const b = Buffer.from(bodyOf(d, 1500).toString().replace('entry 1499', 'entry 1498'));
        d.prepare('UPDATE entries SET body = ?, leaf_hash = ? WHERE idx = 1500').run(b, hashLeaf(b));
      },
      'modified',
      1201,
    ],
    [
      'a pretty-printed entry with its leaf hash recomputed',
      (d) => {
        const b = Buffer.from(JSON.stringify(JSON.parse(bodyOf(d, 40).toString()), null, 1));
        d.prepare('UPDATE entries SET body = ?, leaf_hash = ? WHERE idx = 40').run(b, hashLeaf(b));
      },
      'non-canonical',
      40,
    ],
    [
      'a changed stored leaf hash',
      (d) => d.prepare('UPDATE entries SET leaf_hash = ? WHERE idx = 2000').run(hashLeaf(Buffer.from('x'))),
      'modified',
      2000,
    ],
    ['a gap', (d) => d.prepare('DELETE FROM entries WHERE idx = 513').run(), 'deleted', 513],
    [
      'a deletion with the later entries renumbered',
      (d) => {
        d.prepare('DELETE FROM entries WHERE idx = 900').run();
        d.prepare('UPDATE entries SET idx = idx - 1 WHERE idx > 900').run();
      },
      'deleted',
      900,
    ],
    [
      'two swapped entries',
      (d) => {
        d.prepare('UPDATE entries SET idx = -1 WHERE idx = 10').run();
        d.prepare('UPDATE entries SET idx = 10 WHERE idx = 1000').run();
        d.prepare('UPDATE entries SET idx = 1000 WHERE idx = -1').run();
      },
      'reordered',
      10,
    ],
    [
      'a copy inserted under the signed root',
      (d) => {
        d.prepare('UPDATE entries SET idx = -idx - 10 WHERE idx >= 300').run();
        d.prepare('UPDATE entries SET idx = -idx - 10 + 1 WHERE idx < -1').run();
        d.prepare(
          'INSERT INTO entries SELECT 300, body, leaf_hash, kind, subject, ts FROM entries WHERE idx = 5',
        ).run();
      },
      'inserted',
      300,
    ],
    ['a truncated tail', (d) => d.prepare('DELETE FROM entries WHERE idx >= 1800').run(), 'truncated', 1800],
  ];

  for (const [what, edit, cls, index] of edits) {
    it(`${what}: ${cls} at ${index}, named alike with and without deep`, () => {
      const path = edited(edit);
      const fast = verifyLog(path, base.options);
      const deep = verifyLog(path, { ...base.options, deep: true });
      expect(fast.failures[0]).toMatchObject({ class: cls, index });
      expect(fast.failures).toEqual(deep.failures);
      expect(fast.ok).toBe(false);
    });
  }

  it('an entry that was already non-canonical when signed passes by root, and fails with deep', () => {
    // Someone with write access edits the file before the key holder signs it: the signature
    // then covers the bad bytes, so only re-checking every entry can find them.
    const path = edited((d) => {
      const b = Buffer.from(JSON.stringify(JSON.parse(bodyOf(d, 40).toString()), null, 1));
      d.prepare('UPDATE entries SET body = ?, leaf_hash = ? WHERE idx = 40').run(b, hashLeaf(b));
      const leaves = (
        d.prepare('SELECT leaf_hash FROM entries ORDER BY idx').all() as Array<{ leaf_hash: Buffer }>
      )
        .slice(0, 2102)
        .map((r) => r.leaf_hash);
      d.prepare('DELETE FROM checkpoints').run();
      const note = signCheckpoint({ origin: ORIGIN, size: 2102, root: rootOf(leaves) }, [SIGNER]);
      d.prepare('INSERT INTO checkpoints (size, note) VALUES (2102, ?)').run(note);
    });
    const db = new Database(path, { readonly: true });
    const note = (db.prepare('SELECT note FROM checkpoints').get() as { note: string }).note;
    db.close();
    const options = { ...base.options, trusted: [{ note, source: 'test' }], history: [] };
    expect(verifyLog(path, options)).toMatchObject({ ok: true, rootOnly: 2102 });
    expect(verifyLog(path, { ...options, deep: true }).failures[0]).toMatchObject({
      class: 'non-canonical',
      index: 40,
    });
  });

  it('reads every entry in full from a file whose entries table is not the one trust creates', () => {
    const path = edited((d) => {
      d.exec(
        `CREATE TABLE e2 AS SELECT * FROM entries; DROP TABLE entries; ALTER TABLE e2 RENAME TO entries;`,
      );
    });
    expect(verifyLog(path, base.options)).toMatchObject({ ok: true, size: 2132, rootOnly: 0 });
  });
});

describe('LogStore.leafInputs', () => {
  it('returns 0x00 || body || leaf hash byte for byte, whatever the body bytes', () => {
    const store = new LogStore(join(dir, 'bytes.db'), { create: true });
    const bodies = Array.from({ length: 300 }, (_, i) =>
      Buffer.from(Array.from({ length: (i * 37) % 600 }, (_, j) => (i * 31 + j * 7) % 256)),
    );
    store.writeTransaction(() =>
      store.insert(
        bodies.map((body, idx) => ({
          idx,
          body,
          leafHash: hashLeaf(body),
          kind: 'x',
          subject: undefined,
          ts: 't',
          nodes: [],
        })),
      ),
    );
    const inputs = store.leafInputs(0, 300)!;
    expect(inputs.map((b) => b.toString('hex'))).toEqual(
      bodies.map((b) => Buffer.concat([Buffer.of(0), b, hashLeaf(b)]).toString('hex')),
    );
    expect(store.leafInputs(0, 301)).toBeUndefined();
    expect(store.leafInputs(299, 300)).toHaveLength(1);
    store.close();
  });
});
