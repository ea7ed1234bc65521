/** `trust proxy keys create --org <org>`: a new proxy key, shown once; only its hash is stored. */
import { createProxyKey, validateOrg } from '../../proxy/index.js';
import { type CommandHandler, stringOption } from '../context.js';
import { auditKeyEvent, withStore } from './proxy-common.js';

const create: CommandHandler = async (ctx) => {
  const org = validateOrg(stringOption(ctx, 'org'));
  const { key, record } = await withStore(ctx, (store) => createProxyKey(store, org));
  auditKeyEvent(ctx, { action: 'generate', purpose: 'api-key', keyId: record.keyId, org });
  // The one place a key is meant to be seen: printed raw, bypassing the redactor.
  if (ctx.out.json) process.stdout.write(`${JSON.stringify({ keyId: record.keyId, org, key })}\n`);
  else {
    ctx.out.info(
      `Proxy key ${record.keyId} for org ${org} (shown once; give it to the client as its API key):`,
    );
    process.stdout.write(`${key}\n`);
  }
  return 0;
};

export default create;
