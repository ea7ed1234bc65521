/**
 * proxy/peer-lock: coalescing across proxies that share one Valkey store. The first proxy to
 * miss takes a short lock on the cache id (with expiry, so a crashed proxy frees it); the
 * others poll for the entry until it lands or the lock goes, then fetch themselves.
 */
import type { CacheStore } from './store.js';

const LOCK_MS = 30_000;
const POLL_MS = 10;

export async function awaitPeer(
  store: CacheStore,
  org: string,
  id: string,
): Promise<{ envelope?: Buffer; locked: boolean }> {
  const deadline = Date.now() + LOCK_MS;
  while (Date.now() < deadline) {
    if (await store.acquireLock(id, LOCK_MS)) {
      // A peer may have stored it and let go between our miss and the lock.
      const envelope = await store.getEntry(org, id);
      if (!envelope) return { locked: true };
      await store.releaseLock(id);
      return { envelope, locked: false };
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
    const envelope = await store.getEntry(org, id);
    if (envelope) return { envelope, locked: false };
  }
  return { locked: false };
}
