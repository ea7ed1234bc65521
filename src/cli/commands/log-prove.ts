/** `trust log prove <index>`: print a C2SP tlog-proof bundle for one entry (or write --output). */
import { writeFileSync } from 'node:fs';
import { formatProof, ProofError, proveEntry } from '../../audit/index.js';
import { InputError, UsageError } from '../../core/errors.js';
import { assertWritable, writeError } from '../../core/files.js';
import { type CommandHandler, stringOption } from '../context.js';
import { auditCall, inRoot, openLog } from './log-common.js';

const prove: CommandHandler = async (ctx, args) => {
  const raw = args[0] ?? '';
  if (!/^(0|[1-9][0-9]*)$/.test(raw)) throw new UsageError(`<index> must be an entry number, not "${raw}"`);
  const size = ctx.options.size as number | undefined;
  const output = stringOption(ctx, 'output');
  if (output) assertWritable('the proof', inRoot(ctx, output));
  const log = openLog(ctx, false);
  let text: string;
  try {
    const bundle = auditCall(() => {
      try {
        return proveEntry(log, Number(raw), size);
      } catch (error) {
        if (error instanceof ProofError) throw new InputError(error.message);
        throw error;
      }
    });
    text = formatProof(bundle);
  } finally {
    log.close();
  }
  if (output) {
    try {
      writeFileSync(inRoot(ctx, output), text);
    } catch (error) {
      throw writeError('the proof', inRoot(ctx, output), error);
    }
    ctx.out.info(`Wrote the inclusion proof of entry ${raw} to ${output}`);
  } else if (ctx.out.json) {
    ctx.out.data({ index: Number(raw), proof: text });
  } else {
    process.stdout.write(text);
  }
  return 0;
};

export default prove;
