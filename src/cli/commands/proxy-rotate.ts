/**
 * `trust proxy rotate`: re-wrap every org secret and entry data key from TRUST_MASTER_KEY to
 * TRUST_NEW_MASTER_KEY without decrypting any content. Restart proxies with the new key.
 */
import { parseMasterKey, rotateMasterKey } from '../../proxy/index.js';
import type { CommandHandler } from '../context.js';
import { auditKeyEvent, withStore } from './proxy-common.js';

const rotate: CommandHandler = async (ctx) => {
  const current = parseMasterKey(ctx.env.TRUST_MASTER_KEY);
  const next = parseMasterKey(ctx.env.TRUST_NEW_MASTER_KEY, 'TRUST_NEW_MASTER_KEY');
  const result = await withStore(ctx, (store) => rotateMasterKey(store, current, next));
  auditKeyEvent(ctx, { action: 'rotate', purpose: 'cache', keyId: next.kid.toString('hex') });
  ctx.out.data(result);
  ctx.out.success(
    `re-wrapped ${result.entries} entries of ${result.orgs} orgs under the new master key; set TRUST_MASTER_KEY to it and restart the proxies`,
  );
  return 0;
};

export default rotate;
