/**
 * `trust log keygen`: a new Ed25519 checkpoint-signing key named after the log origin. The
 * verifier key is appended to .trust/verifier-key (commit it; keep the old line while
 * rotating); the signing key is printed once, to be stored as the TRUST_SIGNING_KEY secret.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSignerKey, parseVerifierKey } from '../../audit/index.js';
import { UsageError } from '../../core/errors.js';
import { prepareFolderOf } from '../../core/trust-dir.js';
import type { CommandHandler } from '../context.js';
import { auditCall, openLog, originOf, VERIFIER_KEY_FILE } from './log-common.js';

const keygen: CommandHandler = async (ctx) => {
  const origin = originOf(ctx);
  const key = auditCall(() => {
    try {
      return generateSignerKey(origin);
    } catch (error) {
      throw new UsageError(`--origin: ${(error as Error).message}`);
    }
  });
  const verifier = parseVerifierKey(key.verifierKey);
  const file = join(ctx.root, VERIFIER_KEY_FILE);
  prepareFolderOf(file, ctx.root);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  appendFileSync(file, `${before && !before.endsWith('\n') ? '\n' : ''}${key.verifierKey}\n`);
  const log = openLog(ctx, true);
  try {
    log.append({
      kind: 'key',
      action: before.trim() ? 'rotate' : 'generate',
      purpose: 'log-signing',
      keyId: verifier.keyId.toString('hex'),
      verifierKey: key.verifierKey,
    });
  } finally {
    log.close();
  }
  ctx.out.data({
    origin,
    verifierKey: key.verifierKey,
    signingKey: key.signerKey,
    verifierKeyFile: VERIFIER_KEY_FILE,
  });
  if (!ctx.out.json) {
    ctx.out.info(`Verifier key (public) added to ${VERIFIER_KEY_FILE}; commit it:`);
    ctx.out.result(key.verifierKey);
    ctx.out.info(
      'Signing key (SECRET): store it as the TRUST_SIGNING_KEY CI secret, then discard this output:',
    );
    ctx.out.result(key.signerKey);
  }
  return 0;
};

export default keygen;
