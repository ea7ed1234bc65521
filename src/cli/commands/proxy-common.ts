/**
 * Shared by the `trust proxy ...` commands: opening the store named by --store with the
 * master key checked, parsing price overrides, and recording key events in the audit log.
 */
import { UsageError } from '../../core/errors.js';
import { type Price, parsePrice } from '../../core/pricing.js';
import { type CacheStore, checkMasterKey, openStore, parseMasterKey } from '../../proxy/index.js';
import type { MasterKey } from '../../proxy/master-key.js';
import { type Context, listOption, stringOption } from '../context.js';
import { openLog } from './log-common.js';

export function storeSpec(ctx: Context): string {
  return stringOption(ctx, 'proxyStore') ?? '.trust/cache.db';
}

export async function withStore<T>(ctx: Context, work: (store: CacheStore) => Promise<T>): Promise<T> {
  const store = await openStore(storeSpec(ctx), ctx.root);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** TRUST_MASTER_KEY, checked against the store (one line, exit 2, when it does not match). */
export async function unlock(ctx: Context, store: CacheStore): Promise<MasterKey> {
  const master = parseMasterKey(ctx.env.TRUST_MASTER_KEY);
  await checkMasterKey(store, master);
  return master;
}

/** "--price gpt-x=1,2" -> { "gpt-x": { 1, 2 } }. */
export function priceOverrides(ctx: Context): Record<string, Price> | undefined {
  const items = listOption(ctx, 'proxyPrice');
  if (items.length === 0) return undefined;
  const out: Record<string, Price> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    const price = at > 0 ? parsePrice(item.slice(at + 1)) : undefined;
    if (!price)
      throw new UsageError(
        `--price: "${item}" is not model=input,output[,cacheRead,cacheWrite,cacheWrite1h]`,
      );
    out[item.slice(0, at)] = price;
  }
  return out;
}

export function auditKeyEvent(
  ctx: Context,
  entry: {
    action: 'generate' | 'rotate' | 'shred' | 'revoke';
    purpose: 'cache' | 'api-key';
    keyId?: string;
    org?: string;
  },
): void {
  const log = openLog(ctx, true);
  try {
    log.append({ kind: 'key', ...entry });
  } finally {
    log.close();
  }
}
