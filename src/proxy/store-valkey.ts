/**
 * proxy/store-valkey: the team store on Valkey or Redis (iovalkey; the only file that
 * imports it). The same envelopes, org secrets, key hashes and metadata as SQLite, under
 * `trust:proxy:*`; a cache TTL is the key's expiry, cross-proxy coalescing is a short
 * `SET NX PX` lock. Values are ciphertext, hashes or metadata only.
 */
import { Valkey } from 'iovalkey';
import { ConfigError, ExternalError } from '../core/errors.js';
import { redactor } from '../core/redact.js';
import type { CacheStore, CallRecord, MasterCheck, ProxyKeyRecord, StoredEntry } from './store.js';

const P = 'trust:proxy:';
const K = {
  kid: `${P}meta:kid`,
  org: (org: string) => `${P}org:${org}`,
  entry: (org: string, id: string) => `${P}e:${org}:${id}`,
  key: (hash: string) => `${P}key:${hash}`,
  keyId: (id: string) => `${P}keyid:${id}`,
  calls: `${P}calls`,
  lock: (id: string) => `${P}lock:${id}`,
};

export async function openValkeyStore(spec: string): Promise<CacheStore> {
  let url: URL;
  try {
    url = new URL(spec.replace(/^valkey(s?):/i, 'redis$1:'));
  } catch {
    throw new ConfigError(`--store: not a valkey:// or redis:// URL`);
  }
  redactor.add(decodeURIComponent(url.password));
  const where = `${url.hostname}:${url.port || 6379}`;
  const client = new Valkey(url.toString(), {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    retryStrategy: (times: number) => (times > 3 ? null : times * 100),
  });
  client.on('error', () => {}); // reported through the failing command, once
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new ExternalError('valkey', `cannot connect to ${where}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return new ValkeyStore(client);
}

async function* scan(client: Valkey, match: string): AsyncIterable<string> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', match, 'COUNT', 500);
    cursor = next;
    yield* keys;
  } while (cursor !== '0');
}

class ValkeyStore implements CacheStore {
  readonly kind = 'valkey' as const;

  constructor(private readonly client: Valkey) {}

  async checkMaster(kid: Buffer): Promise<MasterCheck> {
    const hex = kid.toString('hex');
    const set = await this.client.set(K.kid, hex, 'NX');
    if (set === 'OK') return 'new';
    return (await this.client.get(K.kid)) === hex ? 'ok' : 'mismatch';
  }

  async orgSecret(org: string): Promise<Buffer | undefined> {
    return (await this.client.getBuffer(K.org(org))) ?? undefined;
  }

  async createOrgSecret(org: string, secret: Buffer): Promise<Buffer> {
    await this.client.set(K.org(org), secret, 'NX');
    return (await this.client.getBuffer(K.org(org))) as Buffer;
  }

  async orgSecrets(): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    for await (const key of scan(this.client, `${P}org:*`)) {
      const value = await this.client.getBuffer(key);
      if (value) out.set(key.slice(`${P}org:`.length), value);
    }
    return out;
  }

  async getEntry(org: string, id: string): Promise<Buffer | undefined> {
    return (await this.client.getBuffer(K.entry(org, id))) ?? undefined;
  }

  async putEntry(org: string, id: string, envelope: Buffer, ttlSeconds: number): Promise<void> {
    await this.client.set(K.entry(org, id), envelope, 'EX', Math.max(1, Math.round(ttlSeconds)));
  }

  async *entries(): AsyncIterable<StoredEntry> {
    for await (const key of scan(this.client, `${P}e:*`)) {
      const envelope = await this.client.getBuffer(key);
      const [org, id] = key.slice(`${P}e:`.length).split(':') as [string, string];
      if (envelope) yield { org, id, envelope };
    }
  }

  async rewrapAll(
    secrets: Map<string, Buffer>,
    rewrap: (entry: StoredEntry) => Buffer | undefined,
    newKid: Buffer,
  ): Promise<number> {
    let n = 0;
    // Entries first (each envelope names its key, so a rerun after a crash resumes), then the
    // org secrets and the key id together.
    for await (const entry of this.entries()) {
      const next = rewrap(entry);
      if (!next) continue;
      await this.client.set(K.entry(entry.org, entry.id), next, 'KEEPTTL', 'XX');
      n++;
    }
    const multi = this.client.multi();
    for (const [org, secret] of secrets) multi.set(K.org(org), secret, 'XX');
    multi.set(K.kid, newKid.toString('hex'));
    await multi.exec();
    return n;
  }

  async shred(org: string): Promise<number> {
    await this.client.del(K.org(org));
    let n = 0;
    for await (const key of scan(this.client, `${P}e:${org}:*`)) n += await this.client.unlink(key);
    return n;
  }

  async addKey(r: ProxyKeyRecord): Promise<void> {
    await this.client.multi().set(K.key(r.hash), JSON.stringify(r)).set(K.keyId(r.keyId), r.hash).exec();
  }

  async findKey(hash: string): Promise<ProxyKeyRecord | undefined> {
    const text = await this.client.get(K.key(hash));
    return text ? (JSON.parse(text) as ProxyKeyRecord) : undefined;
  }

  async listKeys(): Promise<ProxyKeyRecord[]> {
    const out: ProxyKeyRecord[] = [];
    for await (const key of scan(this.client, `${P}key:*`)) {
      const text = await this.client.get(key);
      if (text) out.push(JSON.parse(text) as ProxyKeyRecord);
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId));
  }

  async revokeKey(keyId: string, at: string): Promise<ProxyKeyRecord | undefined> {
    const hash = await this.client.get(K.keyId(keyId));
    const record = hash ? await this.findKey(hash) : undefined;
    if (!record || !hash) return undefined;
    if (!record.revokedAt) {
      record.revokedAt = at;
      await this.client.set(K.key(hash), JSON.stringify(record));
    }
    return record;
  }

  async recordCalls(rows: CallRecord[]): Promise<void> {
    await this.client.rpush(K.calls, ...rows.map((r) => JSON.stringify(r)));
  }

  async calls(): Promise<CallRecord[]> {
    return (await this.client.lrange(K.calls, 0, -1)).map((t: string) => JSON.parse(t) as CallRecord);
  }

  async acquireLock(id: string, ttlMs: number): Promise<boolean> {
    return (await this.client.set(K.lock(id), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async releaseLock(id: string): Promise<void> {
    await this.client.del(K.lock(id));
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
