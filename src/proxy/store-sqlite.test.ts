import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { associatedData, decryptEntry, type SealWith } from './envelope.js';
import { openSqliteStore } from './store-sqlite.js';

// Entries are committed in batches (one transaction per turn of the loop): these pin what a
// batch must never change for a reader, in this process or another.
describe('sqlite store, batched entry writes', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trust-store-sqlite-'));
    path = join(dir, 'cache.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const rowsOnDisk = () => {
    const db = new Database(path, { readonly: true });
    try {
      return (db.prepare('SELECT id FROM entries ORDER BY id').pluck().all() as string[]).join(',');
    } finally {
      db.close();
    }
  };

  it('puts of one turn land in one commit, visible to another connection once awaited', async () => {
    const store = openSqliteStore(path);
    const puts = ['a', 'b', 'c'].map((id) => store.putEntry('org1', id, Buffer.from(id), 60));
    expect(rowsOnDisk()).toBe('');
    await Promise.all(puts);
    expect(rowsOnDisk()).toBe('a,b,c');
    await store.close();
  });

  it('a read in the same turn sees an entry not yet committed; org isolation holds', async () => {
    const store = openSqliteStore(path);
    const put = store.putEntry('org1', 'x', Buffer.from('secret'), 60);
    expect(await store.getEntry('org1', 'x')).toEqual(Buffer.from('secret'));
    expect(await store.getEntry('org2', 'x')).toBeUndefined();
    await put;
    await store.close();
  });

  it('shred and close write the pending batch first', async () => {
    const store = openSqliteStore(path);
    void store.putEntry('org1', 'gone', Buffer.from('1'), 60);
    void store.putEntry('org2', 'kept', Buffer.from('2'), 60);
    expect(await store.shred('org1')).toBe(1);
    const last = store.putEntry('org2', 'late', Buffer.from('3'), 60);
    await store.close();
    await last;
    expect(rowsOnDisk()).toBe('kept,late');
  });

  it('a failed batch rejects its puts', async () => {
    const store = openSqliteStore(path);
    const other = new Database(path);
    other.exec('DROP TABLE entries');
    other.close();
    await expect(store.putEntry('org1', 'y', Buffer.from('1'), 60)).rejects.toThrow(/entries/);
    await store.close();
  });

  it('sealAndPut encrypts on the writer thread: the file holds an envelope that opens, never the plaintext', async () => {
    const store = openSqliteStore(path);
    const orgKey = randomBytes(32);
    const kid = randomBytes(8);
    const plain = (i: number) => Buffer.from(`{"status":200}\ncanary-answer-${i}-${'x'.repeat(i * 50)}`);
    // Rows of one batch share the org key and kid objects (one message, shared references).
    const ids = ['s1', 's2', 's3'];
    const puts = ids.map((id, i) => {
      const seal: SealWith = [orgKey, kid, associatedData('org1', id)];
      return store.sealAndPut!('org1', id, plain(i), seal, 60);
    });
    // Not readable from the store until sealed and committed (the handler serves its own copy).
    expect(await store.getEntry('org1', 's1')).toBeUndefined();
    await Promise.all(puts);
    for (const [i, id] of ids.entries()) {
      const envelope = (await store.getEntry('org1', id))!;
      expect(envelope.subarray(1, 9)).toEqual(kid);
      expect(decryptEntry(orgKey, associatedData('org1', id), envelope)).toEqual(plain(i));
      expect(() => decryptEntry(orgKey, associatedData('org1', ids[(i + 1) % 3]!), envelope)).toThrow();
    }
    expect(orgKey.equals(Buffer.alloc(32))).toBe(false);
    await store.close();
    for (const file of [path, `${path}-wal`].filter((f) => existsSync(f)))
      expect(readFileSync(file).includes('canary-answer')).toBe(false);
  });
});
