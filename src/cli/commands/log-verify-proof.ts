/**
 * `trust log verify-proof <file>`: check a tlog-proof bundle offline (no database): the
 * checkpoint is signed by a trusted verifier key and the entry is included under its root.
 */
import { CheckpointError, ProofError, verifyProof } from '../../audit/index.js';
import { InputError } from '../../core/errors.js';
import { type CommandHandler, stringOption } from '../context.js';
import { inRoot, readTextFile, requireVerifiers } from './log-common.js';

const verifyProofCommand: CommandHandler = async (ctx, args) => {
  const file = args[0]!;
  const text = readTextFile(file === '-' ? '/dev/stdin' : inRoot(ctx, file), 'proof');
  const verifiers = requireVerifiers(ctx);
  try {
    const check = verifyProof(text, verifiers, stringOption(ctx, 'origin'));
    const entry = JSON.parse(check.entry.toString('utf8')) as Record<string, unknown>;
    ctx.out.data({ ok: true, ...check, entry });
    ctx.out.success(
      `Proof verified: entry ${check.index} (${String(entry.kind)}) is in ${check.origin} at size ${check.size}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ProofError && /^not a tlog-proof/.test(error.message))
      throw new InputError(`${file}: ${error.message}`);
    if (error instanceof ProofError || error instanceof CheckpointError) {
      ctx.out.data({ ok: false, reason: error.message });
      ctx.out.error(`Proof verification FAILED: ${error.message}`);
      return 1;
    }
    throw error;
  }
};

export default verifyProofCommand;
