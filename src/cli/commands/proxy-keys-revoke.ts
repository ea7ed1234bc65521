/** `trust proxy keys revoke <keyId>`: the key stops working (within two seconds on a running proxy). */
import { InputError } from '../../core/errors.js';
import type { CommandHandler } from '../context.js';
import { auditKeyEvent, withStore } from './proxy-common.js';

const revoke: CommandHandler = async (ctx, args) => {
  const keyId = args[0] ?? '';
  const record = await withStore(ctx, (store) => store.revokeKey(keyId, new Date().toISOString()));
  if (!record) throw new InputError(`no proxy key with id ${keyId} (see trust proxy keys list)`);
  auditKeyEvent(ctx, { action: 'revoke', purpose: 'api-key', keyId, org: record.org });
  ctx.out.data({ keyId, org: record.org, revokedAt: record.revokedAt });
  ctx.out.success(`revoked proxy key ${keyId} (org ${record.org})`);
  return 0;
};

export default revoke;
