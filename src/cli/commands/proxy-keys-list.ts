/** `trust proxy keys list`: key ids, orgs and states (never a key or its hash). */
import { renderTable } from '../../core/output.js';
import type { CommandHandler } from '../context.js';
import { withStore } from './proxy-common.js';

const list: CommandHandler = async (ctx) => {
  const keys = (await withStore(ctx, (store) => store.listKeys())).map(({ hash: _hash, ...k }) => k);
  ctx.out.data(keys);
  if (ctx.out.json) return 0;
  const rows = keys.map((k) => [
    k.keyId,
    k.org,
    k.createdAt,
    k.revokedAt ? `revoked ${k.revokedAt}` : 'active',
  ]);
  ctx.out.result(rows.length ? renderTable(['key id', 'org', 'created', 'state'], rows) : 'no proxy keys');
  return 0;
};

export default list;
