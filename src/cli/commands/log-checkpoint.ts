/**
 * `trust log checkpoint`: append a `run` entry, sign the new tree head with TRUST_SIGNING_KEY
 * (env only), store the checkpoint in the log, write it to .trust/checkpoint, and on GitHub
 * Actions print it as a notice so the job log carries a copy outside the repository.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { checkpointLog, type Signer } from '../../audit/index.js';
import { ConfigError } from '../../core/errors.js';
import { assertWritable, writeError } from '../../core/files.js';
import { prepareFolderOf } from '../../core/trust-dir.js';
import { trustVersion } from '../../core/version.js';
import type { CommandHandler } from '../context.js';
import { checkpointPath, openLog, signersFromEnv, trustedVerifiers } from './log-common.js';

const checkpoint: CommandHandler = async (ctx) => {
  const signers = signersFromEnv(ctx);
  if (!signers) throw new ConfigError("TRUST_SIGNING_KEY is not set (create one with 'trust log keygen')");
  const signer = signers[0]!;
  const { verifiers, source } = trustedVerifiers(ctx);
  const isTrusted = (k: Signer) => verifiers.some((v) => v.keyId.equals(k.keyId) && v.name === k.name);
  if (verifiers.length > 0 && !signers.some(isTrusted)) {
    ctx.out.warn(
      `TRUST_SIGNING_KEY is not among the trusted keys in ${source}; 'trust log verify' will reject this checkpoint`,
    );
  }
  // Checked before signing: a checkpoint stored in the log but never written is a surprise.
  const file = checkpointPath(ctx);
  assertWritable('the checkpoint', file, { parents: true });
  const log = openLog(ctx, true);
  let head: ReturnType<typeof checkpointLog>;
  try {
    if (signer.name !== log.origin)
      ctx.out.warn(`signing key "${signer.name}" is not named after the log origin "${log.origin}"`);
    head = checkpointLog(log, signers, { command: 'log checkpoint', trustVersion: trustVersion() });
  } finally {
    log.close();
  }
  try {
    prepareFolderOf(file, ctx.root);
    writeFileSync(file, head.note);
  } catch (error) {
    throw writeError('the checkpoint', file, error);
  }
  ctx.out.data({ size: head.size, root: head.root.toString('base64'), checkpoint: head.note, file });
  // The job log keeps a copy outside the repository: a notice on GitHub, plain lines elsewhere.
  if (ctx.out.mode === 'github') ctx.out.notice(head.note, { title: 'trust audit log checkpoint' });
  else ctx.out.info(head.note.trimEnd());
  ctx.out.result(`Signed checkpoint: ${head.size} entries, root ${head.root.toString('base64')}`);
  ctx.out.info(
    `Wrote ${relative(ctx.root, file) || file}; carry it to the next run (commit it or keep it as an artifact).`,
  );
  ctx.out.summary(`### trust audit log checkpoint\n\n\`\`\`\n${head.note}\`\`\``);
  return 0;
};

export default checkpoint;
