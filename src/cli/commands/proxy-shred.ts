/**
 * `trust proxy shred --org <org>`: destroy the org's key material so none of its entries
 * decrypts any more, delete the entries, and record the shred in the audit log.
 */
import { UsageError } from '../../core/errors.js';
import { validateOrg } from '../../proxy/index.js';
import { type CommandHandler, stringOption } from '../context.js';
import { auditKeyEvent, unlock, withStore } from './proxy-common.js';

const shred: CommandHandler = async (ctx) => {
  const raw = stringOption(ctx, 'org');
  if (!raw) throw new UsageError('--org is required: the org whose cache is destroyed');
  const org = validateOrg(raw);
  const deleted = await withStore(ctx, async (store) => {
    await unlock(ctx, store);
    return store.shred(org);
  });
  auditKeyEvent(ctx, { action: 'shred', purpose: 'cache', org });
  ctx.out.data({ org, entriesDeleted: deleted });
  ctx.out.success(`shredded org ${org}: its key material is destroyed, ${deleted} entries deleted`);
  return 0;
};

export default shred;
